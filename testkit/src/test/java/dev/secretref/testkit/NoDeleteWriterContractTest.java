package dev.secretref.testkit;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretProvider;
import java.util.concurrent.atomic.AtomicLong;

/** The writer kit's hooks for a store that cannot delete (as Conjur): its delete must be UNSUPPORTED. */
final class NoDeleteWriterContractTest extends SecretWriterContractTest {
    @Override
    protected SecretProvider writableProvider() {
        return new MapWriterContractTest.MapStore(new AtomicLong()) {
            @Override
            public void delete(String name) {
                throw SecretManagerException.builder(ErrorCode.VALIDATION, Reason.UNSUPPORTED)
                        .message("This store removes secrets only through its own administration").build();
            }
        };
    }

    @Override
    protected boolean supportsDelete() { return false; }
}
