#!/usr/bin/env bash
# Side-by-side remote write benchmark (not a test): the same generated load (bench/Orrery.LoadGen
# remote-write, fixed seed) sent first to a Release build of Orrery, then to a real Prometheus
# (/usr/bin/prometheus, --web.enable-remote-write-receiver), never both at once. Reports for each
#   - acknowledged samples/s (all rounds, and the rounds after every series exists),
#   - resident memory (VmRSS) after the load, per active series (also net of the idle process),
#   - bytes per sample in blocks, index included: both cut the oldest aligned 2 h window of the
#     head into a block once the head spans more than 3 h (Prometheus's rule, which Orrery
#     follows), so ROUNDS must exceed 720 (3 h of 15 s rounds) for a block to exist. Figure =
#     sum of the block directories' sizes / sum of numSamples in their meta.json. Orrery:
#     <data>/metrics/*/blocks/*; Prometheus: <data>/<ULID> (wal/ and chunks_head/ not counted).
#     Neither binary's block duration is changed. SIGTERM does not cut Orrery's metric head
#     (it checkpoints it), so a short run has no blocks to measure.
# Knobs: SERIES (active series), ROUNDS (samples per series, 15 s of simulated time apart),
# BATCH (series per request), CONCURRENCY (connections), DURATION (s, cap per target), SEED,
# JITTER_MS (each scrape's timestamp moves by up to ± this, the same for every series of a target).
set -euo pipefail
cd "$(dirname "$0")/.."
SERIES=${SERIES:-100000}
ROUNDS=${ROUNDS:-40}
BATCH=${BATCH:-2000}
CONCURRENCY=${CONCURRENCY:-8}
DURATION=${DURATION:-240}
SEED=${SEED:-42}
JITTER_MS=${JITTER_MS:-5}
PROMETHEUS=${PROMETHEUS:-/usr/bin/prometheus}

