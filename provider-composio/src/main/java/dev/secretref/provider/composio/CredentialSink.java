package dev.secretref.provider.composio;

import dev.secretref.spi.ProviderContext;
import java.util.HashMap;
import java.util.Map;

/**
 * Declares the credentials the provider hands out to the resolver's mask list ({@link ProviderContext#credentialObtained}),
 * once per new value of each account field, and withdraws a value once no account field holds it any more.
 */
interface CredentialSink {
    /** A sink that declares nothing: the provider was built without a context. */
    CredentialSink NONE = new CredentialSink() {
        @Override public void returned(String key, String value) { }
        @Override public void close() { }
    };

    /** {@code value} was returned for {@code key} (account id and field). */
    void returned(String key, String value);

    /** Withdraws every declared value. */
    void close();

    static CredentialSink of(ProviderContext context) {
        return new Tracking(context);
    }

    /** Tracks the current value per account field. Thread-safe. */
    final class Tracking implements CredentialSink {
        private final ProviderContext context;
        private final Map<String, String> current = new HashMap<>();

        Tracking(ProviderContext context) {
            this.context = context;
        }

        @Override
        public synchronized void returned(String key, String value) {
            String previous = current.put(key, value);
            if (value.equals(previous)) return;
            context.credentialObtained(value);
            if (previous != null && !current.containsValue(previous)) context.credentialDiscarded(previous);
        }

        @Override
        public synchronized void close() {
            current.values().stream().distinct().forEach(context::credentialDiscarded);
            current.clear();
        }

        @Override
        public String toString() { return "CredentialSink[" + current.size() + " declared]"; }
    }
}
