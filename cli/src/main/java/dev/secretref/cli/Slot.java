package dev.secretref.cli;

import dev.secretref.SecretReference;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * One value of an input file: where its source text is ({@code [rawStart, rawEnd)}), its decoded value, the line
 * each decoded character comes from, and how its source is rewritten once its references are resolved, so that
 * parsing the output gives exactly the value with each reference replaced by its secret.
 */
record Slot(int rawStart, int rawEnd, String value, IntUnaryOperator lineOf, Rewrite rewrite) {

    /** The new source text of a slot, given where its references stand in {@link #value()} and their secrets. */
    interface Rewrite {
        String apply(List<Span> references, Function<SecretReference, String> secrets);
    }

    /** A slot whose whole source is re-encoded: its value with the references replaced, through {@code encoder}. */
    static Slot encoded(int rawStart, int rawEnd, String value, IntUnaryOperator lineOf, UnaryOperator<String> encoder) {
        return new Slot(rawStart, rawEnd, value, lineOf, (refs, secrets) -> encoder.apply(substitute(value, refs, secrets)));
    }

    /** {@code value} with each located reference replaced by its secret. */
    static String substitute(String value, List<Span> references, Function<SecretReference, String> secrets) {
        StringBuilder v = new StringBuilder(value.length() + 32);
        int from = 0;
        for (Span s : references) {
            v.append(value, from, s.start()).append(secrets.apply(s.reference()));
            from = s.end();
        }
        return v.append(value, from, value.length()).toString();
    }
}
