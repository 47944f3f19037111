package dev.secretref.provider.aws;

import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.SecretProviderContractTest;
import dev.secretref.testkit.TestCertificates;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/** The testkit's provider contract, against the local Secrets Manager fake ({@link FakeAws}). */
final class AwsProviderContractTest extends SecretProviderContractTest {
    private final List<FakeAws> fakes = new ArrayList<>();

    @AfterEach
    void stopFakes() {
        fakes.forEach(FakeAws::close);
        fakes.clear();
    }

    @Override
    protected String providerId() { return "aws"; }

    @Override
    protected String pathFor(String name) { return "contract/" + name; }

    @Override
    protected SecretProvider provider(Map<String, String> secrets) {
        FakeAws fake = new FakeAws();
        fakes.add(fake);
        secrets.forEach(fake::put);
        return fake.provider();
    }

    @Override
    protected SecretProvider unreachableProvider() {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String closed = "http://127.0.0.1:" + port;
        return FakeAws.provider(Map.of("region", FakeAws.REGION, "accessKeyId", FakeAws.ACCESS_KEY_ID,
                "secretAccessKey", FakeAws.SECRET_ACCESS_KEY, "endpoint", closed, "stsEndpoint", closed,
                "maxAttempts", "1", "connectTimeout", "1s"));
    }

    @Override
    protected SecretProvider tlsProvider(Map<String, String> secrets, TestCertificates certificates, boolean trustCa) {
        FakeAws fake = FakeAws.https(certificates);
        fakes.add(fake);
        secrets.forEach(fake::put);
        Map<String, Object> config = AwsTlsTest.httpsConfig(fake);
        if (trustCa) config.put("caCertificate", certificates.caCertificatePem());
        return FakeAws.provider(config);
    }

    @Override
    protected SecretProvider providerAt(String baseUrl) {
        return FakeAws.provider(Map.of("region", FakeAws.REGION, "accessKeyId", FakeAws.ACCESS_KEY_ID,
                "secretAccessKey", FakeAws.SECRET_ACCESS_KEY, "endpoint", baseUrl, "stsEndpoint", baseUrl,
                "maxAttempts", "1", "connectTimeout", "1s"));
    }

    @Override
    protected String listPrefix() { return "contract/"; }

    @Override
    protected List<String> malformedPaths() {
        return List.of("", " ", ":key", "name:", "bad name:key", "arn:aws:secretsmanager:eu-west-1:123456789012:secret",
                "arn:aws:s3:::bucket/key", "name?versionStage=", "name:key?versionId=");
    }

    @Override
    protected Set<String> credentials() { return Set.of(FakeAws.ACCESS_KEY_ID, FakeAws.SECRET_ACCESS_KEY); }
}
