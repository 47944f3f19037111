package dev.secretref.provider.aws;

import dev.secretref.provider.support.Redactor;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Wraps the assumed-role credentials provider: each new set of temporary credentials STS issues (secret
 * access key and session token) is declared to the {@link Redactor} (and so to the resolver's mask list),
 * and the set it replaces is discarded. The access key id is an identifier, not a secret, and stays visible.
 */
final class DeclaringCredentialsProvider implements AwsCredentialsProvider, SdkAutoCloseable {
    private final AwsCredentialsProvider delegate;
    private final Redactor redactor;
    private AwsCredentials current;

    DeclaringCredentialsProvider(AwsCredentialsProvider delegate, Redactor redactor) {
        this.delegate = delegate;
        this.redactor = redactor;
    }

    @Override
    public AwsCredentials resolveCredentials() {
        AwsCredentials c = delegate.resolveCredentials();
        synchronized (this) {
            if (c != current) {
                declare(c);
                if (current != null) discard(current);
                current = c;
            }
        }
        return c;
    }

    private void declare(AwsCredentials c) {
        redactor.obtained(c.secretAccessKey());
        if (c instanceof AwsSessionCredentials s) redactor.obtained(s.sessionToken());
    }

    private void discard(AwsCredentials c) {
        redactor.discarded(c.secretAccessKey());
        if (c instanceof AwsSessionCredentials s) redactor.discarded(s.sessionToken());
    }

    /** Discards the current credentials. */
    @Override
    public synchronized void close() {
        if (current != null) discard(current);
        current = null;
        if (delegate instanceof SdkAutoCloseable c) c.close();
    }

    @Override
    public String toString() { return "DeclaringCredentialsProvider[" + delegate.getClass().getSimpleName() + "]"; }
}
