package dev.secretref.cli;

import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.ProviderDescriptor;
import dev.secretref.spi.ProviderDescriptor.Field;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretProvider;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/** A test provider ({@code dated}) holding {@code count} secrets {@code app/key-NN} with creation and update times. */
public final class DatedProviderFactory implements dev.secretref.spi.SecretProviderFactory {
    static final Instant CREATED = Instant.parse("2026-01-02T03:04:05Z");

    @Override
    public String id() { return "dated"; }

    @Override
    public ProviderDescriptor descriptor() {
        return ProviderDescriptor.of("dated", "A store of numbered secrets with times (tests)",
                List.of(Field.required("count", "Count", "How many secrets it holds")), "app/key-00", "app/key-00");
    }

    @Override
    public SecretProvider create(ProviderConfig config) {
        int count = Integer.parseInt(config.require("count"));
        return new SecretProvider() {
            @Override
            public String fetch(String path) { return "value-of-" + path; }

            @Override
            public void checkConnection() { }

            @Override
            public List<SecretInfo> list(String prefix) {
                return IntStream.range(0, count).mapToObj(i -> SecretInfo.of(String.format("app/key-%02d", i))
                                .withTimes(Optional.of(CREATED), Optional.of(CREATED.plusSeconds(i))))
                        .filter(i -> i.path().startsWith(prefix)).toList();
            }
        };
    }
}
