package dev.secretref.examples;

/** How the examples show a resolved secret: never the value, only that it is there and how long it is. */
final class Redacted {
    private Redacted() { }

    static String of(Object value) {
        return value == null ? "(none)" : "██ (" + value.toString().length() + " characters)";
    }
}
