package dev.secretref.cli;

import dev.secretref.ResolutionContext;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretReference;
import dev.secretref.SecretResolver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Resolves the references of a file in place: every other character of the input is kept, so order,
 * whitespace and comments survive; each value that held a reference is written back escaped for the
 * place it lands in. All references are fetched in one resolve call (one batch per manager).
 */
final class Renderer {
    private final String text;
    private final Lines lines;
    private final List<Slot> slots = new ArrayList<>();
    private final List<List<SecretReference.Located>> spans = new ArrayList<>();
    private final Set<SecretReference> references = new LinkedHashSet<>();

    /**
     * Scans {@code text} as {@code format}.
     *
     * @throws CliException exit 2 if the file does not parse; exit 1 with the line of a malformed reference
     */
    Renderer(String text, Format format) {
        this.text = text;
        this.lines = new Lines(text);
        for (Slot slot : format.slots(text, lines)) {
            List<SecretReference.Located> found = SecretReference.locate(slot.value());
            for (SecretReference.Located m : found) {
                if (m.isMalformed()) {
                    throw new CliException(ExitCodes.FAILED, "malformed secret reference at line "
                            + slot.lineOf().applyAsInt(m.start()) + ": " + m.problem().orElseThrow(),
                            "the reference syntax: {{manager|ap_sep_v1|path}} with a manager name, a path and the closing }}");
                }
            }
            if (found.isEmpty()) continue;
            slots.add(slot);
            spans.add(found);
            for (SecretReference.Located s : found) references.add(s.reference().orElseThrow());
        }
    }

    /** Every distinct reference in the file, in order of appearance. */
    Set<SecretReference> references() {
        return references;
    }

    /** The line a reference first appears on. */
    int lineOf(SecretReference reference) {
        for (int i = 0; i < slots.size(); i++) {
            for (SecretReference.Located s : spans.get(i)) {
                if (s.reference().orElseThrow().equals(reference)) return slots.get(i).lineOf().applyAsInt(s.start());
            }
        }
        return 0;
    }

    /** The output: {@code text} with each reference replaced by its secret. */
    String render(SecretResolver resolver, ResolutionContext context) {
        if (references.isEmpty()) return text;
        Map<String, String> asked = new LinkedHashMap<>();
        List<SecretReference> order = new ArrayList<>(references);
        for (int i = 0; i < order.size(); i++) asked.put(Integer.toString(i), order.get(i).toString());
        Map<String, String> answered = resolver.resolve(asked, context);
        Map<SecretReference, String> values = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) values.put(order.get(i), answered.get(Integer.toString(i)));
        return render(values::get);
    }

    private String render(Function<SecretReference, String> secrets) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        int copied = 0;
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(i);
            String value = slot.value();
            StringBuilder v = new StringBuilder(value.length() + 32);
            int from = 0;
            for (SecretReference.Located s : spans.get(i)) {
                v.append(value, from, s.start()).append(secrets.apply(s.reference().orElseThrow()));
                from = s.end();
            }
            v.append(value, from, value.length());
            out.append(text, copied, slot.rawStart()).append(slot.encoder().apply(v.toString()));
            copied = slot.rawEnd();
        }
        return out.append(text, copied, text.length()).toString();
    }

    /** The reference an error is about, if it can be told: same path, and same manager name or provider id. */
    SecretReference referenceOf(SecretManagerException e) {
        for (SecretReference r : references) {
            boolean manager = r.manager().equals(e.manager()) || r.manager().equals(e.provider());
            if (e.path() != null ? r.path().equals(e.path()) && (manager || e.manager() == null) : manager) return r;
        }
        return null;
    }
}
