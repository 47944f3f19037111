package dev.secretref.provider.conjur;

import dev.secretref.spi.ProviderConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The validated Conjur connection settings. Not a record: {@link #toString()} hides the API key. */
final class ConjurSettings {
    private final String url;
    private final String account;
    private final String loginId;
    private final String apiKey;

    private ConjurSettings(String url, String account, String loginId, String apiKey) {
        this.url = url;
        this.account = account;
        this.loginId = loginId;
        this.apiKey = apiKey;
    }

    /** Reads and cross-checks the config; throws one {@code VALIDATION / INVALID_CONFIG} naming every problem. */
    static ConjurSettings from(ProviderConfig config) {
        String url = config.require(ConjurProviderFactory.URL).strip();
        String account = config.require(ConjurProviderFactory.ACCOUNT).strip();
        String loginId = config.require(ConjurProviderFactory.LOGIN_ID).strip();
        String apiKey = config.require(ConjurProviderFactory.API_KEY).strip();
        List<String> problems = new ArrayList<>();
        URI uri = URI.create(url);
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            problems.add("url must not carry a query or fragment (give the Conjur base URL, e.g. https://conjur.example.com)");
        }
        if (uri.getRawUserInfo() != null) {
            problems.add("url must not carry user info; put the credentials in loginId and apiKey");
        }
        if (account.contains(":") || account.contains("/") || account.chars().anyMatch(Character::isWhitespace)) {
            problems.add("organizationAccountName must be a plain Conjur account name without ':', '/' or spaces (Conjur Cloud: conjur)");
        }
        if (loginId.startsWith("/") || loginId.chars().anyMatch(Character::isISOControl)) {
            problems.add("loginId must be a user id or host/<host-id>, without a leading '/'");
        }
        if (apiKey.chars().anyMatch(Character::isWhitespace)) {
            problems.add("apiKey must not contain whitespace (paste the key as Conjur printed it)");
        }
        if (!problems.isEmpty()) throw config.invalid(problems);
        return new ConjurSettings(url, account, loginId, apiKey);
    }

    String url() { return url; }
    String account() { return account; }
    String loginId() { return loginId; }
    String apiKey() { return apiKey; }

    @Override
    public String toString() {
        return "url=" + url + ", account=" + account + ", loginId=" + loginId + ", apiKey=██";
    }
}
