package dev.secretref;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The threads working on one resolve call (the caller's and any fan-out worker's), so that cancelling the
 * call or closing the resolver reaches the remote calls in progress: {@link #abort()} interrupts every
 * thread still inside the call, which makes blocking I/O ({@code HttpClient.send}, sleeps) give up. A thread
 * clears the interrupt it was given when it leaves, so a pooled or caller's thread is not left interrupted.
 */
final class InFlightCall {
    private final Map<Thread, Integer> threads = new HashMap<>();   // thread -> nesting depth; guarded by this
    private final Set<Thread> interrupted = new HashSet<>();  // guarded by this
    private boolean aborted;                                  // guarded by this

    /** Registers the current thread; false when the call was already aborted (do no work then). */
    synchronized boolean enter() {
        if (aborted) return false;
        threads.merge(Thread.currentThread(), 1, Integer::sum);
        return true;
    }

    /** Unregisters the current thread, clearing an interrupt that {@link #abort()} gave it. */
    void leave() {
        Thread me = Thread.currentThread();
        boolean clear;
        synchronized (this) {
            Integer depth = threads.get(me);
            if (depth != null && depth > 1) {
                threads.put(me, depth - 1);
                return;
            }
            threads.remove(me);
            clear = interrupted.remove(me);
        }
        if (clear) Thread.interrupted();
    }

    /** Interrupts every thread inside the call; later {@link #enter()}s fail. */
    void abort() {
        synchronized (this) {
            if (aborted) return;
            aborted = true;
            for (Thread t : threads.keySet()) {
                interrupted.add(t);
                t.interrupt();
            }
        }
    }

    synchronized boolean isAborted() { return aborted; }
}
