package dev.secretref.redis;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;

/** Where Redis is and how to log in. Holds the password; never shows it. */
final class RedisEndpoint {
    private final String host;
    private final int port;
    private final boolean tls;
    private final String user;
    private final String password;
    private final int database;

    private RedisEndpoint(String host, int port, boolean tls, String user, String password, int database) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.user = user;
        this.password = password;
        this.database = database;
    }

    /**
     * Parses {@code redis://[user:password@]host[:port][/db]} or {@code rediss://…}. A bad URI is refused naming the
     * rule, never quoting the URI (it may hold a password).
     */
    static RedisEndpoint parse(String text) {
        if (text == null || text.isBlank()) throw invalid("the Redis URI is empty");
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw invalid("the Redis URI is not a valid URI (check that a password with special characters is percent-encoded)");
        }
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw invalid("the Redis URI must start with redis:// or rediss:// (TLS)");
        }
        if (uri.getHost() == null) throw invalid("the Redis URI has no host (redis://host:6379)");
        int port = uri.getPort() < 0 ? 6379 : uri.getPort();
        if (port < 1 || port > 65535) throw invalid("the Redis URI's port must be 1 to 65535");
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            String u = colon < 0 ? info : info.substring(0, colon);
            user = u.isEmpty() ? null : decode(u);
            password = colon < 0 ? null : decode(info.substring(colon + 1));
            if (colon < 0) {   // redis://password@host is the usual AUTH-only form
                password = user;
                user = null;
            }
        }
        int db = 0;
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            try {
                db = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw invalid("the Redis URI's path must be a database number (redis://host:6379/0)");
            }
            if (db < 0) throw invalid("the Redis database number must not be negative");
        }
        return new RedisEndpoint(uri.getHost(), port, "rediss".equals(scheme), user, password, db);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid("the Redis URI's user or password has an invalid percent-encoding");
        }
    }

    private static SecretManagerException invalid(String rule) {
        return SecretManagerException.validation(Reason.INVALID_CONFIG, "Invalid Redis shared-cache configuration: " + rule);
    }

    JedisClientConfig clientConfig(Duration timeout) {
        int ms = (int) Math.max(1, timeout.toMillis());
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(ms).socketTimeoutMillis(ms).database(database).ssl(tls).clientName("secretref").resp2();
        if (user != null) b.user(user);
        if (password != null) b.password(password);
        return b.build();
    }

    /** A pooled client whose every call, and every wait for a connection, is bounded by {@code timeout}. */
    RedisClient pooled(Duration timeout) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(32);
        pool.setMaxIdle(8);
        pool.setMaxWait(timeout);
        pool.setBlockWhenExhausted(true);
        return RedisClient.builder().hostAndPort(host, port).clientConfig(clientConfig(timeout)).poolConfig(pool).build();
    }

    /** One connection for the subscriber (it blocks while subscribed). */
    Jedis single(Duration connectTimeout) {
        return new Jedis(new HostAndPort(host, port), clientConfig(connectTimeout));
    }

    @Override
    public String toString() {
        return (tls ? "rediss://" : "redis://") + (user != null ? user + "@" : "") + host + ":" + port + "/" + database
                + (password != null ? " (password set)" : "");
    }
}
