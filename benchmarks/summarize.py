#!/usr/bin/env python3
"""Turns JMH JSON results (benchmarks/run.sh writes benchmarks/target/jmh-result.json) into the ratio table of
BENCHMARKS.md, each ratio with its point value (from the means over all forks) and its spread: the min-max of the
ratios of every pair of forks (fork i of one benchmark against fork j of the other; for benchmarks in the same
class the forks ran one after the other, so no pairing is more natural than another).

    benchmarks/summarize.py benchmarks/target/jmh-result.json [more runs ...]

Several files (independent runs) are pooled: their forks count as more forks, and the table also gives each run's
own point ratio, so a ratio that moves between runs shows. Only the Python standard library is used.
"""
import json
import sys
from collections import defaultdict

PKG = "dev.secretref.benchmarks."


def load(paths):
    """{(short name, params tuple): [record per run]}"""
    runs = []
    for p in paths:
        with open(p) as f:
            runs.append(json.load(f))
    return runs


def key(rec):
    name = rec["benchmark"][len(PKG):] if rec["benchmark"].startswith(PKG) else rec["benchmark"]
    params = tuple(sorted((rec.get("params") or {}).items()))
    return name, params


def index(run):
    return {key(r): r for r in run}


def mean(xs):
    return sum(xs) / len(xs)


def fork_scores(rec):
    """One value per fork: the mean of its measurement iterations (throughput, average time, single shot)."""
    pm = rec["primaryMetric"]
    if "rawData" in pm:
        return [mean(it) for it in pm["rawData"] if it]
    return [hist_percentile(f, 0.5) for f in pm["rawDataHistogram"]]


def hist_percentile(fork, q):
    """The q-quantile of one fork's samples (a list of iterations, each a list of [value, count])."""
    pairs = sorted((v, c) for it in fork for v, c in it)
    total = sum(c for _, c in pairs)
    rank = q * total
    seen = 0
    for v, c in pairs:
        seen += c
        if seen >= rank:
            return v
    return pairs[-1][0]


def fork_percentiles(rec, q):
    return [hist_percentile(f, q) for f in rec["primaryMetric"]["rawDataHistogram"]]


def counter_totals(rec, name):
    """An @AuxCounters EVENTS counter: total per fork (summed over its measurement iterations)."""
    m = rec["secondaryMetrics"].get(name)
    if m is None:
        return None
    return [sum(it) for it in m["rawData"]]


def is_throughput(rec):
    return rec["mode"] == "thrpt"


class Pool:
    """Records of one benchmark from every run, forks pooled."""

    def __init__(self, runs, name, **params):
        want = tuple(sorted((k, str(v)) for k, v in params.items()))
        self.recs = []
        for run in runs:
            found = None
            for (n, p), r in index(run).items():
                if n == name and all(item in p for item in want):
                    found = r
                    break
            self.recs.append(found)
        self.name = name
        self.params = params

    def present(self):
        return any(r is not None for r in self.recs)

    def forks(self, values=fork_scores):
        out = []
        for r in self.recs:
            if r is not None:
                out.extend(values(r))
        return out

    def per_run(self, values=fork_scores):
        return [mean(values(r)) if r is not None else None for r in self.recs]

    def unit(self):
        for r in self.recs:
            if r is not None:
                return r["primaryMetric"]["scoreUnit"]
        return ""

    def thrpt(self):
        return any(r is not None and is_throughput(r) for r in self.recs)


def time_ratio(a, b, a_values=fork_scores, b_values=fork_scores):
    """How many times longer an operation of a takes than one of b (throughputs are inverted)."""
    def t(pool, v):
        return (lambda x: 1.0 / x) if pool.thrpt() else (lambda x: x)
    ta, tb = t(a, a_values), t(b, b_values)
    fa = [ta(x) for x in a.forks(a_values)]
    fb = [tb(x) for x in b.forks(b_values)]
    point = mean(fa) / mean(fb)
    pairs = [x / y for x in fa for y in fb]
    runs = []
    for ra, rb in zip(a.per_run(a_values), b.per_run(b_values)):
        runs.append(None if ra is None or rb is None else ta(ra) / tb(rb))
    return point, min(pairs), max(pairs), runs


