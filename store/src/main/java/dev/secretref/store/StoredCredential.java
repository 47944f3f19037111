package dev.secretref.store;

import java.util.Map;

/** What {@link CredentialStore#put} stored: where, and the references that read each field back. Never a value. */
public final class StoredCredential {
    private final CredentialInfo info;
    private final Map<String, String> references;

    StoredCredential(CredentialInfo info, Map<String, String> references) {
        this.info = info;
        this.references = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(references));
    }

    public String id() { return info.id(); }
    /** The manager the values were written to. */
    public String manager() { return info.manager(); }
    /** Field to reference string, e.g. {@code access_token -> {{vault|ap_sep_v1|secret/secretref/conn-1:access_token}}}. */
    public Map<String, String> references() { return references; }
    public CredentialInfo info() { return info; }

    @Override
    public String toString() {
        return "StoredCredential[" + info.id() + ", manager=" + info.manager() + ", fields=" + references.keySet() + "]";
    }
}
