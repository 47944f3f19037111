package dev.secretref.cli;

import java.util.function.IntUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * One value of an input file: where its source text is ({@code [rawStart, rawEnd)}), its decoded
 * value, the line each decoded character comes from, and how a new value is written back in its place
 * so that parsing the output gives exactly that value.
 */
record Slot(int rawStart, int rawEnd, String value, IntUnaryOperator lineOf, UnaryOperator<String> encoder) { }
