#!/usr/bin/env python3
"""Renders the results of bench/side-by-side/metrics.sh as a Markdown fragment.

usage: report.py RESULTS ORRERY_QUERIES.tsv PROMETHEUS_QUERIES.tsv COMMAND
RESULTS holds key=value lines written by the script; the TSVs are Orrery.PromQLBench `time` output.
"""
import os
import sys


def read_results(path):
    values = {}
    with open(path) as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition("=")
            values[key] = value
    return values


def read_queries(path):
    rows = {}
    if not os.path.exists(path):
        return rows
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 4:
                rows[parts[0]] = parts[1:]
    return rows


def num(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def fmt(value, digits=0):
    if value is None:
        return "—"
    return f"{value:,.{digits}f}"


def text(value):
    return "—" if value is None or value == "" else value


def ratio(o, p, digits=2):
    if o is None or p is None or p == 0:
        return "—"
    return f"{o / p:.{digits}f}"


def main():
    results = read_results(sys.argv[1])
    orrery_q = read_queries(sys.argv[2])
    prom_q = read_queries(sys.argv[3])
    command = sys.argv[4]
    r = results.get
    out = []
    out.append(f"Metrics against Prometheus {r('prometheus', '?')}: run {r('started')}–{r('finished')} on "
               f"{r('machine')}, load average (1/5/15 min) {r('load_start')} at the start and {r('load_end')} at the end, "
               f"Orrery at commit `{r('commit')}` started with `--metrics-max-series {r('limit')} --metrics-max-series-per-metric {r('limit')}` "
               f"(defaults 1,000,000 and 100,000). Command: `{command}`. Each figure is from one run "
               "(queries: median of the timed runs); the peers never ran at the same time. Steady state: samples acknowledged per second "
               "from the end of the first round ≥ 3 that ended ≥ 10 s into the run to the end of the last whole round; "
               "creation: the series count / the time until the first round was acknowledged for every worker (cold start included). "
               "CPU: the server process's user+sys seconds, all threads. Memory runs: both peers get the same samples a series (rounds 15 s apart "
               "in simulated time) after a warm-up of other series, which shows each process's one-time cost of ingesting at all (compiled code, "
               "pools, buffers) in neither figure but the cold one; RSS read right after the last acknowledgement and again once the GCs settled, "
               "minus the RSS after the warm-up; "
               "each store's own /metrics then showed exactly the series and samples acknowledged.")
    out.append("")
    out.append("| figure | Orrery | Prometheus | Orrery/Prometheus | load average after (O / P) |")
    out.append("|---|---|---|---|---|")

    def both(key):
        return num(r(f"orrery.{key}")), num(r(f"prometheus.{key}"))

    def mem_rows(name):
        o_series = num(r(f"orrery.{name}.series"))
        if o_series is None:
            return
        o_acked, p_acked = both(f"{name}.acked")
        planned = num(r(f"orrery.{name}.rounds"))
        # Both peers got the planned samples a series unless a run hit the script's time cap.
        capped = [peer for peer, acked in (("Orrery", o_acked), ("Prometheus", p_acked))
                  if acked is not None and planned and acked < o_series * planned]
        label = f"{fmt(o_series)} series × {fmt(planned)} samples a series"
        if capped:
            label += (f" (**capped**: {' and '.join(capped)} stopped at the time cap; samples a series "
                      f"{fmt(o_acked / o_series if o_acked else None, 1)} / {fmt(p_acked / o_series if p_acked else None, 1)})")
        load = f"{r(f'orrery.{name}.load')} / {r(f'prometheus.{name}.load')}"
        o_rate, p_rate = both(f"{name}.steady_rate")
        o_secs, p_secs = both(f"{name}.steady_seconds")
        span = (f"rounds {text(r(f'orrery.{name}.steady_from'))}–{text(r(f'orrery.{name}.steady_to'))} / "
                f"{text(r(f'prometheus.{name}.steady_from'))}–{text(r(f'prometheus.{name}.steady_to'))}, "
                f"{fmt(o_secs, 1)} / {fmt(p_secs, 1)} s, {fmt(num(r(f'orrery.{name}.steady_samples')))} / {fmt(num(r(f'prometheus.{name}.steady_samples')))} samples")
        out.append(f"| {label}: steady-state ingest, samples/s ({span}) | {fmt(o_rate)} | {fmt(p_rate)} | {ratio(o_rate, p_rate)} | {load} |")
        o_cr, p_cr = both(f"{name}.creation_rate")
        o_cs, p_cs = both(f"{name}.creation_seconds")
        out.append(f"| {label}: series creation (first round), new series/s ({fmt(o_cs, 1)} / {fmt(p_cs, 1)} s) | {fmt(o_cr)} | {fmt(p_cr)} | {ratio(o_cr, p_cr)} | |")
        o_cpu, p_cpu = both(f"{name}.steady_cpu")
        o_n, p_n = both(f"{name}.steady_samples")
        o_per = o_cpu / o_n * 1e6 if o_cpu is not None and o_n else None
        p_per = p_cpu / p_n * 1e6 if p_cpu is not None and p_n else None

        def generator(peer, acked):
            # The generator's CPU over its whole run: per 1M samples sent, and the cores it kept busy.
            cpu, secs, cores = num(r(f"{peer}.{name}.gen_cpu")), num(r(f"{peer}.{name}.seconds")), num(r("cores"))
            per = f"{cpu / acked * 1e6:.2f}" if cpu is not None and acked else "—"
            share = f"{cpu / secs / cores:.0%}" if cpu is not None and secs and cores else "—"
            return f"{per} s per 1M, {share} of the cores"
        out.append(f"| {label}: server CPU s per 1M samples, steady part (generator, whole run: {generator('orrery', o_acked)} / "
                   f"{generator('prometheus', p_acked)}) | {fmt(o_per, 2)} | {fmt(p_per, 2)} | {ratio(o_per, p_per)} | |")

        warm = num(r(f"orrery.{name}.warm_series")) or 0

        def per_series(peer, key, cold=False):
            # Net of the process after the warm-up (the load's series alone), or net of the cold
            # idle process (the warm-up's series counted as active too).
            base = "cold_kib" if cold else "idle_kib"
            rss, idle, series = num(r(f"{peer}.{name}.{key}")), num(r(f"{peer}.{name}.{base}")), num(r(f"{peer}.{name}.series"))
            acked = num(r(f"{peer}.{name}.acked")) or 0
            # Active series: those the first round reached (all of them unless the run ended inside it).
            active = min(series, acked) if series else 0
            if cold:
                active += num(r(f"{peer}.{name}.warm_series")) or 0
            if rss is None or idle is None or not active:
                return None, None
            return (rss - idle) * 1024 / active, rss / 1024
        depth = f"{fmt(o_acked / o_series if o_acked else None, 1)} / {fmt(p_acked / o_series if p_acked else None, 1)} samples per series"
        if (o_acked or 0) < o_series or (p_acked or 0) < o_series:
            depth += f"; the run ended inside the first round: active series {fmt(min(o_series, o_acked or 0))} / {fmt(min(o_series, p_acked or 0))}"
        def mib(peer, key):
            kib = num(r(f"{peer}.{name}.{key}"))
            return kib / 1024 if kib is not None else None
        base = (f"net of the process after its warm-up ({fmt(warm)} other series × {text(r('warm_rounds'))} samples; "
                f"RSS then {fmt(mib('orrery', 'idle_kib'))} / {fmt(mib('prometheus', 'idle_kib'))} MiB)") if warm else "net of the idle process"
        o_b, o_mib = per_series("orrery", "rss_kib")
        p_b, p_mib = per_series("prometheus", "rss_kib")
        out.append(f"| {label}: RSS per active series, {base}, right after the last acknowledgement "
                   f"(RSS {fmt(o_mib)} / {fmt(p_mib)} MiB; {depth}) | {fmt(o_b)} B | {fmt(p_b)} B | {ratio(o_b, p_b)} | |")
        o_b, o_mib = per_series("orrery", "rss_late_kib")
        p_b, p_mib = per_series("prometheus", "rss_late_kib")
        if o_b is not None or p_b is not None:
            out.append(f"| {label}: RSS per active series, {base}, {text(r('settle'))} s later "
                       f"(RSS {fmt(o_mib)} / {fmt(p_mib)} MiB) | {fmt(o_b)} B | {fmt(p_b)} B | {ratio(o_b, p_b)} | |")
        if warm:
            o_b, _ = per_series("orrery", "rss_kib", cold=True)
            p_b, _ = per_series("prometheus", "rss_kib", cold=True)
            out.append(f"| {label}: RSS per active series, net of the cold idle process (idle {fmt(mib('orrery', 'cold_kib'))} / "
                       f"{fmt(mib('prometheus', 'cold_kib'))} MiB; the warm-up's series counted), right after the last acknowledgement "
                       f"| {fmt(o_b)} B | {fmt(p_b)} B | {ratio(o_b, p_b)} | |")

    mem_rows("memA")
    mem_rows("memB")

    if num(r("orrery.disk.series")) is not None:
        label = f"{fmt(num(r('orrery.disk.series')))} series, 11.5 h simulated (block cuts and compaction)"
        o_a, p_a = both("disk.acked")
        o_s, p_s = both("disk.seconds")
        o_rate = o_a / o_s if o_a and o_s else None
        p_rate = p_a / p_s if p_a and p_s else None
        out.append(f"| {label}: ingest, samples/s acknowledged over the whole run ({fmt(o_a)} samples) | {fmt(o_rate)} | {fmt(p_rate)} | {ratio(o_rate, p_rate)} | {r('orrery.disk.load')} / {r('prometheus.disk.load')} |")
        o_w, p_w = both("disk.steady_rate")
        out.append(f"| {label}: ingest after the first 10 s, samples/s | {fmt(o_w)} | {fmt(p_w)} | {ratio(o_w, p_w)} | |")
        o_cpu, p_cpu = both("disk.server_cpu")
        o_per = o_cpu / o_a * 1e6 if o_cpu is not None and o_a else None
        p_per = p_cpu / p_a * 1e6 if p_cpu is not None and p_a else None
        out.append(f"| {label}: server CPU s per 1M samples, whole run (generator {r('orrery.disk.gen_cpu')} / {r('prometheus.disk.gen_cpu')} CPU s) | {fmt(o_per, 2)} | {fmt(p_per, 2)} | {ratio(o_per, p_per)} | |")

    if num(r("orrery.disk.samples")) is not None or num(r("prometheus.disk.samples")) is not None:
        def per_sample(peer, prefix=""):
            b, s = num(r(f"{peer}.disk.{prefix}bytes")), num(r(f"{peer}.disk.{prefix}samples"))
            return (b / s if s else None), b, s
        o_c, o_cb, o_cs = per_sample("orrery", "compacted_")
        p_c, p_cb, p_cs = per_sample("prometheus", "compacted_")
        o_a, o_ab, o_as = per_sample("orrery")
        p_a, p_ab, p_as = per_sample("prometheus")
        out.append(f"| bytes/sample, compacted (level ≥ 2) blocks, index included ({fmt(o_cs)} / {fmt(p_cs)} samples, {fmt(o_cb)} / {fmt(p_cb)} B) | {fmt(o_c, 3)} | {fmt(p_c, 3)} | {ratio(o_c, p_c, 3)} | |")
        out.append(f"| bytes/sample, all blocks ({r('orrery.disk.blocks')} / {r('prometheus.disk.blocks')} blocks, {fmt(o_as)} / {fmt(p_as)} samples) | {fmt(o_a, 3)} | {fmt(p_a, 3)} | {ratio(o_a, p_a, 3)} | |")
        out.append("")
        out.append(f"Dashboard queries (range queries over the last hour of the disk run's data, {r('queries_window')}, step 15 s; "
                   f"median ms; load average before them {r('orrery.queries_load')} / {r('prometheus.queries_load')}):")
        out.append("")
        out.append("| query | Orrery ms | Prometheus ms | Orrery/Prometheus | series (O / P) |")
        out.append("|---|---|---|---|---|")
        for query in list(dict.fromkeys(list(orrery_q) + list(prom_q))):
            o = orrery_q.get(query, ["", "", "missing"])
            p = prom_q.get(query, ["", "", "missing"])
            o_ms, p_ms = num(o[0]), num(p[0])
            note = "" if o[2] == "ok" and p[2] == "ok" else f" (errors: {o[2]} / {p[2]})"
            q = query.replace("|", "\\|")
            out.append(f"| `{q}` | {fmt(o_ms, 1)} | {fmt(p_ms, 1)} | {ratio(o_ms, p_ms)} | {o[1]} / {p[1]}{note} |")
        out.append("")
        out.append("Block files (path size; compacted and level-1 blocks):")
        out.append("")
        for peer in ("orrery", "prometheus"):
            files = [f for f in (r(f"{peer}.disk.files") or "").split(";") if f]
            out.append(f"- {peer}: " + ", ".join(f"`{f}`" for f in files))
    print("\n".join(out))


if __name__ == "__main__":
    main()
