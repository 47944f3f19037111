package dev.secretref.provider.vault;

/**
 * A token given in the config. It is used as is: it is never renewed and cannot be replaced, so when
 * Vault rejects it the error says to configure a new one.
 */
final class StaticTokenAuth implements VaultAuth {
    private final String token;

    StaticTokenAuth(String token) {
        this.token = token;
    }

    @Override
    public boolean canLogin() { return false; }

    @Override
    public VaultToken login(VaultHttp http, long nowNanos) {
        return new VaultToken(token, nowNanos, 0, false);
    }

    @Override
    public String describe() { return "the configured token"; }

    @Override
    public String toString() { return "StaticTokenAuth[token=██]"; }
}
