package dev.secretref.provider.onepassword;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

final class ChildEnvironmentTest {

    @Test
    void onlyTheAllowListAndTheTokenReachTheChild() {
        Map<String, String> parent = Map.of(
                "PATH", "/usr/bin", "HOME", "/home/app", "HTTPS_PROXY", "http://proxy:3128",
                "OP_SESSION_my", "session-secret", "OP_CONNECT_HOST", "http://connect", "OP_CONNECT_TOKEN", "connect-secret",
                "OP_ACCOUNT", "my", "OP_SERVICE_ACCOUNT_TOKEN", "ops_someoneElses", "AWS_SECRET_ACCESS_KEY", "aws-secret");
        Map<String, String> env = ChildEnvironment.build(parent, "ops_mine");
        assertThat(env).containsOnlyKeys("PATH", "HOME", "HTTPS_PROXY", "OP_SERVICE_ACCOUNT_TOKEN");
        assertThat(env.get("OP_SERVICE_ACCOUNT_TOKEN")).isEqualTo("ops_mine");
    }
}
