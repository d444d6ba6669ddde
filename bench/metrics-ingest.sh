#!/usr/bin/env bash
# Replaced by bench/side-by-side/metrics.sh (the metrics part of bench/run): the same figures
# (remote write ingest, RSS per active series, bytes per sample after compaction) plus PromQL
# latency, driven by `orrery gen metrics` in simulated time instead of bench/Orrery.LoadGen.
# Kept so old commands still work: SCALE, OUT, KEEP and the other knobs pass through.
exec "$(dirname "$0")/side-by-side/metrics.sh" "$@"
