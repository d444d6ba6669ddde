#!/usr/bin/env bash
# Whole-process ingest benchmark (not a test): starts a Release build of Orrery on a fresh data
# directory, drives realistic OTLP/gRPC load with bench/Orrery.LoadGen, then reports
#   - acknowledged spans/s and ack latency (the load generator's line),
#   - peak resident memory of the Orrery process (VmHWM),
#   - trace-by-id latency (p50/p99) through the Tempo API for recorded trace ids,
#   - bytes per span on disk once the head is cut into blocks (graceful shutdown cuts it).
# Knobs: RATE (spans/s, 0 = as fast as acks allow), DURATION (s), TOTAL (spans, 0 = duration
# bound), FSYNC (interval|always|none), SPANS_PER_REQUEST, CONCURRENCY.
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${RATE:-100000}
DURATION=${DURATION:-60}
TOTAL=${TOTAL:-0}
FSYNC=${FSYNC:-interval}
SPANS_PER_REQUEST=${SPANS_PER_REQUEST:-500}
CONCURRENCY=${CONCURRENCY:-8}

dotnet build -c Release src/Orrery >/dev/null
dotnet build -c Release bench/Orrery.LoadGen >/dev/null
orrery=src/Orrery/bin/Release/net10.0/orrery.dll
loadgen=bench/Orrery.LoadGen/bin/Release/net10.0/Orrery.LoadGen.dll

data=$(mktemp -d /tmp/orrery-bench.XXXXXX)
dotnet "$orrery" serve --data "$data" --http 127.0.0.1:13200 --otlp-grpc 127.0.0.1:14317 \
  --otlp-http 127.0.0.1:14318 --wal-fsync "$FSYNC" --log-format text 2>"$data.log" &
pid=$!
trap 'kill -9 $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs http://127.0.0.1:13200/ready >/dev/null && break; sleep 0.2; done

echo "== ingest: rate ${RATE} spans/s, ${DURATION}s, total ${TOTAL}, wal-fsync ${FSYNC}"
dotnet "$loadgen" --endpoint http://127.0.0.1:14317 --rate "$RATE" --duration "$DURATION" \
  --total-spans "$TOTAL" --spans-per-request "$SPANS_PER_REQUEST" --concurrency "$CONCURRENCY" \
  --ids-out "$data/ids.txt" | tee "$data/loadgen.txt"
grep VmHWM "/proc/$pid/status" | awk '{ printf "peak memory (VmHWM): %.0f MiB\n", $2 / 1024 }'
curl -fs http://127.0.0.1:13200/metrics | grep -E '^orrery_(spans|wal|blocks?|head)' | head -n 20 || true

echo "== trace by id (head)"
dotnet "$loadgen" query --endpoint http://127.0.0.1:13200 --ids "$data/ids.txt" --count 2000

echo "== graceful shutdown cuts the head into blocks"
kill -TERM $pid; wait $pid || true
acked=$(grep -oE 'acked [0-9]+' "$data/loadgen.txt" | awk '{print $2}')
blocks=$(du -sb "$data"/traces/*/blocks 2>/dev/null | awk '{s += $1} END {print s + 0}')
wal=$(du -sb "$data"/wal 2>/dev/null | awk '{print $1 + 0}')
awk -v b="$blocks" -v a="$acked" -v w="$wal" 'BEGIN { printf "on disk: %d block bytes for %d spans = %.1f bytes/span (WAL left: %d bytes)\n", b, a, b / a, w }'

echo "== trace by id (blocks, after restart)"
dotnet "$orrery" serve --data "$data" --http 127.0.0.1:13200 --otlp-grpc 127.0.0.1:14317 \
  --otlp-http 127.0.0.1:14318 --log-format text 2>>"$data.log" &
pid=$!
for _ in $(seq 300); do curl -fs http://127.0.0.1:13200/ready >/dev/null && break; sleep 0.2; done
dotnet "$loadgen" query --endpoint http://127.0.0.1:13200 --ids "$data/ids.txt" --count 2000
grep VmHWM "/proc/$pid/status" | awk '{ printf "peak memory after restart (VmHWM): %.0f MiB\n", $2 / 1024 }'
kill -TERM $pid; wait $pid || true
rm -rf "$data" "$data.log"
