package dev.secretref;

/**
 * Remembers the scan of recently seen short strings, so resolving the same reference again costs one
 * array read and an {@code equals}, not a scan and five allocations. Direct-mapped and bounded: a slot
 * holds the last string that hashed to it. Lock-free; a racing reader may miss and scan again, which
 * is harmless because a {@link Template} is immutable (final fields publish it safely).
 */
final class TemplateCache {
    private static final int SLOTS = 4096;          // a power of two; 1,000 distinct references mostly fit
    private static final int MAX_LENGTH = 512;      // longer strings are scanned every time

    private final Slot[] slots = new Slot[SLOTS];

    /** The template of {@code s}, or {@code null} when it holds no reference. */
    Template scan(String s) {
        if (s.length() > MAX_LENGTH) return Template.scan(s);
        int h = s.hashCode();
        int i = (h ^ (h >>> 16)) & (SLOTS - 1);
        Slot slot = slots[i];
        if (slot != null && (slot.key == s || slot.key.equals(s))) return slot.template;
        Template t = Template.scan(s);
        if (t != null) slots[i] = new Slot(s, t);
        return t;
    }

    private static final class Slot {
        final String key;
        final Template template;

        Slot(String key, Template template) {
            this.key = key;
            this.template = template;
        }
    }
}
