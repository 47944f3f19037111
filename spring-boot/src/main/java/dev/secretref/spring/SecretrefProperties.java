package dev.secretref.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code secretref.*}: the managers references may name, the cache, fail-fast, and an optional sync snapshot.
 *
 * <pre>
 * secretref.managers.prod-aws.provider=aws
 * secretref.managers.prod-aws.config.region=eu-west-1
 * secretref.managers.prod-aws.scope.projects=p1,p2
 * secretref.managers.prod-aws.allow-paths=prod/**
 * secretref.managers.prod-aws.cache.ttl=1m
 * spring.datasource.password={{prod-aws|ap_sep_v1|prod/db:password}}
 * </pre>
 */
@ConfigurationProperties("secretref")
public class SecretrefProperties {
    /** Whether references in properties are resolved at all. */
    private boolean enabled = true;

    /**
     * Whether a property whose reference cannot be resolved fails start-up (naming the property and the reason).
     * When false, such a property reads as absent and a warning is logged.
     */
    private boolean failFast = true;

    /** The managers (connections to secret stores) references may name, by manager name. */
    private Map<String, Manager> managers = new LinkedHashMap<>();

    /** The cache policy of every manager that sets none of its own. */
    private Cache cache = new Cache();

    /** An optional snapshot of a space's secrets, exposed as a {@code SecretSync} bean. */
    private Sync sync = new Sync();

    /** An optional {@code CredentialStore} bean (needs {@code secretref-store} on the class path). */
    private Store store = new Store();

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public boolean isFailFast() { return failFast; }
    public void setFailFast(boolean failFast) { this.failFast = failFast; }
    public Map<String, Manager> getManagers() { return managers; }
    public void setManagers(Map<String, Manager> managers) { this.managers = managers; }
    public Cache getCache() { return cache; }
    public void setCache(Cache cache) { this.cache = cache; }
    public Sync getSync() { return sync; }
    public void setSync(Sync sync) { this.sync = sync; }
    public Store getStore() { return store; }
    public void setStore(Store store) { this.store = store; }

    /** One manager: a provider id and its config. */
    public static class Manager {
        /** The provider id: aws, hashicorp, cyberark-conjur, onepassword, azure, gcp, memory, env, ... */
        private String provider;

        /** The provider's config keys (see `secretref providers`); keys match the provider's fields ignoring case and dashes. */
        private Map<String, Object> config = new LinkedHashMap<>();

        /** The projects that may use this manager; empty = platform-wide. */
        private Scope scope = new Scope();

        /** Path globs this manager serves ('*' one segment, '**' any); empty = every path. */
        private List<String> allowPaths = new ArrayList<>();

        /** This manager's cache policy. */
        private Cache cache = new Cache();

        public String getProvider() { return provider; }
        public void setProvider(String provider) { this.provider = provider; }
        public Map<String, Object> getConfig() { return config; }
        public void setConfig(Map<String, Object> config) { this.config = config; }
        public Scope getScope() { return scope; }
        public void setScope(Scope scope) { this.scope = scope; }
        public List<String> getAllowPaths() { return allowPaths; }
        public void setAllowPaths(List<String> allowPaths) { this.allowPaths = allowPaths; }
        public Cache getCache() { return cache; }
        public void setCache(Cache cache) { this.cache = cache; }

        /** Never shows config values: they may be credentials. */
        @Override
        public String toString() {
            return "Manager[provider=" + provider + ", configKeys=" + config.keySet() + "]";
        }
    }

    /** A manager's project scope. */
    public static class Scope {
        /** Project ids; empty = platform-wide. */
        private List<String> projects = new ArrayList<>();

        public List<String> getProjects() { return projects; }
        public void setProjects(List<String> projects) { this.projects = projects; }
    }

    /** A cache policy; unset values keep the provider's defaults. */
    public static class Cache {
        /** How long a value is served from the cache. */
        private Duration ttl;

