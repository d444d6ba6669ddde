#!/usr/bin/env bash
# PromQL latency side by side (not a test): the same data (bench/promql/Orrery.PromQLBench, fixed
# seed; half counters, half classic histogram buckets; 1 h at 15 s ending now) remote-written into
# a Release build of Orrery and into a real Prometheus (/usr/bin/prometheus,
# --web.enable-remote-write-receiver), both running at once, then the dashboard set timed as range
# queries over that hour at a 15 s step: RUNS runs each, alternating Orrery and Prometheus, median
# per query and the ratio Orrery/Prometheus (below 1 = Orrery faster). One warm-up query each first.
# Knobs: SIZES (series counts), RUNS, STEP_MS, SEED, PROMETHEUS.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=${SIZES:-"1000 10000 100000"}
RUNS=${RUNS:-7}
STEP_MS=${STEP_MS:-15000}
SEED=${SEED:-42}
ROUNDS=241  # 1 h at 15 s, both ends included
PROMETHEUS=${PROMETHEUS:-/usr/bin/prometheus}

dotnet build -c Release src/Orrery >/dev/null
dotnet build -c Release bench/promql/Orrery.PromQLBench >/dev/null
orrery=src/Orrery/bin/Release/net10.0/orrery.dll
tool=bench/promql/Orrery.PromQLBench/bin/Release/net10.0/Orrery.PromQLBench.dll

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() { for _ in $(seq 300); do curl -fs "$1" >/dev/null && return 0; sleep 0.2; done; echo "not ready: $1" >&2; return 1; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

work=$(mktemp -d /tmp/orrery-promql-bench.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done' EXIT
echo "== $(date -u '+%Y-%m-%d %H:%M:%S') UTC, $(nproc) cores, load average $(loadavg); sizes $SIZES, $RUNS runs, step ${STEP_MS} ms"
echo "== Prometheus $("$PROMETHEUS" --version 2>&1 | head -n1 | awk '{print $3}')"

for series in $SIZES; do
  http=$(free_port); grpc=$(free_port); otlphttp=$(free_port); pport=$(free_port)
  dotnet "$orrery" serve --data "$work/orrery-$series" --http "127.0.0.1:$http" --otlp-grpc "127.0.0.1:$grpc" \
    --otlp-http "127.0.0.1:$otlphttp" --log-format text 2>"$work/orrery-$series.log" &
  opid=$!; pids+=("$opid")
  printf 'global:\n  scrape_interval: 15s\nscrape_configs: []\n' >"$work/prometheus.yml"
  "$PROMETHEUS" --config.file "$work/prometheus.yml" --storage.tsdb.path "$work/prometheus-$series" \
    --web.listen-address "127.0.0.1:$pport" --web.enable-remote-write-receiver \
    --log.level warn 2>"$work/prometheus-$series.log" &
  ppid=$!; pids+=("$ppid")
  wait_ready "http://127.0.0.1:$http/ready"
  wait_ready "http://127.0.0.1:$pport/-/ready"

  end_ms=$(( $(date +%s) / 15 * 15 * 1000 ))
  echo "== $series series (Orrery pid $opid, Prometheus pid $ppid)"
  dotnet "$tool" load --endpoint "http://127.0.0.1:$http" --series "$series" --rounds "$ROUNDS" --end-ms "$end_ms" --seed "$SEED"
  dotnet "$tool" load --endpoint "http://127.0.0.1:$pport" --series "$series" --rounds "$ROUNDS" --end-ms "$end_ms" --seed "$SEED"
  sleep 5  # let both settle after the load
  echo "load average before the queries: $(loadavg)"
  dotnet "$tool" query --orrery "http://127.0.0.1:$http" --prometheus "http://127.0.0.1:$pport" \
    --end-ms "$end_ms" --rounds "$ROUNDS" --step-ms "$STEP_MS" --runs "$RUNS" | tee "$work/queries-$series.txt" || true

  kill -TERM "$opid" "$ppid"; wait "$opid" || true; wait "$ppid" || true
done
echo "(work directory $work kept for inspection)"
