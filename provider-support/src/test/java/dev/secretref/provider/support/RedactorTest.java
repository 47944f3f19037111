package dev.secretref.provider.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.Ticker;
import dev.secretref.spi.ProviderContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/** One masking rule (4+ characters), configured and obtained credentials, reported to the context. */
final class RedactorTest {
    static final class RecordingContext implements ProviderContext {
        final List<String> events = new ArrayList<>();

        @Override
        public Ticker ticker() { return Ticker.system(); }

        @Override
        public Executor executor() { return Runnable::run; }

        @Override
        public ScheduledExecutorService scheduler() { throw new UnsupportedOperationException(); }

        @Override
        public void credentialObtained(String credential) { events.add("+" + credential); }

        @Override
        public void credentialDiscarded(String credential) { events.add("-" + credential); }
    }

    @Test
    void stringsOfFourOrMoreCharactersAreMaskedShorterOnesAreNot() {
        Redactor r = Redactor.of(Set.of("abc", "abcd"));
        assertThat(r.scrub("x abcd y abc")).isEqualTo("x ██ y abc");
        assertThat(r.scrub("v=hunter2 and ab", Set.of("hunter2", "ab"))).isEqualTo("v=██ and ab");
    }

    @Test
    void obtainedCredentialsAreMaskedAndReportedAndDiscardsAreReported() {
        RecordingContext ctx = new RecordingContext();
        Redactor r = Redactor.of(Set.of(), ctx);
        r.obtained("hvs.issued-token");
        r.obtained("xyz");
        assertThat(r.scrub("header X-Vault-Token: hvs.issued-token")).isEqualTo("header X-Vault-Token: ██");
        r.discarded("hvs.issued-token");
        assertThat(ctx.events).containsExactly("+hvs.issued-token", "-hvs.issued-token");
        assertThat(r.scrub("old hvs.issued-token")).as("a discarded token leaves the list").isEqualTo("old hvs.issued-token");
    }

    @Test
    void aConfiguredCredentialStaysMaskedEvenWhenDiscarded() {
        Redactor r = Redactor.of(Set.of("hvs.static-token"));
        r.obtained("hvs.static-token");
        r.discarded("hvs.static-token");
        assertThat(r.scrub("t=hvs.static-token")).isEqualTo("t=██");
    }
}
