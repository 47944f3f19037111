package dev.secretref.provider.aws;

import static dev.secretref.provider.aws.FakeAws.awsError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretref.ErrorCode;
import dev.secretref.ManagerDefinition;
import dev.secretref.Reason;
import dev.secretref.ResolutionContext;
import dev.secretref.Scope;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretPage;
import dev.secretref.spi.SecretQuery;
import dev.secretref.testkit.SearchPages;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code SecretResolver.search} over the AWS provider: {@code ListSecrets} with {@code MaxResults} 100,
 * {@code SortOrder asc} (by CreatedDate), the prefix as a {@code name} filter and {@code NextToken}
 * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ListSecrets.html; name filter semantics:
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/manage_search-secret.html), read only as far as
 * the page needs. Remote calls are counted from the fake's request journal.
 */
final class AwsSearchTest {
    private static final ResolutionContext P1 = ResolutionContext.project("p1");
    private final FakeAws fake = new FakeAws();
    private SecretResolver resolver;

    @AfterEach
    void tearDown() {
        if (resolver != null) resolver.close();
        fake.close();
    }

    private SecretResolver resolver(ManagerDefinition d) {
        resolver = SecretResolver.builder().manager(d).build();
        return resolver;
    }

    private SecretResolver resolver() {
        return resolver(ManagerDefinition.of("prod-aws", "aws", fake.config()));
    }

    private static List<String> paths(SecretPage page) {
        return page.items().stream().map(SecretInfo::path).toList();
    }

