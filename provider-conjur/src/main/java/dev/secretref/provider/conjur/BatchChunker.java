package dev.secretref.provider.conjur;

import java.util.ArrayList;
import java.util.List;

/** Splits variables into batch requests whose URLs stay under a length limit. */
final class BatchChunker {
    private BatchChunker() { }

    /** Groups {@code paths}, in order, so that each group's batch URL is at most {@code maxUrlLength} long. */
    static List<List<VariablePath>> chunks(List<VariablePath> paths, ConjurUrls urls, int maxUrlLength) {
        List<List<VariablePath>> out = new ArrayList<>();
        int prefix = urls.batchPrefix().length();
        List<VariablePath> current = new ArrayList<>();
        int length = prefix;
        for (VariablePath p : paths) {
            int add = urls.encodedResourceId(p).length() + (current.isEmpty() ? 0 : 1);
            if (!current.isEmpty() && length + add > maxUrlLength) {
                out.add(current);
                current = new ArrayList<>();
                length = prefix;
                add -= 1;
            }
            current.add(p);
            length += add;
        }
        if (!current.isEmpty()) out.add(current);
        return out;
    }
}
