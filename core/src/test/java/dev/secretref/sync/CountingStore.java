package dev.secretref.sync;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.FetchResult;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A store that lists and batch-fetches, counting its remote calls; paths or listing can be made to fail. */
final class CountingStore implements SecretProvider {
    final Map<String, String> secrets = new ConcurrentHashMap<>();
    final Set<String> failing = ConcurrentHashMap.newKeySet();
    final AtomicInteger listCalls = new AtomicInteger();
    final AtomicInteger fetchCalls = new AtomicInteger();
    final AtomicInteger fetchAllCalls = new AtomicInteger();
    volatile SecretManagerException listFailure;

    CountingStore put(String path, String value) {
        secrets.put(path, value);
        return this;
    }

    @Override
    public String fetch(String path) {
        fetchCalls.incrementAndGet();
        return valueOf(path);
    }

    @Override
    public Map<String, FetchResult> fetchAll(Set<String> paths) {
        fetchAllCalls.incrementAndGet();
        Map<String, FetchResult> out = new LinkedHashMap<>();
        for (String p : paths) {
            try {
                out.put(p, FetchResult.value(valueOf(p)));
            } catch (SecretManagerException e) {
                out.put(p, FetchResult.error(e));
            }
        }
        return out;
    }

    private String valueOf(String path) {
        if (failing.contains(path)) {
            throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.ACCESS_DENIED)
                    .path(path).message("denied for this test").build();
        }
        String v = secrets.get(path);
        if (v == null) throw SecretManagerException.notFound(path, "no such secret in the test store");
        return v;
    }

    @Override
    public void checkConnection() { }

    @Override
    public List<SecretInfo> list(String prefix) {
        listCalls.incrementAndGet();
        if (listFailure != null) throw listFailure;
        return new TreeMap<>(secrets).keySet().stream().filter(p -> p.startsWith(prefix)).map(SecretInfo::of).toList();
    }

    int calls() {
        return listCalls.get() + fetchCalls.get() + fetchAllCalls.get();
    }
}
