package dev.secretref.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code FIELD=@FILE} and {@code FIELD=-} arguments of {@code secretref put}: each field's value read from a file
 * or from standard input, never from the command line (other processes and shell history can read it). A
 * {@code FIELD=value} literal is refused without quoting the value. Values are UTF-8 text, taken exactly as read
 * unless one trailing newline is to be stripped.
 */
final class FieldSources {
    static final long MAX_VALUE_BYTES = 1024 * 1024;

    private FieldSources() { }

    /**
     * Reads every field's value.
     *
     * @throws CliException exit 2 for a literal value, a malformed or repeated field, more than one {@code -},
     *     an unreadable or non-UTF-8 file
     */
    static Map<String, String> read(List<String> specs, Supplier<InputStream> stdin, boolean stripNewline) {
        Map<String, String> sources = new LinkedHashMap<>();
        boolean stdinUsed = false;
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            String field = eq < 0 ? spec : spec.substring(0, eq);
            if (eq <= 0) {
                throw CliException.usage("'" + cut(field) + "' is not FIELD=@FILE or FIELD=-",
                        "give each field as name=@path/to/file or name=- (standard input)");
            }
            String source = spec.substring(eq + 1);
            if (!source.equals("-") && !(source.startsWith("@") && source.length() > 1)) {
                throw CliException.usage("field '" + cut(field) + "': values are never taken from the command line "
                        + "(shell history and other processes can read it)",
                        "write the value to a file readable only by you and pass " + cut(field) + "=@FILE, or pipe it in with "
                                + cut(field) + "=-");
            }
            if (sources.containsKey(field)) {
                throw CliException.usage("field '" + cut(field) + "' is given twice", "name each field once");
            }
            if (source.equals("-")) {
                if (stdinUsed) {
                    throw CliException.usage("more than one field reads standard input", "only one field may be =-; use =@FILE for the others");
                }
                stdinUsed = true;
            }
            sources.put(field, source);
        }
        if (sources.isEmpty()) {
            throw CliException.usage("no fields to write", "give at least one FIELD=@FILE or FIELD=-");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            String source = e.getValue();
            byte[] bytes = source.equals("-") ? readStdin(stdin, e.getKey()) : readFile(Path.of(source.substring(1)), e.getKey());
            String text = decode(bytes, e.getKey(), source.equals("-") ? "standard input" : source.substring(1));
            values.put(e.getKey(), stripNewline ? strip(text) : text);
        }
        return values;
    }

    private static byte[] readStdin(Supplier<InputStream> stdin, String field) {
        try (InputStream in = stdin.get()) {
            byte[] bytes = in.readNBytes((int) MAX_VALUE_BYTES + 1);
            if (bytes.length > MAX_VALUE_BYTES) throw tooLarge(field);
            return bytes;
        } catch (IOException e) {
            throw CliException.usage("field '" + cut(field) + "': cannot read standard input (" + e.getClass().getSimpleName() + ")",
                    "pipe the value in, e.g. printf %s \"$TOKEN\" | secretref put ...");
        }
    }

    private static byte[] readFile(Path file, String field) {
        try {
            if (Files.size(file) > MAX_VALUE_BYTES) throw tooLarge(field);
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw CliException.usage("field '" + cut(field) + "': cannot read " + cut(file.toString()) + " ("
                    + e.getClass().getSimpleName() + ")", "the file exists and is readable");
        }
    }

    private static CliException tooLarge(String field) {
        return CliException.usage("field '" + cut(field) + "' is larger than " + MAX_VALUE_BYTES + " bytes",
                "secret stores hold far less (AWS 64 KiB per secret); store a smaller value");
    }

    private static String decode(byte[] bytes, String field, String where) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw CliException.usage("field '" + cut(field) + "': " + cut(where) + " is not UTF-8 text",
                    "secret values are text; base64-encode binary data first");
        }
    }

    /** Text from the command line, cut for messages. */
    static String cut(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    private static String strip(String s) {
        if (s.endsWith("\r\n")) return s.substring(0, s.length() - 2);
        if (s.endsWith("\n")) return s.substring(0, s.length() - 1);
        return s;
    }
}
