package dev.secretref.cli;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.ProviderDescriptor;
import dev.secretref.spi.ProviderDescriptor.Field;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretProviderFactory;
import java.util.List;

/** A test provider ({@code broken}) whose store rejects its credentials; registered for the tests only. */
public final class BrokenProviderFactory implements SecretProviderFactory {
    @Override
    public String id() { return "broken"; }

    @Override
    public ProviderDescriptor descriptor() {
        return ProviderDescriptor.of("broken", "A store that rejects every login (tests)",
                List.of(Field.required("token", "Token", "Any token; it is always rejected").sensitive()), "anything", "a/b");
    }

    @Override
    public SecretProvider create(ProviderConfig config) {
        String token = config.require("token");
        return new SecretProvider() {
            @Override
            public String fetch(String path) {
                throw rejected();
            }

            @Override
            public void checkConnection() {
                throw rejected();
            }

            private SecretManagerException rejected() {
                // a careless provider: the token lands in the message; the core must scrub it
                return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.AUTHENTICATION_FAILED)
                        .message("login step failed: the store rejected token " + token).build();
            }
        };
    }
}
