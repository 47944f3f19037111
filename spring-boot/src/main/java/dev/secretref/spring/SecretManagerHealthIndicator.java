package dev.secretref.spring;

import dev.secretref.ConnectionStatus;
import dev.secretref.SecretResolver;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * One manager's health: {@link SecretResolver#testConnection} (a success is cached by the resolver for the
 * policy's status TTL). {@code DOWN} carries the error code and reason and the message, which never holds a
 * credential.
 */
final class SecretManagerHealthIndicator implements HealthIndicator {
    private final SecretResolver resolver;
    private final String manager;

    SecretManagerHealthIndicator(SecretResolver resolver, String manager) {
        this.resolver = resolver;
        this.manager = manager;
    }

    @Override
    public Health health() {
        ConnectionStatus st = resolver.testConnection(manager);
        if (st.connected()) return Health.up().withDetail("manager", manager).build();
        Health.Builder down = Health.down().withDetail("manager", manager);
        st.error().ifPresent(e -> down.withDetail("code", e.code().name()).withDetail("reason", e.reason().name()));
        return down.withDetail("message", st.message()).build();
    }
}
