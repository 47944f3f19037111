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
 * Cheap for the common case of one thread: no collection is allocated until a second thread joins or an abort.
 */
final class InFlightCall {
    private Thread first;                   // guarded by this: the first thread to enter (usually the only one)
    private int firstDepth;                 // guarded by this
    private Map<Thread, Integer> others;    // guarded by this: other threads -> nesting depth, created when needed
    private Set<Thread> interrupted;        // guarded by this: threads abort() interrupted, created when needed
    private boolean aborted;                // guarded by this

    /** Registers the current thread; false when the call was already aborted (do no work then). */
    synchronized boolean enter() {
        if (aborted) return false;
        Thread me = Thread.currentThread();
        if (first == null || first == me) {
            first = me;
            firstDepth++;
        } else {
            if (others == null) others = new HashMap<>(4);
            others.merge(me, 1, Integer::sum);
        }
        return true;
    }

    /** Unregisters the current thread, clearing an interrupt that {@link #abort()} gave it. */
    void leave() {
        Thread me = Thread.currentThread();
        boolean clear;
        synchronized (this) {
            if (me == first) {
                if (--firstDepth > 0) return;
                first = null;
            } else if (others != null) {
                Integer depth = others.get(me);
                if (depth != null && depth > 1) {
                    others.put(me, depth - 1);
                    return;
                }
                others.remove(me);
            }
            clear = interrupted != null && interrupted.remove(me);
        }
        if (clear) Thread.interrupted();
    }

    /** Interrupts every thread inside the call; later {@link #enter()}s fail. */
    synchronized void abort() {
        if (aborted) return;
        aborted = true;
        interrupted = new HashSet<>();
        if (first != null) interrupt(first);
        if (others != null) others.keySet().forEach(this::interrupt);
    }

    private void interrupt(Thread t) {
        interrupted.add(t);
        t.interrupt();
    }

    synchronized boolean isAborted() { return aborted; }
}
