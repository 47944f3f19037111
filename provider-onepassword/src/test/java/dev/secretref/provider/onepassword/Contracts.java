package dev.secretref.provider.onepassword;

import java.util.List;

/** Paths both modes must reject. */
final class Contracts {
    static final List<String> MALFORMED = List.of("", "op://", "op://vault", "op://vault/item", "vault/item/field",
            "op://vault//field", "op://a/b/c/d/e", "op://vault/item/field?x=y", "op://vault/item/field?attribute=totp",
            "op://vault/\"unterminated/field", "op://vault/item/fi\nld");

    private Contracts() { }
}
