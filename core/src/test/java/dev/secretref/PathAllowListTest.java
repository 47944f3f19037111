package dev.secretref;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class PathAllowListTest {

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
            "a/**,            a/x,                 true",
            "a/**,            a/x/y,               true",
            "a/**,            a,                   false",
            "a/*,             a/x,                 true",
            "a/*,             a/x/y,               false",
            "prod/*,          prod/api-keys:slack, true",
            "prod/*:token,    prod/db:token,       true",
            "prod/*:token,    prod/db:password,    false",
            "secret/data/app/*, secret/data/app/k?version=3, true",
            "secret/data/app/*, secret/data/other/k?version=3, false",
            "exact,           exact,               true",
            "exact,           exactly,             false",
            "a.b,             aXb,                 false",
            "**,              any/thing/at/all,    true",
    })
    void globsMatchThePathAsWrittenWithoutItsQuery(String glob, String path, boolean allowed) {
        assertThat(PathAllowList.of(List.of(glob)).allows(path)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({"x", "y/z", "anything"})
    void noGlobsAllowEverything(String path) {
        assertThat(PathAllowList.ANY.allows(path)).isTrue();
    }
}
