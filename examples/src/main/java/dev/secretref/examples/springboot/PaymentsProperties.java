package dev.secretref.examples.springboot;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code payments.*}; {@code apiKey} is bound from a reference, resolved before binding. */
@ConfigurationProperties("payments")
public record PaymentsProperties(String endpoint, String apiKey) {
    /** Never shows the key. */
    @Override
    public String toString() {
        return "PaymentsProperties[endpoint=" + endpoint + ", apiKey=<redacted>]";
    }
}
