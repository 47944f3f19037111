package dev.secretref.provider.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The path grammar and where each form is read on KV v1, KV v2 and undetected mounts. */
final class VaultPathTest {

    @ParameterizedTest
    @CsvSource({
            "secret/data/app/db/password, secret/data/app/db, password, ",
            "secret/app/password,         secret/app,         password, ",
            "kv/a/b/c/d,                  kv/a/b/c,           d,        ",
            "secret/data/app/k?version=3, secret/data/app,    k,        3",
            "' secret/data/app/k ',       secret/data/app,    k,        ",
    })
    void parsesTheSecretPathTheKeyAndTheVersion(String path, String secretPath, String key, Integer version) {
        KvPath p = KvPath.parse(path);
        assertThat(p.secretPath()).isEqualTo(secretPath);
        assertThat(p.key()).isEqualTo(key);
        assertThat(p.version()).isEqualTo(version);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "secret", "secret/key", "secret//key", "/secret/app/key", "secret/app/key/",
            "secret/data/app/k?version=", "secret/data/app/k?version=0", "secret/data/app/k?version=x", "secret/data/app/k?foo=1",
            "secret/data/app/k?version=9999999999", "secret/data/app/k?version=2147483648"})
    void rejectsMalformedPaths(String path) {
        SecretManagerException e = FakeVault.failure(() -> KvPath.parse(path));
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_REFERENCE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"secret", "secret/key"})
    void fewerThanThreeSegmentsGetsTheDocumentedMessage(String path) {
        assertThat(FakeVault.failure(() -> KvPath.parse(path)).getMessage()).startsWith("Wrong path format. Should be mount/data/path/key");
    }

    @ParameterizedTest
    @CsvSource({
            // path,                    mount,    version, api path,                       v2,    fallback
            "secret/data/app/k,         secret,   2,       secret/data/app,                true,  ",
            "secret/app/k,              secret,   2,       secret/data/app,                true,  ",
            "secret/data/app/k?version=2, secret, 2,       secret/data/app?version=2,      true,  ",
            "kv/app/k,                  kv,       1,       kv/app,                         false, ",
            "kv/data/app/k,             kv,       1,       kv/data/app,                    false, ",
            "secret/data/app/k,         secret,   0,       secret/data/app,                true,  ",
            "secret/app/k,              secret,   0,       secret/app,                     false, secret/data/app",
            "team/a/app/k,              team/a,   2,       team/a/data/app,                true,  ",
            "secret/my app/k,           secret,   2,       secret/data/my%20app,           true,  ",
    })
    void locatesTheReadPath(String path, String mount, int version, String api, boolean v2, String fallback) {
        KvLocation loc = KvLocation.of(KvPath.parse(path), new KvMount(mount, version));
        assertThat(loc.apiPath()).isEqualTo(api);
        assertThat(loc.v2()).isEqualTo(v2);
        if (fallback == null) {
            assertThat(loc.fallback()).isNull();
        } else {
            assertThat(loc.fallback().apiPath()).isEqualTo(fallback);
        }
    }
}