dotnet build -c Release src/Orrery >/dev/null
dotnet build -c Release bench/Orrery.LoadGen >/dev/null
orrery=src/Orrery/bin/Release/net10.0/orrery.dll
loadgen=bench/Orrery.LoadGen/bin/Release/net10.0/Orrery.LoadGen.dll

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
wait_ready() { for _ in $(seq 300); do curl -fs "$1" >/dev/null && return 0; sleep 0.2; done; echo "not ready: $1" >&2; return 1; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
run_load() {
  dotnet "$loadgen" remote-write --endpoint "$1" --series "$SERIES" --rounds "$ROUNDS" --batch "$BATCH" \
    --concurrency "$CONCURRENCY" --duration "$DURATION" --seed "$SEED" --jitter-ms "$JITTER_MS"
}
# Block bytes and samples of every block directory (one with a meta.json) under the given parents.
block_stats() {
  local bytes=0 samples=0 n=0 d
  for d in "$@"; do
    [ -f "$d/meta.json" ] || continue
    n=$((n + 1))
    bytes=$((bytes + $(du -sb "$d" | awk '{print $1}')))
    samples=$((samples + $(grep -oiE '"numSamples": *[0-9]+' "$d/meta.json" | grep -oE '[0-9]+$')))
  done
  echo "$n $bytes $samples"
}
# A block is due once the head spans > 3 h: wait for it (both cut promptly on append, but may lag).
# The argument is a glob of block directories, expanded on every try (a block cut after the call counts).
wait_blocks() {
  [ "$ROUNDS" -gt 721 ] || return 0
  for _ in $(seq 120); do compgen -G "$1/meta.json" >/dev/null && return 0; sleep 1; done
}
acked_of() { grep -oE 'acked [0-9]+' "$1" | awk '{print $2}'; }
rate_of() { grep -oE '\(([0-9]+) samples/s\)' "$1" | head -n1 | grep -oE '[0-9]+'; }

work=$(mktemp -d /tmp/orrery-metrics-bench.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done' EXIT
echo "== $(date -u '+%Y-%m-%d %H:%M:%S') UTC, $(nproc) cores, load average $(loadavg); $SERIES series x $ROUNDS rounds, batch $BATCH, $CONCURRENCY connections, jitter ±$JITTER_MS ms"

# --- Orrery ---------------------------------------------------------------------------------
http=$(free_port); grpc=$(free_port); otlphttp=$(free_port)
dotnet "$orrery" serve --data "$work/orrery" --http "127.0.0.1:$http" --otlp-grpc "127.0.0.1:$grpc" \
  --otlp-http "127.0.0.1:$otlphttp" --log-format text 2>"$work/orrery.log" &
opid=$!; pids+=("$opid")
wait_ready "http://127.0.0.1:$http/ready"
o_idle=$(rss_kib "$opid")
echo "== Orrery (pid $opid), load average before $(loadavg)"
run_load "http://127.0.0.1:$http" | tee "$work/orrery.txt" || true
o_load=$(loadavg)
o_rss=$(rss_kib "$opid")
echo "load average after: $o_load; VmRSS $((o_rss / 1024)) MiB (idle $((o_idle / 1024)) MiB)"
wait_blocks "$work/orrery/metrics/*/blocks/*"
kill -TERM "$opid"; wait "$opid" || true
read -r o_nblocks o_blocks o_bsamples < <(block_stats "$work"/orrery/metrics/*/blocks/*)
echo "blocks: $o_nblocks, $o_blocks bytes, $o_bsamples samples"

# --- Prometheus -----------------------------------------------------------------------------
sleep 5  # let the machine settle after Orrery's shutdown
pport=$(free_port)
printf 'global:\n  scrape_interval: 15s\nscrape_configs: []\n' >"$work/prometheus.yml"
"$PROMETHEUS" --config.file "$work/prometheus.yml" --storage.tsdb.path "$work/prometheus" \
  --web.listen-address "127.0.0.1:$pport" --web.enable-remote-write-receiver \
  --log.level warn 2>"$work/prometheus.log" &
ppid=$!; pids+=("$ppid")
wait_ready "http://127.0.0.1:$pport/-/ready"
p_idle=$(rss_kib "$ppid")
echo "== Prometheus $("$PROMETHEUS" --version 2>&1 | head -n1 | awk '{print $3}') (pid $ppid), load average before $(loadavg)"
run_load "http://127.0.0.1:$pport" | tee "$work/prometheus.txt" || true
p_load=$(loadavg)
p_rss=$(rss_kib "$ppid")
echo "load average after: $p_load; VmRSS $((p_rss / 1024)) MiB (idle $((p_idle / 1024)) MiB)"
wait_blocks "$work/prometheus/*"
kill -TERM "$ppid"; wait "$ppid" || true
read -r p_nblocks p_blocks p_bsamples < <(block_stats "$work"/prometheus/*)
echo "blocks: $p_nblocks, $p_blocks bytes, $p_bsamples samples"

# --- Summary --------------------------------------------------------------------------------
o_acked=$(acked_of "$work/orrery.txt"); p_acked=$(acked_of "$work/prometheus.txt")
o_rate=$(rate_of "$work/orrery.txt"); p_rate=$(rate_of "$work/prometheus.txt")
echo "== summary ($SERIES active series, $ROUNDS samples each)"
awk -v s="$SERIES" -v or="$o_rate" -v pr="$p_rate" -v oa="$o_acked" -v pa="$p_acked" \
    -v orss="$o_rss" -v prss="$p_rss" -v oi="$o_idle" -v pi="$p_idle" -v ob="$o_blocks" -v pb="$p_blocks" -v obs="$o_bsamples" -v pbs="$p_bsamples" \
    -v ol="$o_load" -v pl="$p_load" 'BEGIN {
  printf "%-28s %14s %14s %8s\n", "", "Orrery", "Prometheus", "ratio"
  printf "%-28s %14d %14d %7.2fx\n", "samples/s acked", or, pr, (pr > 0 ? or / pr : 0)
  printf "%-28s %14d %14d\n", "samples acked", oa, pa
  printf "%-28s %14.0f %14.0f %7.2fx\n", "VmRSS bytes/series", orss * 1024 / s, prss * 1024 / s, (orss > 0 ? prss / orss : 0)
  printf "%-28s %14.0f %14.0f\n", "  net of idle process", (orss - oi) * 1024 / s, (prss - pi) * 1024 / s
  if (obs > 0 && pbs > 0) {
    printf "%-28s %14d %14d\n", "samples in blocks", obs, pbs
    printf "%-28s %14.3f %14.3f %7.2fx\n", "block bytes/sample", ob / obs, pb / pbs, (pb / pbs) / (ob / obs)
  } else printf "%-28s %14d %14d   (no block cut: ROUNDS must exceed 720)\n", "samples in blocks", obs, pbs
  printf "load average after the load: Orrery run %s, Prometheus run %s\n", ol, pl
}' | tee "$work/summary.txt"
echo "(work directory $work kept for inspection; logs orrery.log, prometheus.log)"
