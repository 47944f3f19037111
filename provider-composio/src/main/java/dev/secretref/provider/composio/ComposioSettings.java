package dev.secretref.provider.composio;

import dev.secretref.spi.ProviderConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The validated Composio settings. Not a record: {@link #toString()} hides the API key. */
final class ComposioSettings {
    static final String DEFAULT_BASE_URL = "https://backend.composio.dev";
    static final String DEFAULT_VERSION = "v3.1";
    private static final List<String> VERSIONS = List.of("v3.1", "v3");

    private final String apiKey;
    private final String baseUrl;
    private final String apiVersion;

    private ComposioSettings(String apiKey, String baseUrl, String apiVersion) {
        this.apiKey = apiKey;
        this.baseUrl = baseUrl;
        this.apiVersion = apiVersion;
    }

    /** Reads and checks the config; throws one {@code VALIDATION / INVALID_CONFIG} naming every problem. */
    static ComposioSettings from(ProviderConfig config) {
        String apiKey = config.require(ComposioProviderFactory.API_KEY).strip();
        String baseUrl = config.get(ComposioProviderFactory.BASE_URL).map(String::strip).orElse(DEFAULT_BASE_URL);
        String version = config.get(ComposioProviderFactory.API_VERSION).map(String::strip).orElse(DEFAULT_VERSION);
        List<String> problems = new ArrayList<>();
        if (apiKey.startsWith("uak_")) {
            problems.add("apiKey is a Composio user API key (uak_…), which acts as a person with access to every project; "
                    + "use a scoped project API key with read-only access to connected accounts instead "
                    + "(Settings → Project Settings → API Keys)");
        } else if (apiKey.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            problems.add("apiKey must not contain whitespace (paste the project API key as Composio shows it)");
        }
        URI uri = URI.create(baseUrl);
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            problems.add("baseUrl must not carry a query or fragment (give the API host, e.g. " + DEFAULT_BASE_URL + ")");
        }
        if (!VERSIONS.contains(version)) {
            problems.add("apiVersion must be v3.1 or v3");
        }
        if (!problems.isEmpty()) throw config.invalid(problems);
        while (baseUrl.endsWith("/")) baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        return new ComposioSettings(apiKey, baseUrl, version);
    }

    String apiKey() { return apiKey; }
    String baseUrl() { return baseUrl; }
    String apiVersion() { return apiVersion; }

    @Override
    public String toString() {
        return "baseUrl=" + baseUrl + ", apiVersion=" + apiVersion + ", apiKey=██";
    }
}
