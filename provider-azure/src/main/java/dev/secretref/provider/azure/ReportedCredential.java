package dev.secretref.provider.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import dev.secretref.spi.ProviderContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * A credential that declares every access token it hands out to the resolver ({@link ProviderContext#credentialObtained}),
 * so the resolver masks it in any message while it lives; {@link #discardAll()} withdraws them when the credential is
 * replaced. The tokens themselves are never logged here.
 */
final class ReportedCredential implements TokenCredential {
    private final TokenCredential delegate;
    private final ProviderContext context;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    ReportedCredential(TokenCredential delegate, ProviderContext context) {
        this.delegate = delegate;
        this.context = context;
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return delegate.getToken(request).doOnNext(this::report);
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        AccessToken token = delegate.getTokenSync(request);
        report(token);
        return token;
    }

    private void report(AccessToken token) {
        if (token != null && token.getToken() != null && reported.add(token.getToken())) {
            context.credentialObtained(token.getToken());
        }
    }

    /** The credential is no longer used: its tokens may leave the resolver's mask list. */
    void discardAll() {
        for (String t : reported) context.credentialDiscarded(t);
        reported.clear();
    }

    @Override
    public String toString() { return "ReportedCredential[" + delegate.getClass().getSimpleName() + "]"; }
}
