package dev.secretref;

import dev.secretref.spi.FetchResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fetches one resolve call's references: routes and checks every reference first (before any cache or
 * store access), groups them by manager, and asks the managers in parallel, one batch each. Strict: the
 * first failing reference, in the order found, fails the call.
 */
final class FanOut {
    private final Executor executor;

    FanOut(Executor executor) {
        this.executor = executor;
    }

    /**
     * The value of every reference of {@code order} (distinct), in its order. {@code call} is the resolve call this work belongs to: fan-out workers join
     * it, so aborting the call reaches them too.
     */
    String[] fetch(ManagerTable table, SecretReference[] order, ResolutionContext context, InFlightCall call) {
        Manager[] routed = new Manager[order.length];
        Group[] groups = new Group[4];                 // in first-seen order; found by a scan: managers are few
        int groupCount = 0;
        Map<Manager, Group> many = null;               // by manager, once there are more than a scan should cover
        String lastName = null;
        Manager last = null;
        Group lastGroup = null;
        for (int i = 0; i < order.length; i++) {
            String name = order[i].manager();
            Manager m = name.equals(lastName) ? last : table.route(name, context);
            m.check(context, order[i].path());
            routed[i] = m;
            // distinct refs: a path repeats only under two names of one manager, which the cache tolerates
            Group g = m == last ? lastGroup : null;
            if (g == null && many != null) g = many.get(m);
            for (int k = 0; g == null && many == null && k < groupCount; k++) {
                if (groups[k].manager == m) g = groups[k];
            }
            if (g == null) {
                g = new Group(m, order.length);
                if (groupCount == groups.length) groups = java.util.Arrays.copyOf(groups, groupCount * 2);
                groups[groupCount++] = g;
                if (many != null) {
                    many.put(m, g);
                } else if (groupCount > 8) {
                    many = new HashMap<>();
                    for (int k = 0; k < groupCount; k++) many.put(groups[k].manager, groups[k]);
                }
            }
            g.add(order[i].path(), i);
            lastName = name;
            last = m;
            lastGroup = g;
        }
        String[] values = new String[order.length];
        Map<Manager, List<String>> rest = null;        // the managers whose references are not all fresh hits
        for (int k = 0; k < groupCount; k++) {
            Group g = groups[k];
            if (!g.manager.cache.answerFresh(g.paths, g.slots, values)) {
                if (rest == null) rest = new LinkedHashMap<>();
                rest.put(g.manager, g.paths);
            }
        }
        if (rest != null) {
            Map<Manager, Map<String, FetchResult>> results = rest.size() == 1 ? one(rest) : parallel(rest, call);
            for (int i = 0; i < order.length; i++) {   // in the order found: the first failing reference fails the call
                Map<String, FetchResult> r = results.get(routed[i]);
                if (r != null) values[i] = routed[i].valueOf(order[i].path(), context, r.get(order[i].path()));
            }
        }
        for (int i = 0; i < order.length; i++) routed[i].resolved(order[i].path(), context);   // only once all succeeded
        return values;
    }

    /** One manager's references: their paths and where each value goes in the result. */
    private static final class Group {
        final Manager manager;
        final List<String> paths;
        int[] slots;

        Group(Manager manager, int capacity) {
            this.manager = manager;
            this.paths = new ArrayList<>(Math.min(capacity, 16));
            this.slots = new int[Math.min(capacity, 16)];
        }

        void add(String path, int slot) {
            int n = paths.size();
            if (n == slots.length) slots = java.util.Arrays.copyOf(slots, n * 2);
            slots[n] = slot;
            paths.add(path);
        }
    }

    private static Map<Manager, Map<String, FetchResult>> one(Map<Manager, List<String>> byManager) {
        Map.Entry<Manager, List<String>> only = byManager.entrySet().iterator().next();
        return Map.of(only.getKey(), only.getKey().cache.getAll(only.getValue()));
    }

    /**
     * One manager on this thread, the others on the executor. This thread then runs any batch no worker has
     * started yet, so a small or busy executor can delay a call but never deadlock it.
     */
    private Map<Manager, Map<String, FetchResult>> parallel(Map<Manager, List<String>> byManager, InFlightCall call) {
        Map<Manager, Map<String, FetchResult>> results = new HashMap<>();
        List<Batch> forks = new ArrayList<>();
        Map.Entry<Manager, List<String>> first = null;
        for (Map.Entry<Manager, List<String>> e : byManager.entrySet()) {
            if (first == null) {
                first = e;
                continue;
            }
            if (e.getKey().cache.answersFromCache(e.getValue())) {   // all fresh hits: no hand-off needed
                results.put(e.getKey(), e.getKey().cache.getAll(e.getValue()));
                continue;
            }
            Batch fork = new Batch(e.getKey(), e.getValue(), call);
            forks.add(fork);
            try {
                executor.execute(fork);
            } catch (RuntimeException rejected) {
                // run below on this thread
            }
        }
        results.put(first.getKey(), first.getKey().cache.getAll(first.getValue()));
        for (Batch fork : forks) {
            fork.run();
            try {
                results.put(fork.manager, fork.result.get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) throw re;
                if (e.getCause() instanceof Error err) throw err;
                throw new CompletionException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.UNREACHABLE)
                        .manager(fork.manager.name).provider(fork.manager.providerId)
                        .message("Interrupted while waiting for manager '" + fork.manager.name + "'").build();
            }
        }
        return results;
    }

    /** One manager's batch, run by whichever thread claims it first. */
    private static final class Batch implements Runnable {
        final Manager manager;
        final List<String> paths;
        final AtomicBoolean claimed = new AtomicBoolean();
        final InFlightCall call;
        final CompletableFuture<Map<String, FetchResult>> result = new CompletableFuture<>();

        Batch(Manager manager, List<String> paths, InFlightCall call) {
            this.manager = manager;
            this.paths = paths;
            this.call = call;
        }

        @Override
        public void run() {
            if (!claimed.compareAndSet(false, true)) return;
            if (!call.enter()) {
                result.completeExceptionally(SecretManagerException.builder(ErrorCode.VALIDATION, Reason.CLOSED)
                        .manager(manager.name).provider(manager.providerId)
                        .message("The resolve call was cancelled or its resolver closed").build());
                return;
            }
            try {
                result.complete(manager.cache.getAll(paths));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            } finally {
                call.leave();
            }
        }
    }
}
