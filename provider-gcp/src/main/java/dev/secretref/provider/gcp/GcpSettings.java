package dev.secretref.provider.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretref.spi.ProviderConfig;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The validated Google Secret Manager settings. Not a record: {@link #toString()} never shows the key.
 * All problems of a config are reported together in one {@code VALIDATION / INVALID_CONFIG} error.
 */
final class GcpSettings {
    static final String DEFAULT_ENDPOINT = "https://secretmanager.googleapis.com";
    static final int DEFAULT_MAX_CONCURRENCY = 8;
    static final int MAX_MAX_CONCURRENCY = 64;
    static final String DEFAULT_WRITE_PREFIX = "secretref-";

    /** Project ids (6-30 chars) or numbers; domain-scoped ids like {@code example.com:my-project} too. */
    static final Pattern PROJECT = Pattern.compile("(?:[a-z][a-z0-9.-]{0,61}[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]|[0-9]{1,20}");
    static final Pattern LOCATION = Pattern.compile("[a-z][a-z0-9-]{1,62}");
    /** Secret ids: letters, digits, '-' and '_', at most 255 characters. */
    static final Pattern SECRET_ID = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    private static final Pattern WRITE_PREFIX = Pattern.compile("[A-Za-z0-9_-]{0,190}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String projectId;
    private final Optional<String> location;
    private final URI endpoint;
    private final Optional<byte[]> serviceAccountKey;
    private final Optional<String> serviceAccountEmail;
    private final int maxConcurrency;
    private final String writePrefix;
    private final List<String> replicationLocations;

    private GcpSettings(String projectId, Optional<String> location, URI endpoint, Optional<byte[]> serviceAccountKey,
            Optional<String> serviceAccountEmail, int maxConcurrency, String writePrefix, List<String> replicationLocations) {
        this.projectId = projectId;
        this.location = location;
        this.endpoint = endpoint;
        this.serviceAccountKey = serviceAccountKey;
        this.serviceAccountEmail = serviceAccountEmail;
        this.maxConcurrency = maxConcurrency;
        this.writePrefix = writePrefix;
        this.replicationLocations = replicationLocations;
    }

    static GcpSettings from(ProviderConfig config) {
        List<String> problems = new ArrayList<>();
        String projectId = config.require(GcpProviderFactory.PROJECT_ID).strip();
        if (!PROJECT.matcher(projectId).matches()) {
            problems.add("projectId must be a Google Cloud project id (6 to 30 lowercase letters, digits or '-', e.g. my-project-123) "
                    + "or a project number");
        }
        Optional<String> location = config.get(GcpProviderFactory.LOCATION).map(String::strip);
        if (location.isPresent() && !LOCATION.matcher(location.get()).matches()) {
            problems.add("location must be a Google Cloud region such as us-central1 or europe-west4");
        }
        URI endpoint = endpoint(config, location, problems);
        Optional<byte[]> key = Optional.empty();
        Optional<String> email = Optional.empty();
        Optional<String> json = config.get(GcpProviderFactory.CREDENTIALS_JSON);
        if (json.isPresent()) {
            email = checkServiceAccountKey(json.get(), problems);
            key = Optional.of(json.get().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
        Optional<Long> mc = config.integer(GcpProviderFactory.MAX_CONCURRENCY);
        if (mc.isPresent()) {
            if (mc.get() < 1 || mc.get() > MAX_MAX_CONCURRENCY) {
                problems.add("maxConcurrency must be between 1 and " + MAX_MAX_CONCURRENCY);
            } else {
                maxConcurrency = mc.get().intValue();
            }
        }
        String prefix = config.get(GcpProviderFactory.WRITE_PREFIX).map(String::strip).orElse(DEFAULT_WRITE_PREFIX);
        if (!WRITE_PREFIX.matcher(prefix).matches()) {
            problems.add("writePrefix may hold only letters, digits, '-' and '_' (a Secret Manager secret id prefix), at most 190 characters");
        }
        List<String> replication = new ArrayList<>();
        config.get(GcpProviderFactory.REPLICATION_LOCATIONS).ifPresent(s -> {
            Set<String> seen = new LinkedHashSet<>();
            for (String part : s.split(",")) {
                String l = part.strip();
                if (l.isEmpty()) continue;
                if (!LOCATION.matcher(l).matches()) {
                    problems.add("replicationLocations must be a comma-separated list of regions such as us-east1,europe-west1");
                    return;
                }
                seen.add(l);
            }
            replication.addAll(seen);
        });
        if (location.isPresent() && !replication.isEmpty()) {
            problems.add("replicationLocations applies to global secrets only; a regional secret (location) lives in its location");
        }
        if (!problems.isEmpty()) throw config.invalid(problems);
        return new GcpSettings(projectId, location, endpoint, key, email, maxConcurrency, prefix, List.copyOf(replication));
    }

    private static URI endpoint(ProviderConfig config, Optional<String> location, List<String> problems) {
        Optional<String> given = config.get(GcpProviderFactory.ENDPOINT).map(String::strip);
        String base = given.orElseGet(() -> location
                .filter(l -> LOCATION.matcher(l).matches())   // a bad location is reported on its own
                .map(l -> "https://secretmanager." + l + ".rep.googleapis.com")
                .orElse(DEFAULT_ENDPOINT));
        while (base.endsWith("/")) base = base.substring(0, base.length() - 1);
        URI uri = URI.create(base);   // the descriptor's URL check already parsed an explicit endpoint
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            problems.add("endpoint must not carry a query or fragment (give the API root, e.g. https://secretmanager.googleapis.com)");
        }
        return uri;
    }

    /** Checks the key's shape without quoting any of it; returns the service account's email. */
    private static Optional<String> checkServiceAccountKey(String json, List<String> problems) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            problems.add("credentialsJson must be the JSON text of a service account key (the file 'gcloud iam service-accounts keys create' writes)");
            return Optional.empty();
        }
        if (!"service_account".equals(node.path("type").asText())) {
            problems.add("credentialsJson must be a service account key (\"type\": \"service_account\"); other credential types "
                    + "(external_account, authorized_user) are accepted only through Application Default Credentials on the host");
            return Optional.empty();
        }
        List<String> missing = new ArrayList<>();
        for (String f : List.of("client_email", "client_id", "private_key", "private_key_id")) {
            if (!node.path(f).isTextual() || node.path(f).asText().isBlank()) missing.add(f);
        }
        if (!missing.isEmpty()) {
            problems.add("credentialsJson lacks " + String.join(", ", missing) + "; download a new key for the service account");
            return Optional.empty();
        }
        JsonNode tokenUri = node.path("token_uri");
        if (!tokenUri.isMissingNode()) {
            String t = tokenUri.asText("");
            if (!(t.startsWith("https://") || t.startsWith("http://"))) {
                problems.add("credentialsJson token_uri must be an http(s) URL (Google's is https://oauth2.googleapis.com/token)");
            }
        }
        return Optional.of(node.path("client_email").asText());
    }

    String projectId() { return projectId; }
    Optional<String> location() { return location; }
    URI endpoint() { return endpoint; }
    /** The service account key file's bytes, or empty for Application Default Credentials. */
    Optional<byte[]> serviceAccountKey() { return serviceAccountKey.map(byte[]::clone); }
    /** The service account's email (not a secret), to name in permission errors. */
    Optional<String> serviceAccountEmail() { return serviceAccountEmail; }
    int maxConcurrency() { return maxConcurrency; }
    String writePrefix() { return writePrefix; }
    List<String> replicationLocations() { return replicationLocations; }

    @Override
    public String toString() {
        return "projectId=" + projectId + location.map(l -> ", location=" + l).orElse("") + ", endpoint=" + endpoint
                + ", credentials=" + (serviceAccountKey.isPresent() ? "service account key ██" : "Application Default Credentials")
                + ", maxConcurrency=" + maxConcurrency;
    }
}
