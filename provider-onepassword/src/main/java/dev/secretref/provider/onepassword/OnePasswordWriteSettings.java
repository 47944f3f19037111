package dev.secretref.provider.onepassword;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.ProviderDescriptor.Field;
import java.util.List;
import java.util.Optional;

/** {@code writeVault}: the vault (name or id) where secretref keeps the items it writes; no default. */
final class OnePasswordWriteSettings {
    static final Field WRITE_VAULT = Field.optional("writeVault", "Vault for writes",
            "Vault (name or id) where secretref creates and replaces items it writes (title = credential name, concealed "
                    + "fields). Without it this manager is read-only");

    private OnePasswordWriteSettings() { }

    /** The configured vault, checked; empty when writes are not configured. */
    static Optional<String> from(ProviderConfig config) {
        Optional<String> v = config.get(WRITE_VAULT.key()).map(String::strip).filter(s -> !s.isEmpty());
        if (v.isPresent() && !ItemFields.validVault(v.get())) {
            throw config.invalid(List.of("writeVault must be a vault name or id without '/', '?', quotes, "
                    + "braces or control characters"));
        }
        return v;
    }

    /** The vault, or {@code VALIDATION / INVALID_CONFIG} saying to set it. */
    static String require(Optional<String> vault) {
        return vault.orElseThrow(() -> SecretManagerException.builder(ErrorCode.VALIDATION, Reason.INVALID_CONFIG)
                .message("This 1Password manager has no writeVault, so it cannot write: set writeVault to the vault (name or "
                        + "id) where secretref may keep its items").build());
    }
}