def fmt(x, digits=2):
    if x is None:
        return "-"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:.{digits}f}"


ROWS = []


def row(section, what, target, value, spread, runs, note=""):
    ROWS.append((section, what, target, value, spread, runs, note))


def ratio_row(section, what, target, a, b, invert=False, note="", **kw):
    if not (a.present() and b.present()):
        row(section, what, target, "(not in this result)", "", "", note)
        return
    point, lo, hi, runs = time_ratio(a, b, **kw)
    if invert:   # "x times faster": b's time over a's
        point, lo, hi, runs = 1 / point, 1 / hi, 1 / lo, [None if r is None else 1 / r for r in runs]
    row(section, what, target, fmt(point) + "×", f"{fmt(lo)}–{fmt(hi)}×",
        ", ".join(fmt(r) + "×" for r in runs) if len(runs) > 1 else "", note)


def value_row(section, what, target, pool, values=fork_scores, unit=None, note=""):
    if not pool.present():
        row(section, what, target, "(not in this result)", "", "", note)
        return
    f = pool.forks(values)
    runs = pool.per_run(values)
    u = unit or pool.unit()
    row(section, what, target, f"{fmt(mean(f))} {u}", f"{fmt(min(f))}–{fmt(max(f))} {u}",
        ", ".join(fmt(r) for r in runs) if len(runs) > 1 else "", note)


