package dev.secretref.provider.vault;

/**
 * How this provider obtains its Vault token: a static {@code token}, AppRole, or Kubernetes. Exactly one
 * is configured. Implementations hold credentials and redact them in {@code toString()}.
 */
sealed interface VaultAuth permits StaticTokenAuth, AppRoleAuth, KubernetesAuth {

    /** Whether {@link #login} can get a new token (a static token cannot be replaced). */
    boolean canLogin();

    /** Gets a token. No caching here: {@link VaultTokenSource} and the shared token holder decide when to call it. */
    VaultToken login(VaultHttp http, long nowNanos);

    /** A short name for messages, e.g. {@code AppRole login at auth/approle/login}. Never a credential. */
    String describe();
}
