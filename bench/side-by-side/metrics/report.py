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
               f"Orrery at commit `{r('commit')}`. Command: `{command}`. Each figure is from one run "
               "(queries: median of the timed runs); the peers never ran at the same time.")
    out.append("")
    out.append("| figure | Orrery | Prometheus | Orrery/Prometheus | load average after (O / P) |")
    out.append("|---|---|---|---|---|")

    def run_rows(name, label):
        o_series = num(r(f"orrery.{name}.series"))
        if o_series is None:
            return
        o_rate = num(r(f"orrery.{name}.acked")) / num(r(f"orrery.{name}.seconds"))
        p_acked, p_secs = num(r(f"prometheus.{name}.acked")), num(r(f"prometheus.{name}.seconds"))
        p_rate = p_acked / p_secs if p_acked is not None and p_secs else None
        load = f"{r(f'orrery.{name}.load')} / {r(f'prometheus.{name}.load')}"
        samples = f"{fmt(num(r(f'orrery.{name}.acked')))} samples"
        out.append(f"| {label}: ingest, samples/s acknowledged ({samples}) | {fmt(o_rate)} | {fmt(p_rate)} | {ratio(o_rate, p_rate)} | {load} |")
        o_warm, p_warm = num(r(f"orrery.{name}.warm_rate")), num(r(f"prometheus.{name}.warm_rate"))
        if o_warm is not None or p_warm is not None:
            out.append(f"| {label}: ingest after the first 10 s (cold start left out), samples/s | {fmt(o_warm)} | {fmt(p_warm)} | {ratio(o_warm, p_warm)} | |")
        o_cpu = num(r(f"orrery.{name}.server_cpu"))
        p_cpu = num(r(f"prometheus.{name}.server_cpu"))
        o_per = o_cpu / num(r(f"orrery.{name}.acked")) * 1e6 if o_cpu is not None else None
        p_per = p_cpu / p_acked * 1e6 if p_cpu is not None and p_acked else None
        out.append(f"| {label}: server CPU s per 1M samples (user+sys, all threads; generator {r(f'orrery.{name}.gen_cpu')} / {r(f'prometheus.{name}.gen_cpu')} CPU s) | {fmt(o_per, 2)} | {fmt(p_per, 2)} | {ratio(o_per, p_per)} | |")
        if name.startswith("mem"):
            def per_series(peer):
                rss, idle, series = num(r(f"{peer}.{name}.rss_kib")), num(r(f"{peer}.{name}.idle_kib")), num(r(f"{peer}.{name}.series"))
                if rss is None or idle is None or not series:
                    return None, None
                return (rss - idle) * 1024 / series, rss / 1024
            o_b, o_mib = per_series("orrery")
            p_b, p_mib = per_series("prometheus")
            out.append(f"| {label}: RSS per active series, net of the idle process (RSS after the load {fmt(o_mib)} / {fmt(p_mib)} MiB) | {fmt(o_b)} B | {fmt(p_b)} B | {ratio(o_b, p_b)} | |")

    series_a = fmt(num(r("orrery.memA.series")))
    series_b = fmt(num(r("orrery.memB.series")))
    series_d = fmt(num(r("orrery.disk.series")))
    def rounds(name):
        acked, series = num(r(f"orrery.{name}.acked")), num(r(f"orrery.{name}.series"))
        return fmt(acked / series) if acked is not None and series else "—"
    run_rows("memA", f"{series_a} series, {rounds('memA')} rounds")
    run_rows("memB", f"{series_b} series, {rounds('memB')} rounds")
    run_rows("disk", f"{series_d} series, 11.5 h simulated (block cuts and compaction)")

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
