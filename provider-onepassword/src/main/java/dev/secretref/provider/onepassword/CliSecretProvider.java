package dev.secretref.provider.onepassword;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.FetchResult;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretPage;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretQuery;
import dev.secretref.spi.SecretWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Service-account mode: reads through the 1Password CLI. {@code fetch} is one {@code op read
 * --no-newline}; {@code fetchAll} is one {@code op inject} for the whole batch, falling back to one
 * {@code op read} per reference only when the batch fails for a reason that concerns a single
 * reference (so each error is attributed to its path). References with {@code ?attribute=} always
 * use {@code op read}.
 */
final class CliSecretProvider implements SecretProvider {
    private static final Logger LOG = LoggerFactory.getLogger(CliSecretProvider.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpRunner runner;
    private final Scrubber scrubber;

    private final SecretWriter writer;

    CliSecretProvider(OpRunner runner, Scrubber scrubber, SecretWriter writer) {
        this.runner = runner;
        this.scrubber = scrubber;
        this.writer = writer;
    }

    @Override
    public Optional<SecretWriter> writer() {
        return Optional.of(writer);
    }

    @Override
    public String fetch(String path) {
        SecretRef ref = parse(path);
        return read(path, ref);
    }

    private String read(String path, SecretRef ref) {
        String reference = ref.cliReference();
        OpResult r = runWithPath(List.of("read", "--no-newline", reference), null, path);
        if (!r.succeeded()) {
            throw OpErrors.toException("op read " + reference, r.stderr(), path, ref, scrubber, false);
        }
        return r.stdout();
    }

    @Override
    public Map<String, FetchResult> fetchAll(Set<String> paths) {
        Map<String, FetchResult> out = new LinkedHashMap<>();
        List<String> batchPaths = new ArrayList<>();
        Map<String, SecretRef> refs = new LinkedHashMap<>();
        for (String p : paths) {
            try {
                SecretRef ref = parse(p);
                refs.put(p, ref);
                if (!ref.hasExplicitAttribute()) batchPaths.add(p);
            } catch (SecretManagerException e) {
                out.put(p, FetchResult.error(e.toBuilder().path(p).build()));
            }
        }
        if (batchPaths.size() >= 2) {
            injectBatch(batchPaths, refs, out);
        }
        for (Map.Entry<String, SecretRef> e : refs.entrySet()) {
            if (out.containsKey(e.getKey())) continue;
            try {
                out.put(e.getKey(), FetchResult.value(read(e.getKey(), e.getValue())));
            } catch (SecretManagerException ex) {
                out.put(e.getKey(), FetchResult.error(ex));
            }
        }
        // keep the caller's order
        Map<String, FetchResult> ordered = new LinkedHashMap<>();
        for (String p : paths) ordered.put(p, out.get(p));
        return ordered;
    }

    /** One op inject for {@code batch}; fills {@code out} unless the failure calls for per-reference reads. */
    private void injectBatch(List<String> batch, Map<String, SecretRef> refs, Map<String, FetchResult> out) {
        List<String> references = batch.stream().map(p -> refs.get(p).cliReference()).toList();
        InjectTemplate template = InjectTemplate.of(references);
        OpResult r;
        try {
            r = runner.run(List.of("inject"), template.text());
        } catch (SecretManagerException e) {
            batch.forEach(p -> out.put(p, FetchResult.error(e.toBuilder().path(p).build())));
            return;
        }
        if (r.succeeded()) {
            Optional<List<String>> values = template.parse(r.stdout());
            if (values.isPresent()) {
                for (int i = 0; i < batch.size(); i++) out.put(batch.get(i), FetchResult.value(values.get().get(i)));
                return;
            }
            LOG.debug("op inject output did not have the template's shape; reading {} references one by one", batch.size());
            return;
        }
        OpErrors.Kind kind = OpErrors.classify(r.stderr());
        if (kind.global()) {
            for (String p : batch) {
                out.put(p, FetchResult.error(OpErrors.toException("op inject of " + batch.size() + " references", r.stderr(), p,
                        refs.get(p), scrubber, false)));
            }
            return;
        }
        LOG.debug("op inject of {} references failed ({}); reading them one by one to attribute the error", batch.size(), kind);
    }

    @Override
    public void checkConnection() {
        OpResult r = runForCheck(List.of("whoami"));
        if (!r.succeeded()) {
            SecretManagerException e = OpErrors.toException("op whoami", r.stderr(), null, null, scrubber, true);
            if (e.code() != ErrorCode.SECRET_MANAGER_CONNECTION_FAILED) {
                e = SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, e.reason()).message(e.getMessage()).build();
            }
            throw e;
        }
    }

