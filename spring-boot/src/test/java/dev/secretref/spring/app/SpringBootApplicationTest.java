package dev.secretref.spring.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.SecretResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

/**
 * A whole Spring Boot application started the usual way (SpringApplication, so the environment post-processor
 * runs), its datasource password and payment keys in AWS Secrets Manager (a local wire fake).
 */
@SpringBootTest(classes = DemoApplication.class, properties = {
        "secretref.managers.prod-aws.provider=aws",
        "secretref.managers.prod-aws.config.region=eu-west-1",
        "secretref.managers.prod-aws.config.access-key-id=AKIAIOSFODNN7EXAMPLE",
        "secretref.managers.prod-aws.config.secret-access-key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "secretref.managers.prod-aws.config.endpoint=${fake.aws.endpoint}",
        "spring.datasource.url=jdbc:postgresql://db:5432/app",
        "spring.datasource.password={{prod-aws|ap_sep_v1|prod/db:password}}",
        "payments.api-key={{prod-aws|ap_sep_v1|prod/payments:api_key}}",
        "payments.webhook-secret={{prod-aws|ap_sep_v1|prod/payments:webhook_secret}}",
})
final class SpringBootApplicationTest {
    static final FakeSecretsManager AWS = start();

    private static FakeSecretsManager start() {
        FakeSecretsManager fake = new FakeSecretsManager();
        fake.secrets.put("prod/db", "{\"password\":\"db-pa55-from-aws\"}");
        fake.secrets.put("prod/payments", "{\"api_key\":\"pk_live_51Hq\",\"webhook_secret\":\"whsec_9f8e7d\"}");
        System.setProperty("fake.aws.endpoint", fake.endpoint());
        return fake;
    }

    @AfterAll
    static void stop() {
        AWS.close();
        System.clearProperty("fake.aws.endpoint");
    }

    @Autowired DemoApplication.DataSourceSettings dataSource;
    @Autowired DemoApplication.PaymentsProperties payments;
    @Autowired SecretResolver resolver;
    @Autowired Environment environment;

    @Test
    void referencedPropertiesAreResolvedFromTheStoreAtStartup() {
        assertThat(dataSource.password()).isEqualTo("db-pa55-from-aws");
        assertThat(dataSource.url()).isEqualTo("jdbc:postgresql://db:5432/app");
        assertThat(payments.apiKey()).isEqualTo("pk_live_51Hq");
        assertThat(payments.webhookSecret()).isEqualTo("whsec_9f8e7d");
    }

    @Test
    void startupFetchedTheTwoSecretsInOneBatchAndLaterReadsHitTheCache() {
        int before = AWS.calls();
        for (int i = 0; i < 100; i++) environment.getProperty("payments.api-key");

        assertThat(AWS.calls()).isEqualTo(before);
        assertThat(before).isLessThanOrEqualTo(2);
        assertThat(resolver.managerNames()).containsExactly("prod-aws");
    }
}
