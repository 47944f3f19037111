package dev.secretref.sync;

import java.time.Instant;
import java.util.Objects;

/**
 * A secret of a snapshot as a listing may show it: its name, a fixed mask that reveals neither the value nor
 * its length, and when its value last changed in the snapshot.
 */
public record MaskedSecret(String name, String masked, Instant updatedAt) {
    /** The mask shown for every value. */
    public static final String MASK = "••••••";

    public MaskedSecret {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(masked, "masked");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
