package dev.secretref.provider.composio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.SecretManagerException;
import dev.secretref.Ticker;
import dev.secretref.spi.ProviderContext;
import dev.secretref.testkit.FakeTicker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** No API key or returned token in any message or log line; returned tokens are declared to the resolver's mask list. */
final class ComposioSecretLeakTest {
    private static final String TOKEN = "ya29.leakCanaryToken-81c2";
    private final FakeComposio fake = FakeComposio.start(Fixtures.API_KEY);

    @AfterEach
    void stop() {
        fake.close();
        fake.server().assertNoUnexpected();
    }

    @Test
    void noKeyOrTokenInMessagesOrLogs() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<String> messages = new ArrayList<>();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (ComposioSecretProvider p = Fixtures.provider(fake)) {
            fake.oauth2("ca_gmail1", "gmail", TOKEN);
            assertThat(p.fetch("ca_gmail1")).isEqualTo(TOKEN);
            fake.put("ca_basic", "jira", "BASIC", Map.of("username", "u", "password", TOKEN));
            fake.oauth2("ca_masked", "gmail", "ya29...");
            fake.oauth2("ca_expired", "gmail", TOKEN);
            fake.status("ca_expired", "EXPIRED", null);
            for (String path : List.of("ca_basic", "ca_masked", "ca_expired", "ca_gmail1:id_token", "ca_missing", "bad path")) {
                collect(messages, () -> p.fetch(path));
            }
            fake.throttleNext(2, "0");
            collect(messages, () -> p.fetch("ca_gmail1"));
            fake.failNext(500, 2);
            collect(messages, p::checkConnection);
            p.list("").forEach(info -> messages.add(info.toString() + " " + info.description()));
            messages.add(p.toString());
        } finally {
            System.setErr(original);
        }
        Map<String, Object> wrong = Fixtures.config(fake.url());
        wrong.put("apiKey", "ak_wrong0000000000000");
        try (ComposioSecretProvider p = Fixtures.provider(wrong, new FakeTicker(), CredentialSink.NONE)) {
            collect(messages, () -> p.fetch("ca_gmail1"));
            collect(messages, p::checkConnection);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs).as("the capture works").contains("Composio answered 429");
        assertThat(messages).hasSizeGreaterThan(9);
        for (String text : List.of(logs, String.join("\n", messages))) {
            assertThat(text).doesNotContain(Fixtures.API_KEY).doesNotContain("ak_wrong0000000000000")
                    .doesNotContain(TOKEN).doesNotContain("refresh-ca_gmail1").doesNotContain("ya29...");
        }
    }

    private static void collect(List<String> messages, Runnable call) {
        try {
            call.run();
        } catch (SecretManagerException e) {
            for (Throwable t = e; t != null; t = t.getCause()) messages.add(t.toString());
        }
    }

    @Test
    void returnedTokensAreDeclaredAndSupersededOnesWithdrawn() {
        RecordingContext context = new RecordingContext();
        fake.oauth2("ca_gmail1", "gmail", "ya29.tokenOne");
        fake.put("ca_jira", "jira", "BASIC", Map.of("username", "bot-user", "password", "jira-pass-1"));
        var provider = new ComposioProviderFactory().create(Fixtures.providerConfig(Fixtures.config(fake.url())), context);

        provider.fetch("ca_gmail1");
        provider.fetch("ca_gmail1");
        provider.fetch("ca_jira:username");
        provider.fetch("ca_jira:password");
        assertThat(context.obtained).containsExactly("ya29.tokenOne", "jira-pass-1");

        fake.rotateAccessToken("ca_gmail1", "ya29.tokenTwo");
        provider.fetch("ca_gmail1");
        assertThat(context.obtained).containsExactly("ya29.tokenOne", "jira-pass-1", "ya29.tokenTwo");
        assertThat(context.discarded).containsExactly("ya29.tokenOne");

        provider.close();
        assertThat(context.discarded).containsExactlyInAnyOrder("ya29.tokenOne", "ya29.tokenTwo", "jira-pass-1");
    }

    /** A context that records declared credentials; time and threads are not used by this provider. */
    private static final class RecordingContext implements ProviderContext {
        final List<String> obtained = new ArrayList<>();
        final List<String> discarded = new ArrayList<>();
        private final FakeTicker ticker = new FakeTicker();

        @Override public Ticker ticker() { return ticker; }
        @Override public Executor executor() { return Runnable::run; }
        @Override public ScheduledExecutorService scheduler() { throw new UnsupportedOperationException("not used"); }
        @Override public synchronized void credentialObtained(String credential) { obtained.add(credential); }
        @Override public synchronized void credentialDiscarded(String credential) { discarded.add(credential); }
    }
}
