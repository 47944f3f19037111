package dev.secretref.store;

import dev.secretref.CachePolicy;
import dev.secretref.keys.KeyRing;
import dev.secretref.spi.FetchResult;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.ProviderDescriptor;
import dev.secretref.spi.ProviderDescriptor.Field;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretProviderFactory;
import dev.secretref.spi.SecretWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Provider id {@code local}: the credential store's built-in encrypted store, path {@code credentialId:field}.
 *
 * <p>A {@link CredentialStore} registers its own {@code local} manager (sharing its data source and keys). To read
 * the same values from a resolver without a store, configure {@code jdbcUrl} (plus {@code jdbcUser},
 * {@code jdbcPassword}, {@code tablePrefix}) and one of {@code keysVariable} or {@code keysFile}.
 */
public final class LocalProviderFactory implements SecretProviderFactory {
    /** Live stores' vaults by handle; a {@link CredentialStore} puts its own here and removes it on close. */
    private static final Map<String, LocalVault> HANDLES = new ConcurrentHashMap<>();

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.of(LocalVault.PROVIDER_ID,
            "secretref encrypted local store",
            List.of(Field.optional("jdbcUrl", "JDBC URL", "The store's database, e.g. jdbc:postgresql://db/app or jdbc:h2:file:./secretref-data"),
                    Field.optional("jdbcUser", "Database user", "The database user (optional)"),
                    Field.optional("jdbcPassword", "Database password", "The database password (optional)").sensitive(),
                    Field.optional("tablePrefix", "Table prefix", "Prefix of the store's tables (default secretref_)"),
                    Field.optional("keysVariable", "Keys environment variable", "An environment variable holding the KeyRing: id:base64,... primary first"),
                    Field.optional("keysFile", "Keys file", "A file holding the KeyRing: id:base64,... primary first"),
                    Field.optional("storeHandle", "Store handle", "Set by CredentialStore for its own local manager; not for users")),
            "credentialId:field", "conn-123:access_token");

    /** For ServiceLoader. */
    public LocalProviderFactory() { }

    @Override
    public String id() { return LocalVault.PROVIDER_ID; }

    @Override
    public ProviderDescriptor descriptor() { return DESCRIPTOR; }

    @Override
    public SecretProvider create(ProviderConfig config) {
        List<String> problems = new ArrayList<>();
        Optional<String> handle = config.get("storeHandle");
        if (handle.isPresent()) {
            for (String k : config.keys()) {
                if (!k.equals("storeHandle")) problems.add(k + " cannot be combined with storeHandle");
            }
            LocalVault vault = HANDLES.get(handle.get());
            if (vault == null) problems.add("storeHandle names no open CredentialStore in this process");
            if (!problems.isEmpty()) throw config.invalid(problems);
            return new Borrowed(vault);
        }
        if (!config.has("jdbcUrl")) problems.add("jdbcUrl is required (the store's database)");
        if (config.has("keysVariable") == config.has("keysFile")) problems.add("set exactly one of keysVariable and keysFile");
        String prefix = config.get("tablePrefix").orElse(CredentialStore.DEFAULT_TABLE_PREFIX);
        try {
            Db.requirePrefix(prefix);
        } catch (RuntimeException e) {
            problems.add("tablePrefix: " + e.getMessage());
        }
        if (!problems.isEmpty()) throw config.invalid(problems);
        KeyRing keys = config.get("keysVariable").map(KeyRing::fromEnv)
                .orElseGet(() -> KeyRing.fromFile(Path.of(config.require("keysFile"))));
        DataSource ds = new DriverManagerDataSource(config.require("jdbcUrl"), config.get("jdbcUser").orElse(null),
                config.get("jdbcPassword").orElse(null));
        return new LocalVault(new Db(ds, prefix), keys, Clock.systemUTC());
    }

    /** The local store holds values next to the application; a short cache keeps rotations and moves visible. */
    @Override
    public CachePolicy defaultCachePolicy() { return CachePolicy.defaults(); }

    static String register(LocalVault vault) {
        String handle = UUID.randomUUID().toString();
        HANDLES.put(handle, vault);
        return handle;
    }

    static void unregister(String handle) {
        HANDLES.remove(handle);
    }

    /** A store's vault lent to a resolver: closing the manager does not close the store. */
    private static final class Borrowed implements SecretProvider {
        private final LocalVault vault;

        Borrowed(LocalVault vault) { this.vault = vault; }

        @Override public String fetch(String path) { return vault.fetch(path); }
        @Override public Map<String, FetchResult> fetchAll(Set<String> paths) { return vault.fetchAll(paths); }
        @Override public void checkConnection() { vault.checkConnection(); }
        @Override public void validatePath(String path) { vault.validatePath(path); }
        @Override public List<SecretInfo> list(String prefix) { return vault.list(prefix); }
        @Override public Optional<SecretWriter> writer() { return vault.writer(); }
        @Override public String toString() { return vault.toString(); }
    }

    /** Connections straight from {@link DriverManager}: for a standalone local manager, which needs no pool. */
    private static final class DriverManagerDataSource implements DataSource {
        private final String url;
        private final String user;
        private final String password;

        DriverManagerDataSource(String url, String user, String password) {
            this.url = url;
            this.user = user;
            this.password = password;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
        }

        @Override
        public Connection getConnection(String u, String p) throws SQLException { return DriverManager.getConnection(url, u, p); }

        @Override public PrintWriter getLogWriter() { return null; }
        @Override public void setLogWriter(PrintWriter out) { }
        @Override public void setLoginTimeout(int seconds) { DriverManager.setLoginTimeout(seconds); }
        @Override public int getLoginTimeout() { return DriverManager.getLoginTimeout(); }
        @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException { throw new SQLFeatureNotSupportedException(); }
        @Override public <T> T unwrap(Class<T> iface) throws SQLException { throw new SQLException("not a wrapper"); }
        @Override public boolean isWrapperFor(Class<?> iface) { return false; }

        @Override
        public String toString() { return "DriverManagerDataSource[" + url.replaceAll("(?i)password=[^;&]*", "password=██") + "]"; }
    }
}
