package dev.secretref.provider.gcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secretref.Ticker;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.ProviderContext;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/** Shared test set-up: a service account key pair, its key file, configs and providers against a fake. */
final class Fixtures {
    /** The service account's key pair: the fake knows the public half, the key file holds the private half. */
    static final KeyPair SERVICE_ACCOUNT = rsa();
    /** A key pair the fake does not know (a deleted or foreign key). */
    static final KeyPair OTHER = rsa();
    /** Fast retries: three attempts, a millisecond apart. */
    static final Function<ProviderConfig, GcpHttp> FAST = config -> GcpHttp.create(config, 3, Duration.ofMillis(1));
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() { }

    static FakeSecretManager fake() {
        return FakeSecretManager.start(SERVICE_ACCOUNT.getPublic());
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PKCS#8 PEM text of a private key, as in Google's key files. */
    static String pem(KeyPair keys) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n";
    }

    /** A service account key file like the one the console downloads, with token_uri pointing at {@code tokenUri}. */
    static String keyFile(KeyPair keys, String tokenUri) {
        ObjectNode o = JSON.createObjectNode()
                .put("type", "service_account")
                .put("project_id", FakeSecretManager.PROJECT)
                .put("private_key_id", FakeSecretManager.KEY_ID)
                .put("private_key", pem(keys))
                .put("client_email", FakeSecretManager.CLIENT_EMAIL)
                .put("client_id", "109876543210987654321")
                .put("auth_uri", "https://accounts.google.com/o/oauth2/auth")
                .put("token_uri", tokenUri)
                .put("auth_provider_x509_cert_url", "https://www.googleapis.com/oauth2/v1/certs")
                .put("client_x509_cert_url", "https://www.googleapis.com/robot/v1/metadata/x509/secretref-test")
                .put("universe_domain", "googleapis.com");
        return o.toString();
    }

    /** The private key's base64 body: it must never appear in a message. */
    static String keyMaterial(KeyPair keys) {
        return Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()).substring(40, 100);
    }

    static Map<String, Object> config(FakeSecretManager fake) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("projectId", FakeSecretManager.PROJECT);
        c.put("credentialsJson", keyFile(SERVICE_ACCOUNT, fake.tokenUri()));
        c.put("endpoint", fake.url());
        return c;
    }

    static ProviderConfig providerConfig(Map<String, Object> config) {
        return ProviderConfig.of("test-gcp", new GcpProviderFactory().descriptor(), config);
    }

    static GcpSecretProvider provider(FakeSecretManager fake) {
        return provider(config(fake), new TestContext());
    }

    static GcpSecretProvider provider(Map<String, Object> config, TestContext context) {
        return GcpProviderFactory.create(providerConfig(config), context, FAST, context);
    }

    /** A {@link ProviderContext} that records declared credentials and owns a thread pool. */
    static class TestContext implements ProviderContext, AutoCloseable {
        final ExecutorService pool = Executors.newCachedThreadPool();
        final Set<String> live = ConcurrentHashMap.newKeySet();
        final List<String> obtained = new CopyOnWriteArrayList<>();

        @Override
        public Ticker ticker() { return Ticker.system(); }

        @Override
        public Executor executor() { return pool; }

        @Override
        public ScheduledExecutorService scheduler() { throw new UnsupportedOperationException("not used"); }

        @Override
        public void credentialObtained(String credential) {
            obtained.add(credential);
            live.add(credential);
        }

        @Override
        public void credentialDiscarded(String credential) { live.remove(credential); }

        @Override
        public void close() { pool.shutdownNow(); }
    }
}