        /** How many values one manager keeps. */
        private Long maximumSize;

        public Duration getTtl() { return ttl; }
        public void setTtl(Duration ttl) { this.ttl = ttl; }
        public Long getMaximumSize() { return maximumSize; }
        public void setMaximumSize(Long maximumSize) { this.maximumSize = maximumSize; }

        boolean isSet() { return ttl != null || maximumSize != null; }
    }

    /** A sync snapshot of a space's secrets. */
    public static class Sync {
        /** Sources as MANAGER:PREFIX; none = no SecretSync bean. */
        private List<String> sources = new ArrayList<>();

        /** OFF, EVERY_MINUTE, EVERY_30_MINUTES, EVERY_60_MINUTES, EVERY_12_HOURS or EVERY_24_HOURS. */
        private String interval = "OFF";

        /** Whether SecretSync.saved() syncs. */
        private boolean syncOnSave;

        public List<String> getSources() { return sources; }
        public void setSources(List<String> sources) { this.sources = sources; }
        public String getInterval() { return interval; }
        public void setInterval(String interval) { this.interval = interval; }
        public boolean isSyncOnSave() { return syncOnSave; }
        public void setSyncOnSave(boolean syncOnSave) { this.syncOnSave = syncOnSave; }
    }

    /**
     * The credential store's database, keys and routing. Database: {@code jdbc-url} (H2) when set, else the
     * context's one {@code DataSource}, else the embedded H2 file {@code embedded-path}.
     */
    public static class Store {
        /** Whether a CredentialStore bean is defined. */
        private boolean enabled;

        /** An H2 JDBC URL the store opens its own connection pool to; for another database define a DataSource bean. */
        private String jdbcUrl;

        /** The user of {@code jdbc-url}. */
        private String username = "sa";

        /** The password of {@code jdbc-url}; may itself be a secret reference. */
        private String password = "";

        /** The embedded H2 database file without extension, used when there is neither jdbc-url nor a DataSource (default ./secretref-data). */
        private Path embeddedPath;

        /** A key file (id:base64 entries, primary first) that encrypts local-store values; required with jdbc-url or a DataSource unless keys-env is set. */
        private Path keysFile;

        /** An environment variable holding the keys (id:base64,...), instead of keys-file. */
        private String keysEnv;

        /** Prefix of the store's tables (default secretref_). */
        private String tablePrefix;

        /** The manager of credentials whose environment has none of its own; unset = the encrypted local store. */
        private String defaultManager;

        /** The manager of each environment, by environment name. */
        private Map<String, String> environments = new LinkedHashMap<>();

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public String getJdbcUrl() { return jdbcUrl; }
        public void setJdbcUrl(String jdbcUrl) { this.jdbcUrl = jdbcUrl; }
        public String getUsername() { return username; }
        public void setUsername(String username) { this.username = username; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public Path getEmbeddedPath() { return embeddedPath; }
        public void setEmbeddedPath(Path embeddedPath) { this.embeddedPath = embeddedPath; }
        public Path getKeysFile() { return keysFile; }
        public void setKeysFile(Path keysFile) { this.keysFile = keysFile; }
        public String getKeysEnv() { return keysEnv; }
        public void setKeysEnv(String keysEnv) { this.keysEnv = keysEnv; }
        public String getTablePrefix() { return tablePrefix; }
        public void setTablePrefix(String tablePrefix) { this.tablePrefix = tablePrefix; }
        public String getDefaultManager() { return defaultManager; }
        public void setDefaultManager(String defaultManager) { this.defaultManager = defaultManager; }
        public Map<String, String> getEnvironments() { return environments; }
        public void setEnvironments(Map<String, String> environments) { this.environments = environments; }

        /** Never shows the password. */
        @Override
        public String toString() {
            return "Store[enabled=" + enabled + ", jdbcUrlSet=" + (jdbcUrl != null) + ", defaultManager=" + defaultManager
                    + ", environments=" + environments + "]";
        }
    }
}
