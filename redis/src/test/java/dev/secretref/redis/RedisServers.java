package dev.secretref.redis;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** The machine's Redis, and throw-away {@code redis-server} processes a test may kill. */
final class RedisServers {
    static final String URI = "redis://127.0.0.1:6379/0";

    private RedisServers() { }

    /** Skips the test when Redis is not reachable, unless {@code -Dsecretref.requireServices} demands it. */
    static void requireRedis() {
        if (reachable(6379)) return;
        if (Boolean.parseBoolean(System.getProperty("secretref.requireServices", "false"))) {
            fail("Redis is not reachable at 127.0.0.1:6379 and -Dsecretref.requireServices is set");
        }
        Assumptions.abort("Redis is not reachable at 127.0.0.1:6379");
    }

    static boolean reachable(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A second redis-server on {@code port}, without persistence; skipped when the binary is missing. */
    static Process start(int port) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("secretref-redis");
        Process p;
        try {
            p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no", "--dir", dir.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            if (Boolean.parseBoolean(System.getProperty("secretref.requireServices", "false"))) throw e;
            Assumptions.abort("redis-server is not installed");
            throw e;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!reachable(port)) {
            if (System.nanoTime() > deadline || !p.isAlive()) fail("redis-server did not start on port " + port);
            Thread.sleep(20);
        }
        return p;
    }

    static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }
}
