#!/usr/bin/env bash
# Whole-process ingest benchmark (not a test): starts a Release build of Orrery on a fresh data
# directory, drives OTLP/gRPC load with `orrery gen traces` (preset PRESET, default realistic: a
# shop of 8 services, 5-25 spans per trace), then reports
#   - acknowledged spans/s (the generator's summary line; it does not measure ack latency),
#   - peak resident memory of the Orrery process (VmHWM),
#   - trace-by-id latency (p50/p99) through the Tempo API for QUERIES trace ids found by a search
#     (one curl process, one kept-alive connection, curl's time per request),
#   - bytes per span on disk once the head is cut into blocks (graceful shutdown cuts it).
# Knobs: RATE (spans/s, 0 = as fast as acks allow), DURATION (s), TOTAL (spans, 0 = duration
# bound), FSYNC (interval|always|none), SPANS_PER_REQUEST, CONCURRENCY (workers), PRESET, QUERIES.
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${RATE:-100000}
DURATION=${DURATION:-60}
TOTAL=${TOTAL:-0}
FSYNC=${FSYNC:-interval}
SPANS_PER_REQUEST=${SPANS_PER_REQUEST:-500}
CONCURRENCY=${CONCURRENCY:-8}
PRESET=${PRESET:-realistic}
QUERIES=${QUERIES:-2000}

dotnet build -c Release src/Orrery >/dev/null
orrery=src/Orrery/bin/Release/net10.0/orrery.dll

data=$(mktemp -d /tmp/orrery-bench.XXXXXX)
start_orrery() {
  dotnet "$orrery" serve --data "$data" --http 127.0.0.1:13200 --otlp-grpc 127.0.0.1:14317 \
    --otlp-http 127.0.0.1:14318 --wal-fsync "$FSYNC" --log-format text 2>>"$data.log" &
  pid=$!
  for _ in $(seq 300); do curl -fs http://127.0.0.1:13200/ready >/dev/null && return 0; sleep 0.2; done
  echo "Orrery did not become ready" >&2
  return 1
}
start_orrery
trap 'kill -9 $pid 2>/dev/null || true; rm -rf "$data" "$data.log"' EXIT
load_start=$(date +%s)

echo "== ingest: $PRESET spans at ${RATE} spans/s, ${DURATION}s, total ${TOTAL}, wal-fsync ${FSYNC}"
until=(--duration "${DURATION}s")
[ "$TOTAL" != 0 ] && until=(--count "$TOTAL")
dotnet "$orrery" gen traces --preset "$PRESET" --rate "$RATE" "${until[@]}" --batch "$SPANS_PER_REQUEST" \
  --workers "$CONCURRENCY" --otlp-grpc 127.0.0.1:14317 | tee "$data/gen.txt"
grep VmHWM "/proc/$pid/status" | awk '{ printf "peak memory (VmHWM): %.0f MiB\n", $2 / 1024 }'
curl -fs http://127.0.0.1:13200/metrics | grep -E '^orrery_(spans|wal|blocks?|head)' | head -n 20 || true

# Trace ids to look up: the most recent ones a search over the whole load finds.
curl -fsS -G http://127.0.0.1:13200/api/search --data-urlencode 'q={ }' --data-urlencode "limit=$QUERIES" \
  --data-urlencode "start=$((load_start - 60))" --data-urlencode "end=$(($(date +%s) + 60))" \
  | jq -r '.traces[].traceID' >"$data/ids.txt"
trace_by_id() {
  # One curl, one connection, a time per request; p50/p99 of those.
  awk '{ printf "url = \"http://127.0.0.1:13200/api/traces/%s\"\noutput = \"/dev/null\"\n", $1 }' "$data/ids.txt" >"$data/curl.cfg"
  curl -fsS -H 'Accept: application/json' -w '%{time_total}\n' --config "$data/curl.cfg" | sort -g \
    | awk '{ v[NR] = $1 } END { p50 = v[int(NR * 0.5 + 0.999999)]; p99 = v[int(NR * 0.99 + 0.999999)]; printf "trace by id: %d ids, p50 %.2f ms, p99 %.2f ms\n", NR, p50 * 1000, p99 * 1000 }'
}
echo "== trace by id (head)"
trace_by_id

echo "== graceful shutdown cuts the head into blocks"
kill -TERM $pid; wait $pid || true
acked=$(tail -n 1 "$data/gen.txt" | grep -oE 'acknowledged [0-9]+' | awk '{print $2}')
blocks=$(du -sb "$data"/traces/*/blocks 2>/dev/null | awk '{s += $1} END {print s + 0}')
wal=$(du -sb "$data"/wal 2>/dev/null | awk '{print $1 + 0}')
awk -v b="$blocks" -v a="$acked" -v w="$wal" 'BEGIN { printf "on disk: %d block bytes for %d spans = %.1f bytes/span (WAL left: %d bytes)\n", b, a, b / a, w }'

echo "== trace by id (blocks, after restart)"
start_orrery
trace_by_id
grep VmHWM "/proc/$pid/status" | awk '{ printf "peak memory after restart (VmHWM): %.0f MiB\n", $2 / 1024 }'
kill -TERM $pid; wait $pid || true