    @Test
    void threePagesOfAHundredNeitherOverlapNorSkipAndEachReadsOnlyAsFarAsItNeeds() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            String name = "team/s" + String.format("%03d", 249 - i);     // creation order differs from name order
            fake.put(name, "value-" + i);
            created.add(name);
        }
        fake.put("other/x", "value-x");
        resolver();
        SearchPages pages = SearchPages.walk(resolver, "prod-aws", SecretQuery.all().under("team/").limit(100), P1,
                () -> fake.calls("ListSecrets"));

        assertThat(pages.paths()).containsExactlyElementsOf(created);       // oldest first, no overlap, no skip
        // the first page reads 101 secrets to know whether more follow (2 calls); each later page resumes at the
        // NextToken where the previous one stopped: 100..200 (2 calls), then 200..250 (1 call)
        assertThat(pages.callsPerPage()).containsExactly(2, 2, 1);
        assertThat(pages.last().total()).isEqualTo(OptionalLong.of(250));
        for (JsonNode body : fake.requests("ListSecrets")) {
            assertThat(body.path("MaxResults").asInt()).isEqualTo(100);
            assertThat(body.path("SortOrder").asText()).isEqualTo("asc");
            assertThat(body.path("Filters").get(0).path("Key").asText()).isEqualTo("name");
            assertThat(body.path("Filters").get(0).path("Values").get(0).asText()).isEqualTo("team/");
        }
    }

    @Test
    void pagingForwardCostsOneListSecretsCallPerPagePlusOneWhereThePeekCrossesIntoTheNextAndAJumpAheadIsRight() {
        for (int i = 0; i < 1_000; i++) fake.put("app/s" + String.format("%04d", i), "v");
        resolver();
        SecretQuery query = SecretQuery.of("S").under("app/").limit(50);
        List<Integer> callsPerPage = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (int page = 0; page < 10; page++) {
            int before = fake.calls("ListSecrets");
            all.addAll(paths(resolver.search("prod-aws", query.offset(page * 50), P1)));
            callsPerPage.add(fake.calls("ListSecrets") - before);
        }
        assertThat(all).hasSize(500).doesNotHaveDuplicates().first().isEqualTo("app/s0000");
        assertThat(all).last().isEqualTo("app/s0499");
        // a page of 50 inside a remote page of 100 is one call; the page at 50 also fetches the next remote page to
        // see the 101st match (walking from the start each time would have cost 1, 2, 2, 3, 3, ... 6 calls)
        assertThat(callsPerPage).containsExactly(1, 2, 1, 2, 1, 2, 1, 2, 1, 2);

        int before = fake.calls("ListSecrets");
        SecretPage far = resolver.search("prod-aws", query.offset(900), P1);
        assertThat(paths(far)).hasSize(50).first().isEqualTo("app/s0900");
        assertThat(paths(far)).last().isEqualTo("app/s0949");
        assertThat(far.hasMore()).isTrue();
        // resumed at match 500 (the nearest remembered point): NextTokens 500, 600, 700, 800, 900
        assertThat(fake.calls("ListSecrets") - before).isEqualTo(5);
        SecretPage back = resolver.search("prod-aws", query.offset(450), P1);
        assertThat(paths(back)).hasSize(50).first().isEqualTo("app/s0450");
        assertThat(paths(back)).last().isEqualTo("app/s0499");
    }

    @Test
    void aSecretCreatedBetweenPagesComesLastSoPagesStayStable() {
        for (int i = 0; i < 5; i++) fake.put("app/s" + i, "v");
        resolver();
        SecretPage first = resolver.search("prod-aws", SecretQuery.all().limit(2), P1);
        fake.put("app/a-new-one", "v");                               // sorts first by name, last by CreatedDate
        SecretPage second = resolver.search("prod-aws", SecretQuery.all().offset(2).limit(2), P1);
        SecretPage third = resolver.search("prod-aws", SecretQuery.all().offset(4).limit(2), P1);
        assertThat(paths(first)).containsExactly("app/s0", "app/s1");
        assertThat(paths(second)).containsExactly("app/s2", "app/s3");
        assertThat(paths(third)).containsExactly("app/s4", "app/a-new-one");
        assertThat(third.hasMore()).isFalse();
        assertThat(fake.requests("ListSecrets").get(0).has("Filters")).as("no prefix: no name filter").isFalse();
    }

    @Test
    void theTextMatchesAnywhereInTheNameIgnoringCaseBeforeTheOffsetCounts() {
        fake.put("team/Slack-bot", "v").put("team/github", "v").put("team/old-slack-webhook", "v")
                .put("team/SLACK", "v").put("elsewhere/slack", "v").put("team/slac", "v");
        resolver();
        SecretPage page = resolver.search("prod-aws", SecretQuery.of("sLaCk").under("team/"), P1);
        assertThat(paths(page)).containsExactly("team/Slack-bot", "team/old-slack-webhook", "team/SLACK");
        assertThat(page.hasMore()).isFalse();
        assertThat(page.total()).isEqualTo(OptionalLong.of(3));

        SecretPage skipped = resolver.search("prod-aws", SecretQuery.of("slack").under("team/").offset(1).limit(1), P1);
        assertThat(paths(skipped)).containsExactly("team/old-slack-webhook");
        assertThat(skipped.hasMore()).isTrue();
        // AWS's name filter is a case-sensitive prefix: the text is matched here, only the prefix is sent
        assertThat(fake.requests("ListSecrets")).allSatisfy(b -> {
            assertThat(b.path("Filters")).hasSize(1);
            assertThat(b.path("Filters").get(0).path("Values").get(0).asText()).isEqualTo("team/");
        });
        assertThat(fake.calls("ListSecrets")).isEqualTo(2);
    }

    @Test
    void createdAndUpdatedTimesAndTheDescriptionComeFromTheListingWithoutExtraCalls() {
        Instant created = Instant.parse("2024-03-01T10:15:30.123Z");
        Instant changed = Instant.parse("2025-06-30T08:00:01.500Z");
        fake.put("team/db", "hunter2-value").times("team/db", created, changed).describe("team/db", "orders database");
        resolver();
        for (SecretQuery q : List.of(SecretQuery.all(), SecretQuery.all().withTimestamps())) {
            SecretInfo info = resolver.search("prod-aws", q, P1).items().get(0);
            assertThat(info.path()).isEqualTo("team/db");
            assertThat(info.createdAt()).isEqualTo(Optional.of(created));
            assertThat(info.updatedAt()).isEqualTo(Optional.of(changed));
            assertThat(info.description()).isEqualTo("orders database");
            assertThat(info + info.description()).doesNotContain("hunter2-value");
        }
        assertThat(fake.calls("ListSecrets")).isEqualTo(2);
        assertThat(fake.requestCount()).as("no DescribeSecret, no GetSecretValue").isEqualTo(2);
    }

    @Test
    void aCallerOutsideTheScopeIsDeniedBeforeAnyAwsCall() {
        fake.put("team/db", "v");
        resolver(ManagerDefinition.of("prod-aws", "aws", fake.config()).scope(Scope.projects("p1")));
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> resolver.search("prod-aws", SecretQuery.all(), ResolutionContext.project("p2")));
        assertThat(e.reason()).isEqualTo(Reason.SCOPE_DENIED);
        assertThat(fake.requestCount()).isZero();
        assertThat(paths(resolver.search("prod-aws", SecretQuery.all(), P1))).containsExactly("team/db");
    }

    @Test
    void theAllowListNarrowsTheQueryBeforeTheOffsetCounts() {
        for (int i = 0; i < 4; i++) fake.put("apps/a" + i, "v").put("other/o" + i, "v");
        resolver(ManagerDefinition.of("prod-aws", "aws", fake.config()).allowPaths("apps/**"));
        SecretPage first = resolver.search("prod-aws", SecretQuery.all().limit(3), P1);
        SecretPage second = resolver.search("prod-aws", SecretQuery.all().offset(3).limit(3), P1);
        assertThat(paths(first)).containsExactly("apps/a0", "apps/a1", "apps/a2");
        assertThat(first.hasMore()).isTrue();
        assertThat(paths(second)).containsExactly("apps/a3");
        assertThat(second.hasMore()).isFalse();
        assertThat(fake.calls("ListSecrets")).isEqualTo(2);
    }

    @Test
    void aDeniedListingNamesTheIamActionToGrant() {
        fake.answer("ListSecrets", awsError(400, "AccessDeniedException",
                "User: arn:aws:iam::123456789012:user/app is not authorized to perform: secretsmanager:ListSecrets"));
        resolver();
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> resolver.search("prod-aws", SecretQuery.of("db"), P1));
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("secretsmanager:ListSecrets");
    }
}