    private OpResult runForCheck(List<String> args) {
        try {
            return runner.run(args, null);
        } catch (SecretManagerException e) {
            if (e.code() == ErrorCode.SECRET_MANAGER_CONNECTION_FAILED) throw e;
            throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, e.reason()).message(e.getMessage()).build();
        }
    }

    private OpResult runWithPath(List<String> args, String stdin, String path) {
        try {
            return runner.run(args, stdin);
        } catch (SecretManagerException e) {
            throw e.toBuilder().path(path).build();
        }
    }

    @Override
    public void validatePath(String path) {
        parse(path);
    }

    private static SecretRef parse(String path) {
        SecretRef ref = SecretRef.parse(path);
        if (ref.hasSlashInName()) {
            throw SecretManagerException.validation(Reason.INVALID_REFERENCE,
                    "The op CLI cannot address a name that holds '/'; use that vault's, item's or field's id instead "
                            + "(op item get <item> --format json shows them). " + SecretRef.FORMAT_MESSAGE);
        }
        return ref;
    }

    @Override
    public List<SecretInfo> list(String prefix) {
        VaultPrefix vp = VaultPrefix.parse(prefix);
        return items(vp.vault(), vp.vault(), vp.titlePrefix());
    }

    /**
     * Pages item titles with {@code op item list --vault <vault> --format json} (one run per vault, read only as far
     * as the page needs; op has no title filter and no paging), after one {@code op vault list --format json} when
     * the prefix names no single vault. Times come from each item's created_at/updated_at.
     */
    @Override
    public SecretPage search(SecretQuery query) {
        VaultSearch scope = VaultSearch.of(query);
        List<VaultSearch.Vault> vaults;
        if (scope.vault().isPresent()) {
            vaults = List.of(new VaultSearch.Vault(scope.vault().get(), scope.vault().get()));
        } else {
            List<VaultSearch.Vault> all = new ArrayList<>();
            for (JsonNode v : json(List.of("vault", "list", "--format", "json"), "op vault list")) {
                String name = v.path("name").asText("");
                if (!name.isEmpty()) all.add(new VaultSearch.Vault(v.path("id").asText(), name));
            }
            vaults = VaultSearch.reachable(all, query);
        }
        return VaultSearch.page(vaults, v -> items(v.key(), v.pathName(), ""), query);
    }

    /** The items of vault {@code key} (a name or id) titled {@code titlePrefix}..., as {@code op://<pathName>/<title>}, sorted by path. */
    private List<SecretInfo> items(String key, String pathName, String titlePrefix) {
        List<SecretInfo> out = new ArrayList<>();
        for (JsonNode item : json(List.of("item", "list", "--vault", key, "--format", "json"), "op item list --vault " + key)) {
            String title = item.path("title").asText("");
            if (title.isEmpty() || !title.startsWith(titlePrefix)) continue;
            out.add(SecretInfo.of(VaultPrefix.itemPath(pathName, title), item.path("category").asText(""))
                    .withTimes(VaultSearch.time(item.path("created_at").asText(null)), VaultSearch.time(item.path("updated_at").asText(null))));
        }
        return VaultSearch.sorted(out);
    }

    /** The JSON array a listing command prints. */
    private JsonNode json(List<String> args, String what) {
        OpResult r = runner.run(args, null);
        if (!r.succeeded()) {
            throw OpErrors.toException(what, r.stderr(), null, null, scrubber, false);
        }
        JsonNode out;
        try {
            out = JSON.readTree(r.stdout());
        } catch (IOException e) {
            throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.PROVIDER_ERROR)
                    .message(what + " printed something that is not JSON; check the op version (2.18.0 or later)").build();
        }
        return out != null && out.isArray() ? out : JSON.createArrayNode();
    }

    @Override
    public void close() {
        runner.close();
    }

    @Override
    public String toString() {
        return "OnePasswordProvider[service account via op CLI, " + runner + "]";
    }
}
