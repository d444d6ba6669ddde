#!/usr/bin/env python3
"""Splits one `orrery gen metrics --round-times` run into series creation and steady-state ingest.

usage: rounds.py ROUND_TIMES.tsv CPU_SAMPLES SERIES CLK_TCK
ROUND_TIMES: the generator's file (round, seconds, unix_ms, acknowledged_samples; header line).
CPU_SAMPLES: lines "unix_ms ticks" of the server process (utime + stime of all threads), sampled
every ~0.5 s by metrics.sh during the load.
Prints key=value lines:
  creation_seconds, creation_rate   time until round 1 was acknowledged for every worker (every
                                    series then exists), and SERIES / that time (new series/s)
  steady_from, steady_to            the steady part: from the end of the first round >= 3 that
                                    ended >= 10 s into the run (JIT tiers and creation left out)
                                    to the end of the last round acknowledged for every worker
  steady_seconds, steady_samples, steady_rate
  steady_cpu                        server CPU seconds over the steady part (interpolated samples)
"""
import bisect
import sys

WARM_ROUND, WARM_SECONDS = 3, 10.0


def cpu_at(samples, unix_ms):
    times = [t for t, _ in samples]
    i = bisect.bisect_left(times, unix_ms)
    if i == 0:
        return samples[0][1]
    if i >= len(samples):
        return samples[-1][1]
    (t0, c0), (t1, c1) = samples[i - 1], samples[i]
    return c0 + (c1 - c0) * (unix_ms - t0) / max(1, t1 - t0)


def main():
    rounds_path, cpu_path, series, tck = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    rounds = []
    with open(rounds_path) as f:
        next(f)
        for line in f:
            r, s, ms, acked = line.split("\t")
            rounds.append((int(r), float(s), int(ms), int(acked)))
    samples = []
    with open(cpu_path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2:
                samples.append((int(parts[0]), int(parts[1])))
    if not rounds:
        return
    first = rounds[0]
    print(f"creation_seconds={first[1]:.3f}")
    print(f"creation_rate={series / first[1]:.0f}" if first[1] > 0 else "creation_rate=")
    start = next((r for r in rounds if r[0] >= WARM_ROUND and r[1] >= WARM_SECONDS), None)
    end = rounds[-1]
    if start is None or end[0] <= start[0]:
        return
    seconds = end[1] - start[1]
    acked = end[3] - start[3]
    print(f"steady_from={start[0]}")
    print(f"steady_to={end[0]}")
    print(f"steady_seconds={seconds:.1f}")
    print(f"steady_samples={acked}")
    print(f"steady_rate={acked / seconds:.0f}")
    if samples:
        print(f"steady_cpu={(cpu_at(samples, end[2]) - cpu_at(samples, start[2])) / tck:.2f}")


if __name__ == "__main__":
    main()
