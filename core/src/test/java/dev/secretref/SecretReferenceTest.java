package dev.secretref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class SecretReferenceTest {

    /** input, the references found (as manager→path pairs, in order), and whether it is one whole reference. */
    static Stream<Arguments> grammar() {
        return Stream.of(
                Arguments.of("hunter2", List.of(), false),
                Arguments.of("{{step_1.output}}", List.of(), false),
                Arguments.of("{{no-separator-here}}", List.of(), false),
                Arguments.of("{{aws|ap_sep_v1|prod/api-keys:slack_token}}", List.of("aws", "prod/api-keys:slack_token"), true),
                Arguments.of("   {{aws|ap_sep_v1|prod/db:password}}  \n", List.of("aws", "prod/db:password"), true),
                Arguments.of("{{  prod-aws  |ap_sep_v1|  prod/db:password  }}", List.of("prod-aws", "prod/db:password"), true),
                Arguments.of("{{m|ap_sep_v1|a|ap_sep_v1|b}}", List.of("m", "a|ap_sep_v1|b"), true),
                Arguments.of("{{op|ap_sep_v1|op://Production/API Keys/token}}", List.of("op", "op://Production/API Keys/token"), true),
                Arguments.of("Bearer {{vault|ap_sep_v1|secret/data/api/token}}", List.of("vault", "secret/data/api/token"), false),
                Arguments.of("postgres://{{a|ap_sep_v1|u}}:{{b|ap_sep_v1|p}}@db/app", List.of("a", "u", "b", "p"), false),
                Arguments.of("a}} b {{m|ap_sep_v1|p}} c}}", List.of("m", "p"), false),
                Arguments.of("{{x}} then {{m|ap_sep_v1|p}}", List.of("m", "p"), false),
                Arguments.of("{{ {{m|ap_sep_v1|p}}", List.of("m", "p"), false),
                Arguments.of("Grüße {{tresor|ap_sep_v1|geheim/schlüssel}} 世界 🔐", List.of("tresor", "geheim/schlüssel"), false),
                Arguments.of("{{m|ap_sep_v1|}x}}", List.of("m", "}x"), true),
                Arguments.of("a|ap_sep_v1|b {{m|ap_sep_v1|p}}", List.of("m", "p"), false),
                Arguments.of("|ap_sep_v1| {{x}}", List.of(), false),
                Arguments.of("", List.of(), false));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("grammar")
    void scansTheGrammar(String input, List<String> expected, boolean whole) {
        List<SecretReference> refs = SecretReference.findAll(input);
        List<String> flat = refs.stream().flatMap(r -> Stream.of(r.manager(), r.path())).toList();
        assertThat(flat).isEqualTo(expected);
        assertThat(SecretReference.containsReference(input)).isEqualTo(!expected.isEmpty());
        if (whole) {
            assertThat(SecretReference.parse(input)).isEqualTo(refs.get(0));
        } else {
            assertThatThrownBy(() -> SecretReference.parse(input)).isInstanceOf(SecretManagerException.class);
        }
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("{{aws|ap_sep_v1|prod/db:password", "line 1, column 1", "not closed"),
                Arguments.of("x {{|ap_sep_v1|prod/db}}", "line 1, column 3", "empty manager"),
                Arguments.of("{{   |ap_sep_v1|prod/db}}", "line 1, column 1", "empty manager"),
                Arguments.of("{{aws|ap_sep_v1|}}", "line 1, column 1", "empty path"),
                Arguments.of("{{aws|ap_sep_v1|   }}", "line 1, column 1", "empty path"),
                Arguments.of("ok\n  url: {{aws|ap_sep_v1|x", "line 2, column 8", "not closed"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformed")
    void malformedReferencesAreValidationErrorsWithTheirPosition(String input, String where, String problem) {
        assertThatThrownBy(() -> SecretReference.findAll(input))
                .isInstanceOfSatisfying(SecretManagerException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_REFERENCE);
                    assertThat(e.getMessage()).contains(where).contains(problem);
                });
        assertThat(SecretReference.containsReference(input)).isTrue();
    }

    @Test
    void canonicalFormRoundTrips() {
        SecretReference r = SecretReference.parse("  {{ prod-aws |ap_sep_v1| prod/db:password }} ");
        assertThat(r).hasToString("{{prod-aws|ap_sep_v1|prod/db:password}}");
        assertThat(SecretReference.parse(r.toString())).isEqualTo(r);
        assertThat(SecretReference.of("m", "p")).isEqualTo(SecretReference.of(" m ", "p ")).hasSameHashCodeAs(SecretReference.of("m", "p"));
    }

    @Test
    void ofRejectsEmptyParts() {
        assertThatThrownBy(() -> SecretReference.of(" ", "p")).isInstanceOf(SecretManagerException.class);
        assertThatThrownBy(() -> SecretReference.of("m", "")).isInstanceOf(SecretManagerException.class);
    }

    @Test
    void containsReferenceLooksIntoStructuresButNotKeys() {
        assertThat(SecretReference.containsReference(Map.of("a", List.of(1, "x {{m|ap_sep_v1|p}}")))).isTrue();
        assertThat(SecretReference.containsReference(Map.of("{{m|ap_sep_v1|p}}", "plain"))).isFalse();
        assertThat(SecretReference.containsReference(new Object[] {"{{step.output}}"})).isFalse();
        assertThat(SecretReference.containsReference(42)).isFalse();
        assertThat(SecretReference.containsReference(null)).isFalse();
    }

    @Test
    void scanningIsLinearOnAMegabyteWithTenThousandReferences() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            sb.append("filler text {{step_").append(i).append(".out}} {{m|ap_sep_v1|p").append(i).append("}} ");
            while (sb.length() < (i + 1) * 100) sb.append('.');
        }
        String text = sb.toString();
        assertThat(text.length()).isGreaterThanOrEqualTo(1_000_000);
        // 10,000 references found; a quadratic scan over 1 MB would be ~10^10 steps and time the suite out.
        assertThat(SecretReference.findAll(text)).hasSize(10_000);
        // many "{{" with one separator at the very end: each "{{" must not rescan to it
        String tricky = "{{x}}".repeat(200_000) + "{{m|ap_sep_v1|p}}";
        assertThat(SecretReference.findAll(tricky)).containsExactly(SecretReference.of("m", "p"));
    }

    @Test
    void locateGivesPositionsAndTheFirstMalformedReferenceWithoutThrowing() {
        String text = "a {{m|ap_sep_v1|p}} b {{x}} {{n|ap_sep_v1| q }} c {{|ap_sep_v1|z}} {{m|ap_sep_v1|late}}";
        List<SecretReference.Located> found = SecretReference.locate(text);
        assertThat(found).hasSize(3);
        assertThat(text.substring(found.get(0).start(), found.get(0).end())).isEqualTo("{{m|ap_sep_v1|p}}");
        assertThat(found.get(1).reference()).contains(SecretReference.of("n", "q"));
        assertThat(found.get(2).isMalformed()).isTrue();
        assertThat(found.get(2).problem()).contains("it has an empty manager name");
        assertThat(found.get(2).reference()).isEmpty();
        assertThat(found.get(2).start()).isEqualTo(text.indexOf("{{|ap"));
        assertThat(SecretReference.locate("hunter2 {{step}}")).isEmpty();
    }
}
