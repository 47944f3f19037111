package dev.secretref.provider.aws;

import static dev.secretref.provider.aws.FakeAws.stsError;
import static dev.secretref.provider.aws.FakeAws.stsXml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.FakeHttpServer.Request;
import dev.secretref.testkit.FakeHttpServer.Response;
import dev.secretref.testkit.TestProviderContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * roleArn: credentials come from STS AssumeRole (Query protocol, XML answer as in
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html) and are refreshed before they
 * expire. The SDK's provider treats credentials as due for refresh 5 minutes before expiry and as stale
 * 1 minute before; a first answer expiring in 2 minutes is therefore refreshed on the next use.
 */
final class AwsAssumeRoleTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/secretref-reader";
    private static final String FIRST_KEY = "ASIAFIRSTEXAMPLE0001";
    private static final String SECOND_KEY = "ASIASECONDEXAMPLE002";
    private static final String FIRST_TOKEN = "FwoGZXIvYXdzEFirstSessionToken";
    private static final String SECOND_TOKEN = "FwoGZXIvYXdzESecondSessionToken";

    private final FakeAws fake = new FakeAws();
    private SecretProvider provider;

    @AfterEach
    void tearDown() {
        if (provider != null) provider.close();
        fake.close();
    }

    private static String assumeRoleXml(String keyId, String token, Instant expiration) {
        return "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
                + "  <AssumeRoleResult>\n"
                + "    <SourceIdentity>secretref</SourceIdentity>\n"
                + "    <AssumedRoleUser>\n"
                + "      <Arn>arn:aws:sts::123456789012:assumed-role/secretref-reader/secretref-test</Arn>\n"
                + "      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:secretref-test</AssumedRoleId>\n"
                + "    </AssumedRoleUser>\n"
                + "    <Credentials>\n"
                + "      <AccessKeyId>" + keyId + "</AccessKeyId>\n"
                + "      <SecretAccessKey>tempSecretKey/" + keyId + "EXAMPLE</SecretAccessKey>\n"
                + "      <SessionToken>" + token + "</SessionToken>\n"
                + "      <Expiration>" + expiration.truncatedTo(ChronoUnit.SECONDS) + "</Expiration>\n"
                + "    </Credentials>\n"
                + "    <PackedPolicySize>6</PackedPolicySize>\n"
                + "  </AssumeRoleResult>\n"
                + "  <ResponseMetadata>\n"
                + "    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>\n"
                + "  </ResponseMetadata>\n"
                + "</AssumeRoleResponse>\n";
    }

    /** Answers AssumeRole with {@code first} once, then with {@code then} every time. */
    private void assumeRoleAnswers(Response first, Response then) {
        AtomicInteger calls = new AtomicInteger();
        fake.answer("AssumeRole", r -> calls.getAndIncrement() == 0 ? first : then);
    }

    private SecretProvider roleProvider() {
        Map<String, Object> c = fake.config();
        c.put("roleArn", ROLE);
        c.put("externalId", "ext-1234");
        c.put("roleSessionName", "secretref-test");
        provider = FakeAws.provider(c);
        return provider;
    }

    @Test
    void assumedCredentialsSignTheCallsAndAreRefreshedBeforeTheyExpire() {
        fake.put("prod/db", "{\"password\":\"p\"}");
        Instant now = Instant.now();
        assumeRoleAnswers(stsXml(assumeRoleXml(FIRST_KEY, FIRST_TOKEN, now.plus(2, ChronoUnit.MINUTES))),
                stsXml(assumeRoleXml(SECOND_KEY, SECOND_TOKEN, now.plus(1, ChronoUnit.HOURS))));
        roleProvider();

        assertThat(provider.fetch("prod/db:password")).isEqualTo("p");   // AssumeRole #1, expires in 2 min
        assertThat(provider.fetch("prod/db:password")).isEqualTo("p");   // due for refresh: AssumeRole #2
        assertThat(provider.fetch("prod/db:password")).isEqualTo("p");   // fresh for an hour: no STS call
        provider.fetchAll(java.util.Set.of("prod/db:password"));

        assertThat(fake.calls("AssumeRole")).isEqualTo(2);
        List<Request> assume = fake.journal("AssumeRole");
        assertThat(assume.get(0).body()).contains("RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fsecretref-reader")
                .contains("RoleSessionName=secretref-test").contains("ExternalId=ext-1234").contains("Version=2011-06-15");
        // the STS calls themselves are signed with the configured static keys
        assertThat(assume.get(0).header("Authorization")).contains("Credential=" + FakeAws.ACCESS_KEY_ID + "/");

        List<Request> reads = fake.journal("GetSecretValue");
        assertThat(reads).hasSize(3);
        assertThat(reads.get(0).header("Authorization")).contains("Credential=" + FIRST_KEY + "/");
        assertThat(reads.get(0).header("X-Amz-Security-Token")).isEqualTo(FIRST_TOKEN);
        assertThat(reads.get(1).header("Authorization")).contains("Credential=" + SECOND_KEY + "/");
        assertThat(reads.get(2).header("X-Amz-Security-Token")).isEqualTo(SECOND_TOKEN);
        assertThat(fake.journal("BatchGetSecretValue").get(0).header("Authorization"))
                .contains("Credential=" + SECOND_KEY + "/");
    }

    @Test
    void assumedRoleKeysAreDeclaredToTheContextWhileTheyLive() {
        fake.put("prod/db", "{\"password\":\"p\"}");
        Instant now = Instant.now();
        assumeRoleAnswers(stsXml(assumeRoleXml(FIRST_KEY, FIRST_TOKEN, now.plus(2, ChronoUnit.MINUTES))),
                stsXml(assumeRoleXml(SECOND_KEY, SECOND_TOKEN, now.plus(1, ChronoUnit.HOURS))));
        Map<String, Object> c = fake.config();
        c.put("roleArn", ROLE);
        try (TestProviderContext context = new TestProviderContext()) {
            provider = new AwsProviderFactory().create(ProviderConfig.of("role-aws", AwsProviderFactory.DESCRIPTOR, c), context);
            provider.fetch("prod/db:password");
            assertThat(context.liveCredentials()).containsExactlyInAnyOrder(FIRST_TOKEN, "tempSecretKey/" + FIRST_KEY + "EXAMPLE");
            provider.fetch("prod/db:password");                                  // refreshed: the first set is discarded
            assertThat(context.liveCredentials()).containsExactlyInAnyOrder(SECOND_TOKEN, "tempSecretKey/" + SECOND_KEY + "EXAMPLE");
            provider.close();
            assertThat(context.liveCredentials()).isEmpty();
            assertThat(context.scheduler().isShutdown()).as("the SDK borrowed the context's scheduler; closing must not shut it down").isFalse();
        }
    }

    @Test
    void checkConnectionAssumesTheRoleAndAsksStsWhoItIs() {
        fake.answer("AssumeRole", stsXml(assumeRoleXml(FIRST_KEY, FIRST_TOKEN, Instant.now().plus(1, ChronoUnit.HOURS))));
        roleProvider().checkConnection();
        assertThat(fake.calls("AssumeRole")).isEqualTo(1);
        Request who = fake.journal("GetCallerIdentity").get(0);
        assertThat(who.header("Authorization")).contains("Credential=" + FIRST_KEY + "/");
    }

    @Test
    void aRoleThatMayNotBeAssumedIsAnAuthenticationFailureNamingTheRole() {
        fake.answer("AssumeRole", r -> {
            assertThat(FakeAws.form(r)).containsEntry("RoleArn", ROLE);
            return stsError(403, "AccessDenied", "User: arn:aws:iam::123456789012:user/app is not authorized to perform: "
                    + "sts:AssumeRole on resource: " + ROLE);
        });
        roleProvider();
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("prod/db:password"));
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
        assertThat(e.getMessage()).contains(ROLE).contains("trust policy").contains("externalId").doesNotContain("ext-1234");
        SecretManagerException check = catchThrowableOfType(SecretManagerException.class, provider::checkConnection);
        assertThat(check.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
        assertThat(check.getMessage()).contains(ROLE);
        assertThat(fake.calls("GetSecretValue")).isZero();
    }
}