def main(paths):
    runs = load(paths)

    # 1. cache hit
    for t, aws_target in (("1", 6), ("8", 15)):
        s = Pool(runs, f"CacheHitBenchmark.t{t}_secretref")
        ratio_row("1 cache hit", f"secretref vs AWS caching client, {t} thread{'s' if t != '1' else ''}", f"≥ {aws_target}× faster",
                  s, Pool(runs, f"CacheHitBenchmark.t{t}_awsSecretCache"), invert=True)
        ratio_row("1 cache hit", f"secretref vs bare Caffeine hit, {t} thread{'s' if t != '1' else ''}", "≤ 1.10× the time",
                  s, Pool(runs, f"CacheHitBenchmark.t{t}_caffeine"))

    # 2. deep resolve
    copy = Pool(runs, "DeepResolveBenchmark.jacksonDeepCopy")
    for m in ("1", "4"):
        for kind in ("JsonNode", "Map"):
            ratio_row("2 deep resolve", f"resolve as {kind}, {m} manager{'s' if m != '1' else ''}, vs deepCopy", "≤ 1.5×",
                      Pool(runs, f"DeepResolveBenchmark.resolve{kind}", managers=m), copy)

    # 3. shared cache
    cold = Pool(runs, "SharedCacheBenchmark.coldStart")
    if cold.present():
        starts = sum(cold.forks(lambda r: counter_totals(r, "starts")))
        reads = sum(cold.forks(lambda r: counter_totals(r, "storeReads") or [0]))
        calls = sum(cold.forks(lambda r: counter_totals(r, "storeCalls")))
        row("3 shared cache", "store reads per cold start of 10 nodes on 100 secrets", "100 (not 1,000)",
            fmt(reads / starts), f"{int(reads)} reads, {int(calls)} calls in {int(starts)} starts", "")
    value_row("3 shared cache", "time until all 10 nodes are warm", "", cold)
    hit = Pool(runs, "SharedCacheBenchmark.sharedHit")
    store = Pool(runs, "SharedCacheBenchmark.storeRead")
    for q in (0.5, 0.99):
        pv = lambda r, q=q: fork_percentiles(r, q)
        value_row("3 shared cache", f"shared-cache hit p{int(q * 100)}", "≪ the store's 20 ms", hit, values=pv)
        if hit.present() and store.present():
            ratio_row("3 shared cache", f"store read p{int(q * 100)} vs shared-cache hit p{int(q * 100)}", "", store, hit,
                      a_values=pv, b_values=pv)

    # 4. credential store
    ratio_row("4 credential store", "store.get vs resolve of the same 4 references", "≤ 1.5×",
              Pool(runs, "CredentialStoreBenchmark.storeGet"), Pool(runs, "CredentialStoreBenchmark.resolveReferences"))
    for db in ("h2", "postgres"):
        mv = Pool(runs, "CredentialMoveBenchmark.move", db=db)
        if not mv.present():
            row("4 credential store", f"credentials moved per second ({db})", "", "(not in this result)", "", "")
            continue
        per_fork = []
        for r in mv.recs:
            if r is None:
                continue
            moved = counter_totals(r, "moved")
            for t, m in zip(fork_scores(r), moved):
                per_fork.append(m / t if r["primaryMetric"]["scoreUnit"] == "s/op" else m / (t / 1000))
        failed = sum(mv.forks(lambda r: counter_totals(r, "failedReads")))
        reads = sum(mv.forks(lambda r: counter_totals(r, "reads")))
        row("4 credential store", f"credentials moved per second ({db}, 2 ms stores, 4 readers)", "",
            f"{fmt(mean(per_fork))}/s", f"{fmt(min(per_fork))}–{fmt(max(per_fork))}/s", "")
        row("4 credential store", f"failed reads during the moves ({db})", "0", f"{int(failed)}", f"of {int(reads):,} reads", "")

    # 5. provider overhead
    for svc in ("aws", "hashicorp", "cyberark-conjur", "onepassword", "azure", "gcp"):
        for t in ("1", "8"):
            p = Pool(runs, f"ProviderOverheadBenchmark.t{t}_provider", service=svc)
            b = Pool(runs, f"ProviderOverheadBenchmark.t{t}_bareHttpGet", service=svc)
            note = ""
            if p.present() and b.present():
                us = 1000 * (1 / mean(p.forks()) - 1 / mean(b.forks())) if p.unit() == "ops/ms" else None
                note = f"+{fmt(us, 0)} µs per call" if us is not None else ""
            ratio_row("5 provider overhead", f"{svc}, {t} thread{'s' if t != '1' else ''}: provider vs bare GET", "", p, b, note=note)

    # 6. spring
    ratio_row("6 spring start-up", "context start, 100 referenced properties vs without secretref", "",
              Pool(runs, "SpringStartupBenchmark.withSecretref"), Pool(runs, "SpringStartupBenchmark.withoutSecretref"))
    value_row("6 spring start-up", "with secretref", "", Pool(runs, "SpringStartupBenchmark.withSecretref"))
    value_row("6 spring start-up", "without secretref", "", Pool(runs, "SpringStartupBenchmark.withoutSecretref"))

    # the first round's benchmarks, as values
    value_row("fan-out", "100 refs / 4 managers / 20 ms, cold", "≤ 60 ms + overhead", Pool(runs, "FanOutBenchmark.resolve"))
    for pct in ("50", "99", "100"):
        value_row("herd", f"256 callers on one cold key, p{pct}", "1 call per herd", Pool(runs, "HerdBenchmark.herd", percentile=pct))
    for size in ("100000", "1000000", "10000000"):
        value_row("parser", f"findAll, {int(size) // 1000} kB text", "linear", Pool(runs, "ParserBenchmark.findAll", textBytes=size))

    multi = len(paths) > 1
    print(f"Runs: {', '.join(paths)}\n")
    head = "| # | comparison | target | result | spread (min–max over fork pairs) |" + (" per run |" if multi else "") + " note |"
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for section, what, target, value, spread, per_run, note in ROWS:
        cells = [section, what, target, value, spread] + ([per_run] if multi else []) + [note]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
