package dev.secretref.examples.springboot;

import dev.secretref.store.CredentialStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application whose properties hold secret references ({@code secretref-example.properties}):
 * {@code spring.datasource.password} and {@code payments.api-key} read resolved values, {@link PaymentsProperties}
 * binds them, and the starter adds a {@link CredentialStore} ({@code secretref.store.enabled=true}) and the
 * resolver's meters in the {@link MeterRegistry}.
 *
 * <p>Run: {@code mvn -q -pl examples exec:java -Dexec.mainClass=dev.secretref.examples.springboot.SpringBootExampleApplication}
 */
@SpringBootApplication
@EnableConfigurationProperties(PaymentsProperties.class)
public class SpringBootExampleApplication {

    /** A meter registry; with spring-boot-micrometer-metrics (Actuator) Boot defines one itself. */
    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    @Bean
    PaymentsClient paymentsClient(PaymentsProperties payments) {
        return new PaymentsClient(payments);
    }

    /** Starts the application with {@code secretref-example.properties}; the caller closes the context. */
    public static ConfigurableApplicationContext start(String... args) {
        SpringApplication app = new SpringApplication(SpringBootExampleApplication.class);
        app.setDefaultProperties(Map.of("spring.config.name", "secretref-example"));
        return app.run(args);
    }

    public static void main(String[] args) {
        try (ConfigurableApplicationContext ctx = start(args)) {
            PaymentsClient client = ctx.getBean(PaymentsClient.class);
            System.out.println("Payments client for " + client.endpoint() + " has an API key of "
                    + client.apiKeyLength() + " characters");

            CredentialStore store = ctx.getBean(CredentialStore.class);
            String manager = store.put("crm-oauth", "production", Map.of("refresh_token", "rt-example")).manager();
            System.out.println("Credential crm-oauth is kept in manager " + manager + "; fields "
                    + store.get("crm-oauth").keySet());
            store.delete("crm-oauth");

            MeterRegistry meters = ctx.getBean(MeterRegistry.class);
            System.out.println("Values loaded from manager demo: "
                    + meters.get("secretref.loads").tag("manager", "demo").counter().count());
        }
    }
}
