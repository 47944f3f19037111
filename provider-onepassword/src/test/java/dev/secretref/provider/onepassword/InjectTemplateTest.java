package dev.secretref.provider.onepassword;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

final class InjectTemplateTest {

    @Test
    void everyReferenceIsEnclosedBetweenUniqueMarkersAndCutBackOut() {
        InjectTemplate t = InjectTemplate.of(List.of("op://v/a/f", "op://v/b/f", "op://v/c/f"));
        String text = t.text();
        assertThat(text).contains("{{ op://v/a/f }}", "{{ op://v/b/f }}", "{{ op://v/c/f }}");
        String output = text.replace("{{ op://v/a/f }}", "").replace("{{ op://v/b/f }}", "line1\nline2 }} {{")
                .replace("{{ op://v/c/f }}", "0");
        assertThat(t.parse(output)).contains(List.of("", "line1\nline2 }} {{", "0"));
    }

    @Test
    void twoTemplatesNeverShareMarkers() {
        String a = InjectTemplate.of(List.of("op://v/a/f")).text();
        String b = InjectTemplate.of(List.of("op://v/a/f")).text();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void anOutputOfTheWrongShapeGivesNothingSoTheCallerReadsOneByOne() {
        InjectTemplate t = InjectTemplate.of(List.of("op://v/a/f", "op://v/b/f"));
        String text = t.text();
        String marker = text.substring(0, text.indexOf("{{"));
        assertThat(t.parse("")).isEmpty();
        assertThat(t.parse(text.replace("{{ op://v/a/f }}", "x" + marker).replace("{{ op://v/b/f }}", "y"))).isEmpty();
    }
}
