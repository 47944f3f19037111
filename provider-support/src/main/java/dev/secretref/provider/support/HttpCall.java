package dev.secretref.provider.support;

import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One blocking {@code HttpClient.send} on the caller's thread, bounded as a whole and cut off by
 * {@link ProviderHttp#close()}. {@code send} rather than {@code sendAsync}: the JDK's {@code sendAsync} hands every
 * response to {@code CompletableFuture}'s default executor, which on a machine of one or two CPUs starts a new thread
 * per call. The JDK's request timeout stops at the response headers, so this handler also bounds the body: when
 * the deadline passes, the body is cancelled and fails with {@link HttpTimeoutException}. {@link #cutOff()} interrupts
 * the waiting caller, which makes {@code send} cancel the exchange; a stray interrupt that lands after {@code send}
 * returned is cleared in {@link #finish()}.
 */
final class HttpCall implements HttpResponse.BodyHandler<byte[]> {
    /** One daemon thread, only while deadlines are pending, for every client in the JVM. */
    private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

    private final Thread caller = Thread.currentThread();
    private final ScheduledFuture<?> deadline;
    private boolean active = true;          // guarded by this
    private boolean interrupted;            // guarded by this
    private volatile boolean expired;
    private Body body;                      // guarded by this

    HttpCall(Duration limit) {
        this.deadline = DEADLINES.schedule(this::expire, limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static ScheduledThreadPoolExecutor deadlines() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "secretref-http-deadlines");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        s.setKeepAliveTime(10, TimeUnit.SECONDS);
        s.allowCoreThreadTimeOut(true);
        return s;
    }

    /** Whether the deadline passed before the whole body came. */
    boolean expired() { return expired; }

    /** Interrupts the caller if it is still waiting; returns whether it did. */
    synchronized boolean cutOff() {
        if (!active) return false;
        interrupted = true;
        caller.interrupt();
        return true;
    }

    /** Whether {@link #cutOff()} interrupted this call. */
    synchronized boolean wasCutOff() { return interrupted; }

    /** Ends the call on the caller's thread: no deadline, no interrupt of ours left behind. */
    void finish() {
        deadline.cancel(false);
        synchronized (this) {
            active = false;
            if (interrupted) Thread.interrupted();
        }
    }

    private void expire() {
        expired = true;
        Body b;
        synchronized (this) {
            b = body;
        }
        if (b != null) b.abort(new HttpTimeoutException("the response body did not complete in time"));
    }

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
        Body b = new Body(HttpResponse.BodySubscribers.ofByteArray());
        synchronized (this) {
            body = b;
        }
        if (expired) b.abort(new HttpTimeoutException("the response body did not complete in time"));
        return b;
    }

    /** The JDK's byte-array subscriber, which a deadline can abort. */
    private static final class Body implements HttpResponse.BodySubscriber<byte[]> {
        private final HttpResponse.BodySubscriber<byte[]> delegate;
        private Flow.Subscription subscription;   // guarded by this
        private boolean done;                     // guarded by this

        Body(HttpResponse.BodySubscriber<byte[]> delegate) {
            this.delegate = delegate;
        }

        synchronized void abort(Throwable t) {
            if (done) return;
            done = true;
            if (subscription != null) subscription.cancel();
            delegate.onError(t);
        }

        @Override
        public CompletionStage<byte[]> getBody() { return delegate.getBody(); }

        @Override
        public synchronized void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (done) s.cancel();
            else delegate.onSubscribe(s);
        }

        @Override
        public synchronized void onNext(List<ByteBuffer> item) {
            if (!done) delegate.onNext(item);
        }

        @Override
        public synchronized void onError(Throwable t) {
            if (done) return;
            done = true;
            delegate.onError(t);
        }

        @Override
        public synchronized void onComplete() {
            if (done) return;
            done = true;
            delegate.onComplete();
        }
    }
}
