package dev.secretref.cli;

import com.fasterxml.jackson.core.JsonLocation;

/** Parser positions for messages: line and column only, never the text around them (it may hold a value). */
final class Locations {
    private Locations() { }

    static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) return "";
        return " at line " + location.getLineNr() + (location.getColumnNr() > 0 ? ", column " + location.getColumnNr() : "");
    }
}
