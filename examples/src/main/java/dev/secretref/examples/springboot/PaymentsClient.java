package dev.secretref.examples.springboot;

import java.net.URI;
import java.net.http.HttpRequest;

/** Builds requests to the payments API with the key bound from a secret reference. */
public final class PaymentsClient {
    private final PaymentsProperties payments;

    PaymentsClient(PaymentsProperties payments) {
        this.payments = payments;
    }

    /** A request carrying the key as a bearer token (not sent anywhere in this example). */
    public HttpRequest chargesRequest() {
        return HttpRequest.newBuilder(URI.create(payments.endpoint() + "/charges"))
                .header("Authorization", "Bearer " + payments.apiKey()).GET().build();
    }

    public String endpoint() {
        return payments.endpoint();
    }

    public int apiKeyLength() {
        return payments.apiKey().length();
    }

    @Override
    public String toString() {
        return "PaymentsClient[" + payments.endpoint() + "]";
    }
}
