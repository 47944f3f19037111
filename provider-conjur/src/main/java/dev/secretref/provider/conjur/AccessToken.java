package dev.secretref.provider.conjur;

/**
 * A Conjur access token, already base64-encoded, with the moment (ticker nanos) it was obtained. Conjur
 * tokens live 8 minutes; this one is renewed after {@link ConjurAuthenticator#REFRESH_AFTER}. Not a record:
 * {@link #toString()} never shows the token.
 */
final class AccessToken {
    private final String base64;
    private final long obtainedAtNanos;

    AccessToken(String base64, long obtainedAtNanos) {
        this.base64 = base64;
        this.obtainedAtNanos = obtainedAtNanos;
    }

    /** The value of the {@code Authorization} header: {@code Token token="<base64 token>"}. */
    String authorizationHeader() {
        return "Token token=\"" + base64 + "\"";
    }

    long obtainedAtNanos() { return obtainedAtNanos; }

    /** The token as sent (base64), for the mask list. */
    String base64() { return base64; }

    @Override
    public String toString() { return "AccessToken[██]"; }
}
