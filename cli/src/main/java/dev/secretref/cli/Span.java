package dev.secretref.cli;

import dev.secretref.SecretReference;
import java.util.Optional;

/** Where one well-formed reference stands in a slot's decoded value: {@code value.substring(start, end)}. */
record Span(int start, int end, SecretReference reference) {

    /** The span of a well-formed located reference. */
    static Span of(SecretReference.Located located) {
        return new Span(located.start(), located.end(), reference(located.reference()));
    }

    /** What is wrong with a malformed located reference, e.g. "it has an empty path". */
    static String problem(SecretReference.Located located) {
        return text(located.problem());
    }

    // Located's accessors return the value, or (core's next step, issue 12: no null as a signal) an Optional of it;
    // overload resolution picks the right one of each pair at compile time, so this class compiles against both.

    private static SecretReference reference(SecretReference reference) {
        return reference;
    }

    @SuppressWarnings("unused")
    private static SecretReference reference(Optional<SecretReference> reference) {
        return reference.orElseThrow();
    }

    private static String text(String problem) {
        return problem;
    }

    @SuppressWarnings("unused")
    private static String text(Optional<String> problem) {
        return problem.orElseThrow();
    }
}
