#!/usr/bin/env bash
# Side-by-side remote write benchmark (not a test): the same generated load (bench/Orrery.LoadGen
# remote-write, fixed seed) sent first to a Release build of Orrery, then to a real Prometheus
# (/usr/bin/prometheus, --web.enable-remote-write-receiver), never both at once. Reports for each
#   - acknowledged samples/s (all rounds, and the rounds after every series exists),
#   - resident memory (VmRSS) after the load, per active series (also net of the idle process),
#   - bytes per sample on disk once the head is written as blocks, index included:
#       Orrery: SIGTERM cuts the head into blocks; sum of <data>/metrics/*/blocks.
#       Prometheus: POST /api/v1/admin/tsdb/snapshot (head included) and the snapshot's size;
#       its WAL is not counted, as Orrery's is not.
# Knobs: SERIES (active series), ROUNDS (samples per series, 15 s of simulated time apart),
# BATCH (series per request), CONCURRENCY (connections), DURATION (s, cap per target), SEED.
set -euo pipefail
cd "$(dirname "$0")/.."
SERIES=${SERIES:-100000}
ROUNDS=${ROUNDS:-120}
BATCH=${BATCH:-2000}
CONCURRENCY=${CONCURRENCY:-8}
DURATION=${DURATION:-240}
SEED=${SEED:-42}
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
    --concurrency "$CONCURRENCY" --duration "$DURATION" --seed "$SEED"
}
acked_of() { grep -oE 'acked [0-9]+' "$1" | awk '{print $2}'; }
rate_of() { grep -oE '\(([0-9]+) samples/s\)' "$1" | head -n1 | grep -oE '[0-9]+'; }

work=$(mktemp -d /tmp/orrery-metrics-bench.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done' EXIT
echo "== $(date -u '+%Y-%m-%d %H:%M:%S') UTC, $(nproc) cores, load average $(loadavg); $SERIES series x $ROUNDS rounds, batch $BATCH, $CONCURRENCY connections"

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
kill -TERM "$opid"; wait "$opid" || true
o_blocks=$(du -sb "$work"/orrery/metrics/*/blocks 2>/dev/null | awk '{s += $1} END {print s + 0}')
o_wal=$(du -sb "$work/orrery/wal/metrics" 2>/dev/null | awk '{print $1 + 0}')
echo "blocks: $(ls -d "$work"/orrery/metrics/*/blocks/* 2>/dev/null | wc -l), $o_blocks bytes (WAL left: $o_wal bytes)"

# --- Prometheus -----------------------------------------------------------------------------
sleep 5  # let the machine settle after Orrery's shutdown
pport=$(free_port)
printf 'global:\n  scrape_interval: 15s\nscrape_configs: []\n' >"$work/prometheus.yml"
"$PROMETHEUS" --config.file "$work/prometheus.yml" --storage.tsdb.path "$work/prometheus" \
  --web.listen-address "127.0.0.1:$pport" --web.enable-remote-write-receiver --web.enable-admin-api \
  --log.level warn 2>"$work/prometheus.log" &
ppid=$!; pids+=("$ppid")
wait_ready "http://127.0.0.1:$pport/-/ready"
p_idle=$(rss_kib "$ppid")
echo "== Prometheus $("$PROMETHEUS" --version 2>&1 | head -n1 | awk '{print $3}') (pid $ppid), load average before $(loadavg)"
run_load "http://127.0.0.1:$pport" | tee "$work/prometheus.txt" || true
p_load=$(loadavg)
p_rss=$(rss_kib "$ppid")
echo "load average after: $p_load; VmRSS $((p_rss / 1024)) MiB (idle $((p_idle / 1024)) MiB)"
snap=$(curl -fs -XPOST "http://127.0.0.1:$pport/api/v1/admin/tsdb/snapshot" | grep -oE '"name":"[^"]+"' | cut -d'"' -f4)
p_blocks=$(du -sb "$work/prometheus/snapshots/$snap" | awk '{print $1}')
p_wal=$(du -sb "$work/prometheus/wal" | awk '{print $1}')
echo "snapshot $snap: $(ls -d "$work/prometheus/snapshots/$snap"/*/ | wc -l) blocks, $p_blocks bytes (WAL: $p_wal bytes)"
kill -TERM "$ppid"; wait "$ppid" || true

# --- Summary --------------------------------------------------------------------------------
o_acked=$(acked_of "$work/orrery.txt"); p_acked=$(acked_of "$work/prometheus.txt")
o_rate=$(rate_of "$work/orrery.txt"); p_rate=$(rate_of "$work/prometheus.txt")
echo "== summary ($SERIES active series, $ROUNDS samples each)"
awk -v s="$SERIES" -v or="$o_rate" -v pr="$p_rate" -v oa="$o_acked" -v pa="$p_acked" \
    -v orss="$o_rss" -v prss="$p_rss" -v oi="$o_idle" -v pi="$p_idle" -v ob="$o_blocks" -v pb="$p_blocks" \
    -v ol="$o_load" -v pl="$p_load" 'BEGIN {
  printf "%-28s %14s %14s %8s\n", "", "Orrery", "Prometheus", "ratio"
  printf "%-28s %14d %14d %7.2fx\n", "samples/s acked", or, pr, (pr > 0 ? or / pr : 0)
  printf "%-28s %14d %14d\n", "samples acked", oa, pa
  printf "%-28s %14.0f %14.0f %7.2fx\n", "VmRSS bytes/series", orss * 1024 / s, prss * 1024 / s, (orss > 0 ? prss / orss : 0)
  printf "%-28s %14.0f %14.0f\n", "  net of idle process", (orss - oi) * 1024 / s, (prss - pi) * 1024 / s
  printf "%-28s %14.3f %14.3f %7.2fx\n", "block bytes/sample", (oa > 0 ? ob / oa : 0), (pa > 0 ? pb / pa : 0), (ob > 0 && pa > 0 ? (pb / pa) / (ob / oa) : 0)
  printf "%-28s %14s %14s\n", "load average after load", ol, pl
}' | tee "$work/summary.txt"
echo "(work directory $work kept for inspection; logs orrery.log, prometheus.log)"
