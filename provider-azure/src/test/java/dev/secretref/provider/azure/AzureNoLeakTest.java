package dev.secretref.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.SecretManagerException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * No access token, client secret or secret value in any exception message, {@code toString()} or log line, with the
 * SDK, MSAL and the provider logging at DEBUG (see simplelogger.properties), across reads, batch reads, listing,
 * writes, token renewal and every kind of failure.
 */
final class AzureNoLeakTest {
    private static final String VALUE = "canary-azure-Vq93!value";
    private static final String WRONG_SECRET = "wrong~secret-Zx81.leakcheck";
    private final FakeKeyVault fake = FakeKeyVault.start();
    private final List<Throwable> errors = new ArrayList<>();

    @AfterEach
    void stop() {
        fake.close();
    }

    private void expectFailure(Runnable r) {
        try {
            r.run();
        } catch (SecretManagerException e) {
            errors.add(e);
        }
    }

    @Test
    void noTokenSecretOrValueInMessagesToStringOrLogs() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        List<String> shown = new ArrayList<>();
        try {
            fake.put("app", "{\"token\":\"" + VALUE + "\"}").put("plain", VALUE);
            try (AzureSecretProvider p = Fixtures.provider(fake)) {
                assertThat(p.fetch("app:token")).isEqualTo(VALUE);
                p.fetchAll(Set.of("app:token", "plain", "missing", "app:nokey")).values().forEach(r -> {
                    shown.add(r.toString());
                    if (!r.isValue()) errors.add(r.error());
                });
                p.list("").forEach(i -> shown.add(i.toString()));
                p.writer().orElseThrow().write("leak-check", Map.of("password", VALUE));
                fake.revokeIssuedTokens();
                assertThat(p.fetch("plain")).isEqualTo(VALUE);
                expectFailure(() -> p.fetch("plain:nokey"));
                fake.forbid("ForbiddenByRbac", "Caller is not authorized to perform action on resource.");
                expectFailure(() -> p.fetch("plain"));
                expectFailure(() -> p.writer().orElseThrow().write("leak-check", Map.of("password", VALUE)));
                shown.add(p.toString());
                shown.add(p.writer().orElseThrow().toString());
            }
            Map<String, Object> wrong = Fixtures.config(fake);
            wrong.put("clientSecret", WRONG_SECRET);
            try (AzureSecretProvider p = Fixtures.provider(wrong)) {
                expectFailure(p::checkConnection);
                expectFailure(() -> p.fetch("plain"));
                shown.add(p.toString());
            }
            shown.add(Fixtures.providerConfig(wrong).toString());
        } finally {
            System.err.flush();
            System.setErr(original);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(errors).hasSizeGreaterThanOrEqualTo(5);
        assertThat(fake.issuedTokens()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(logs).as("DEBUG logging was captured").contains("com.azure");

        List<String> forbidden = new ArrayList<>(List.of(VALUE, FakeKeyVault.CLIENT_SECRET, WRONG_SECRET));
        forbidden.addAll(fake.issuedTokens());
        for (String f : forbidden) {
            assertThat(logs).as("logs").doesNotContain(f);
            assertThat(String.join("\n", shown)).as("toString output").doesNotContain(f);
            for (Throwable e : errors) {
                for (Throwable c = e; c != null; c = c.getCause()) {
                    assertThat(c.getMessage() + " " + c).as("message of %s", c.getClass().getSimpleName()).doesNotContain(f);
                }
            }
        }
    }
}
