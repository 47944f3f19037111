package dev.secretref.provider.onepassword;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.provider.support.ErrorRule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@code op} executable: the token only in the child's environment, the arguments never
 * holding a credential, stdin written and stdout/stderr drained on their own threads (so a child
 * that fills one pipe while we wait on another cannot deadlock), and a hard deadline after which
 * the child and all its descendants are killed. At most {@link #MAX_CONCURRENT} children run at once.
 */
final class OpRunner implements AutoCloseable {
    static final int MAX_CONCURRENT = 4;
    private static final Logger LOG = LoggerFactory.getLogger(OpRunner.class);
    private static final int MAX_OUTPUT = 32 * 1024 * 1024;
    private static final String INSTALL_HINT = "install the 1Password CLI (version 2.18.0 or later, "
            + "https://developer.1password.com/docs/cli/get-started/) and put it on the PATH, or set opPath to its full path";

    private final String opPath;
    private final Duration timeout;
    private final Map<String, String> environment;
    private final Semaphore slots = new Semaphore(MAX_CONCURRENT);
    private final ExecutorService io;

    OpRunner(String opPath, Duration timeout, Map<String, String> environment) {
        this.opPath = opPath;
        this.timeout = timeout;
        this.environment = Map.copyOf(environment);
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "secretref-op-io-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.io = Executors.newCachedThreadPool(tf);
    }

    Duration timeout() { return timeout; }

    /**
     * Runs {@code op args...} with {@code stdin} (may be null) and returns what it printed, whatever its exit code.
     *
     * @throws SecretManagerException {@code TIMEOUT} past the deadline (the child is killed);
     *     {@code SECRET_MANAGER_CONNECTION_FAILED} when op cannot be started
     */
    OpResult run(List<String> args, String stdin) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean acquired;
        try {
            acquired = slots.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(Reason.UNREACHABLE, "interrupted while waiting to run op", e);
        }
        if (!acquired) {
            throw failure(Reason.TIMEOUT, "op " + args.get(0) + " could not start within timeout " + timeout
                    + " (" + MAX_CONCURRENT + " op runs already busy); raise timeout or lower the load", null);
        }
        try {
            return runNow(args, stdin, deadline);
        } finally {
            slots.release();
        }
    }

    private OpResult runNow(List<String> args, String stdin, long deadline) {
        List<String> command = new ArrayList<>(args.size() + 1);
        command.add(opPath);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(environment);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.PROVIDER_ERROR)
                    .message("Could not run the 1Password CLI '" + opPath + "' (" + e.getClass().getSimpleName() + "): " + INSTALL_HINT)
                    .build();
        }
        LOG.debug("started op {} (pid {})", args.get(0), process.pid());
        try {
            return await(process, args, stdin, deadline);
        } catch (RuntimeException e) {
            kill(process);   // never leave a child (holding the token in its environment) behind
            if (e instanceof SecretManagerException sme) throw sme;
            throw failure(Reason.PROVIDER_ERROR, "op " + args.get(0) + " could not be run to completion ("
                    + e.getClass().getSimpleName() + "); the provider may be closing", null);
        }
    }

    private OpResult await(Process process, List<String> args, String stdin, long deadline) {
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()), io);
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()), io);
        CompletableFuture<Void> in = CompletableFuture.runAsync(() -> feed(process.getOutputStream(), stdin), io);
        boolean finished;
        try {
            finished = process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw failure(Reason.UNREACHABLE, "interrupted while op " + args.get(0) + " was running", e);
        }
        if (!finished) {
            kill(process);
            LOG.warn("op {} passed its timeout of {} and was killed", args.get(0), timeout);
            throw failure(Reason.TIMEOUT, "op " + args.get(0) + " did not finish within timeout " + timeout
                    + " and was killed; check the network path to 1Password or raise timeout", null);
        }
        in.cancel(true);
        byte[] stdout = collect(out, args);   // on failure the caller kills any descendant holding the pipes
        byte[] stderr = collect(err, args);
        return new OpResult(process.exitValue(), stdout, new String(stderr, StandardCharsets.UTF_8));
    }

    private static byte[] collect(CompletableFuture<byte[]> f, List<String> args) {
        try {
            // the child has exited; its pipes close unless a descendant still holds them
            return f.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw failure(Reason.PROVIDER_ERROR, "could not read the output of op " + args.get(0), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(Reason.UNREACHABLE, "interrupted while reading op output", e);
        }
    }

    /** Kills the child and every descendant, forcibly. */
    static void kill(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] drain(InputStream in) {
        try (in) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int n;
            while ((n = in.read(chunk)) >= 0) {
                if (buf.size() + n > MAX_OUTPUT) throw new IOException("op printed more than " + MAX_OUTPUT + " bytes");
                buf.write(chunk, 0, n);
            }
            return buf.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void feed(OutputStream os, String stdin) {
        try (os) {
            if (stdin != null) os.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // the child exited or does not read stdin; its exit status tells the rest
        }
    }

    /** The one error-code rule: op not answering in time ({@code TIMEOUT}) is a connection failure. */
    private static SecretManagerException failure(Reason reason, String message, Throwable cause) {
        return ErrorRule.failure(reason).message(message).cause(cause).build();
    }

    @Override
    public void close() {
        io.shutdownNow();
    }

    @Override
    public String toString() {
        return "OpRunner[" + opPath + ", timeout=" + timeout + ", env=" + environment.keySet() + " (token ██)]";
    }
}
