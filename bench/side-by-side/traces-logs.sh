#!/usr/bin/env bash
# Traces and logs side by side with ClickHouse 18.16 (Debian 12's clickhouse-server), issue 9 item 3.
#
# The same data in both: `orrery gen traces --preset realistic` sends spans to Orrery over
# OTLP/gRPC and writes the very same spans as rows of the OpenTelemetry Collector ClickHouse
# exporter's otel_traces table (--clickhouse-rows); `orrery gen logs` sends lines over Loki push,
# half of them inside a span with ids of those traces (--trace-ids), and writes them as otel_logs
# rows. The rows go into a private ClickHouse (schema: clickhouse/schema.sql, adapted to 18.16).
# The run fails unless both hold exactly the spans and lines sent.
#
# Figures, each Orrery beside ClickHouse with the ratio Orrery/ClickHouse:
#   bytes on disk (Orrery: its block files after a graceful shutdown cut the head; ClickHouse:
#   system.parts bytes_on_disk of the active parts after OPTIMIZE FINAL), trace by id (Tempo API vs
#   the exporter's trace-id lookup in SQL; p50/p99 over QUERIES random ids, both over HTTP with
#   curl), an attribute search, a rare-word log search (a user name in one line), an id in line text
#   (a trace id in one line), logs of one trace, and the ingest rates.
# Orrery answers from its blocks after a restart; both have warm page caches (one warm-up query).
#
# SCALE=small: 100k spans, 200k lines (13 min under load ~30, build included). SCALE=full: 2M
# spans, 5M lines (not run yet; estimated 15-30 minutes on a quiet 2-core machine, most of it
# generating, loading, OPTIMIZE FINAL and the 500-id query loops).
# SPANS, LINES, QUERIES, RUNS override the scale. OUT: the Markdown fragment (default
# bench/results/traces-logs.md). KEEP=1 keeps the work directory.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
# shellcheck source=clickhouse/lib.sh
source bench/side-by-side/clickhouse/lib.sh

SCALE=${SCALE:-full}
case "$SCALE" in
  small) spans_default=100000 lines_default=200000 queries_default=200 ;;
  full) spans_default=2000000 lines_default=5000000 queries_default=500 ;;
  *) echo "SCALE must be small or full, not '$SCALE'" >&2; exit 2 ;;
esac
SPANS=${SPANS:-$spans_default}
LINES=${LINES:-$lines_default}
QUERIES=${QUERIES:-$queries_default}
RUNS=${RUNS:-5}
OUT=${OUT:-bench/results/traces-logs.md}
case "$OUT" in /*) ;; *) OUT="$root/$OUT" ;; esac
mkdir -p "$(dirname "$OUT")"
SEED=42
WORKERS=4

step() { echo "== $(date -u +%H:%M:%S) $*" >&2; }

# --- install and build ---------------------------------------------------------------------
if ! command -v clickhouse-server >/dev/null || ! command -v clickhouse-client >/dev/null; then
  step "installing clickhouse-server and clickhouse-client (apt)"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y clickhouse-server clickhouse-client >/dev/null
fi
ch_version=$(clickhouse-client --version 2>/dev/null | grep -oE '[0-9]+(\.[0-9]+)+' | head -n 1)
step "building Orrery (Release)"
dotnet build -c Release src/Orrery >/dev/null
orrery="$root/src/Orrery/bin/Release/net10.0/orrery.dll"

# --- work directory, children, cleanup -----------------------------------------------------
work=$(mktemp -d /tmp/orrery-side-by-side.XXXXXX)
ORRERY_PID=""
CH_PID=""
stop_pid() {
  # TERM, then KILL after 30 s; only the children this script started.
  local pid=$1 i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 300; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  stop_pid "$ORRERY_PID"
  stop_pid "$CH_PID"
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
run_started=$(date -u '+%Y-%m-%d %H:%M')

start_orrery() {
  dotnet "$orrery" serve --data "$work/orrery" --http "127.0.0.1:$OR_HTTP" --otlp-grpc "127.0.0.1:$OR_GRPC" \
    --otlp-http "127.0.0.1:$OR_OTLP_HTTP" --log-format text 2>>"$work/orrery.log" &
  ORRERY_PID=$!
  wait_http "http://127.0.0.1:$OR_HTTP/ready" 120 || { tail -n 20 "$work/orrery.log" >&2; return 1; }
}

step "starting ClickHouse $ch_version on loopback (private config and data in $work/clickhouse)"
ch_start "$work/clickhouse"
clickhouse-client --host 127.0.0.1 --port "$CH_TCP" --allow_experimental_low_cardinality_type=1 --multiquery <bench/side-by-side/clickhouse/schema.sql

OR_HTTP=$(free_port)
OR_GRPC=$(free_port)
OR_OTLP_HTTP=$(free_port)
step "starting Orrery (Release) on loopback, data in $work/orrery"
start_orrery

# --- load ----------------------------------------------------------------------------------
rows="$work/rows"
load_start=$(date +%s)
step "orrery gen traces: $SPANS spans (realistic, seed $SEED) → Orrery over OTLP/gRPC, rows for ClickHouse"
timeout 3600 dotnet "$orrery" gen traces --preset realistic --count "$SPANS" --workers "$WORKERS" --batch 500 \
  --seed "$SEED" --otlp-grpc "127.0.0.1:$OR_GRPC" --clickhouse-rows "$rows" >"$work/gen-traces.txt" 2>&1 \
  || { tail -n 5 "$work/gen-traces.txt" >&2; echo "orrery gen traces failed" >&2; exit 1; }
tail -n 1 "$work/gen-traces.txt" >&2
cut -f2 "$rows"/otel_traces.*.tsv | sort -u >"$work/trace-ids.txt"
traces=$(wc -l <"$work/trace-ids.txt")

step "orrery gen logs: $LINES lines (24 streams, seed $SEED, ids of those $traces traces) → Orrery over Loki push, rows for ClickHouse"
timeout 3600 dotnet "$orrery" gen logs --count "$LINES" --workers "$WORKERS" --batch 1000 --streams 24 \
  --seed "$SEED" --loki "127.0.0.1:$OR_HTTP" --trace-ids "$work/trace-ids.txt" --clickhouse-rows "$rows" >"$work/gen-logs.txt" 2>&1 \
  || { tail -n 5 "$work/gen-logs.txt" >&2; echo "orrery gen logs failed" >&2; exit 1; }
tail -n 1 "$work/gen-logs.txt" >&2
load_end=$(($(date +%s) + 1))
orrery_span_rate=$(tail -n 1 "$work/gen-traces.txt" | grep -oE '[0-9.]+ spans/s' | cut -d' ' -f1)
orrery_line_rate=$(tail -n 1 "$work/gen-logs.txt" | grep -oE '[0-9.]+ lines/s' | cut -d' ' -f1)

step "loading the same rows into ClickHouse (clickhouse-client, TabSeparated)"
t0=$(date +%s.%N)
cat "$rows"/otel_traces.*.tsv | ch "INSERT INTO otel_traces ($(cat "$rows/otel_traces.columns")) FORMAT TabSeparated"
t1=$(date +%s.%N)
cat "$rows"/otel_logs.*.tsv | ch "INSERT INTO otel_logs ($(cat "$rows/otel_logs.columns")) FORMAT TabSeparated"
t2=$(date +%s.%N)
ch_span_rate=$(awk -v n="$SPANS" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", n / (b - a) }')
ch_line_rate=$(awk -v n="$LINES" -v a="$t1" -v b="$t2" 'BEGIN { printf "%.1f", n / (b - a) }')
step "OPTIMIZE FINAL (merges each partition into one part)"
for table in otel_traces otel_traces_trace_id_ts otel_logs; do ch "OPTIMIZE TABLE $table FINAL"; done

step "graceful shutdown of Orrery (cuts the head into blocks), restart on its blocks"
stop_pid "$ORRERY_PID"
ORRERY_PID=""
orrery_trace_bytes=$(find "$work/orrery" -path '*traces*' -path '*blocks*' -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
orrery_log_bytes=$(find "$work/orrery" -path '*logs*' -path '*blocks*' -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
orrery_wal_bytes=$(find "$work/orrery" -path '*wal*' -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
parts_bytes() { ch "SELECT sum(bytes_on_disk) FROM system.parts WHERE active AND database = 'default' AND table IN ($1)"; }
ch_trace_bytes=$(parts_bytes "'otel_traces', 'otel_traces_trace_id_ts'")
ch_trace_lookup_bytes=$(parts_bytes "'otel_traces_trace_id_ts'")
ch_log_bytes=$(parts_bytes "'otel_logs'")
start_orrery

# --- the same data in both -----------------------------------------------------------------
step "counting spans and lines in both"
from=$((load_start - 60))
to=$((load_end + 60))
orrery_spans=$(curl -fsS --max-time 300 -G "http://127.0.0.1:$OR_HTTP/api/metrics/query" \
  --data-urlencode 'q={ } | count_over_time()' --data-urlencode "start=$from" --data-urlencode "end=$to" \
  | jq '[.series[].value] | add // 0 | floor')
logql_count="sum(count_over_time({deployment_environment=\"orrery-gen\"}[$((to - from))s]))"
orrery_lines=$(curl -fsS --max-time 300 -G "http://127.0.0.1:$OR_HTTP/loki/api/v1/query" \
  --data-urlencode "query=$logql_count" --data-urlencode "time=$to" | jq -r '.data.result[0].value[1] // "0"')
ch_spans=$(ch "SELECT count() FROM otel_traces")
ch_lines=$(ch "SELECT count() FROM otel_logs")
echo "spans: sent $SPANS, Orrery $orrery_spans, ClickHouse $ch_spans; lines: sent $LINES, Orrery $orrery_lines, ClickHouse $ch_lines" >&2
if [ "$orrery_spans" != "$SPANS" ] || [ "$ch_spans" != "$SPANS" ] || [ "$orrery_lines" != "$LINES" ] || [ "$ch_lines" != "$LINES" ]; then
  echo "the two stores do not hold the same data: spans sent $SPANS, Orrery $orrery_spans, ClickHouse $ch_spans; lines sent $LINES, Orrery $orrery_lines, ClickHouse $ch_lines" >&2
  exit 1
fi

# --- queries -------------------------------------------------------------------------------
body="$work/body"
# The spans of one trace: Orrery through the Tempo API, ClickHouse as the exporter's readers do it
# (the trace-id lookup table bounds the time range, then the spans table is filtered on TraceId).
trace_sql() {
  printf "WITH (SELECT min(Start) FROM otel_traces_trace_id_ts WHERE TraceId = '%s') AS start, (SELECT max(End) + 1 FROM otel_traces_trace_id_ts WHERE TraceId = '%s') AS end SELECT * FROM otel_traces WHERE TraceId = '%s' AND TimestampTime >= start AND TimestampTime <= end FORMAT JSONEachRow" "$1" "$1" "$1"
}
step "trace by id: $QUERIES random ids"
shuf -n "$QUERIES" --random-source=<(yes "$SEED") "$work/trace-ids.txt" >"$work/query-ids.txt"
first=$(head -n 1 "$work/query-ids.txt")
http_time "http://127.0.0.1:$OR_HTTP/api/traces/$first" "$body" -H 'Accept: application/json' >/dev/null
or_first_spans=$(jq '[.batches[]? | (.scopeSpans // .instrumentationLibrarySpans)[]? | .spans[]?] | length' "$body")
ch_http_time "$(trace_sql "$first")" "$body" >/dev/null
ch_first_spans=$(wc -l <"$body")
if [ "$or_first_spans" != "$ch_first_spans" ]; then
  echo "trace $first: Orrery returned $or_first_spans spans, ClickHouse $ch_first_spans" >&2
  exit 1
fi
: >"$work/or-trace.txt"
: >"$work/ch-trace.txt"
while read -r id; do
  http_time "http://127.0.0.1:$OR_HTTP/api/traces/$id" "$body" -H 'Accept: application/json' >>"$work/or-trace.txt"
  ch_http_time "$(trace_sql "$id")" "$body" >>"$work/ch-trace.txt"
done <"$work/query-ids.txt"

# repeat NAME COMMAND…: runs a timed query RUNS times (after one warm-up), appends the times to $work/NAME.txt.
repeat() {
  local name=$1 i
  shift
  "$@" >/dev/null
  : >"$work/$name.txt"
  for ((i = 0; i < RUNS; i++)); do "$@" >>"$work/$name.txt"; done
}

step "attribute search: frontend spans with http.response.status_code = 500 over the whole load"
traceql='{ resource.service.name = "frontend" && span.http.response.status_code = 500 }'
or_search() {
  http_time "http://127.0.0.1:$OR_HTTP/api/search" "$body.or-search" -G --data-urlencode "q=$traceql" \
    --data-urlencode "start=$from" --data-urlencode "end=$to" --data-urlencode "limit=10000" --data-urlencode "spss=1000"
}
search_sql="SELECT TraceId, count() AS spans, min(Timestamp) AS start FROM otel_traces WHERE ServiceName = 'frontend' AND TimestampTime >= toDateTime($from) AND TimestampTime <= toDateTime($to) AND SpanAttributes.Value[indexOf(SpanAttributes.Key, 'http.response.status_code')] = '500' GROUP BY TraceId ORDER BY start DESC LIMIT 10000 FORMAT JSONEachRow"
ch_search() { ch_http_time "$search_sql" "$body.ch-search"; }
repeat or-search or_search
repeat ch-search ch_search
or_search_traces=$(jq '.traces | length' "$body.or-search")
ch_search_traces=$(wc -l <"$body.ch-search")

loki_range() {
  http_time "http://127.0.0.1:$OR_HTTP/loki/api/v1/query_range" "$2" -G --data-urlencode "query=$1" \
    --data-urlencode "start=${from}000000000" --data-urlencode "end=${to}000000000" --data-urlencode "limit=5000"
}
lines_of() { jq '[.data.result[].values | length] | add // 0' "$1"; }
or_rare() { loki_range "{deployment_environment=\"orrery-gen\"} |= \"$1\"" "$body.or-rare"; }
ch_rare() { ch_http_time "SELECT Timestamp, Body FROM otel_logs WHERE TimestampTime >= toDateTime($from) AND TimestampTime <= toDateTime($to) AND Body LIKE '%$1%' ORDER BY Timestamp DESC LIMIT 5000 FORMAT JSONEachRow" "$body.ch-rare"; }
# search_words NAME FILE: each word of FILE searched in both (one warm-up first), times in $work/or-NAME.txt and
# $work/ch-NAME.txt; fails unless both find the same number of lines for every word.
search_words() {
  local name=$1 file=$2 word
  or_rare "$(head -n 1 "$file")" >/dev/null
  ch_rare "$(head -n 1 "$file")" >/dev/null
  : >"$work/or-$name.txt"
  : >"$work/ch-$name.txt"
  while read -r word; do
    or_rare "$word" >>"$work/or-$name.txt"
    ch_rare "$word" >>"$work/ch-$name.txt"
    if [ "$(lines_of "$body.or-rare")" != "$(wc -l <"$body.ch-rare")" ]; then
      echo "$name '$word': Orrery found $(lines_of "$body.or-rare") lines, ClickHouse $(wc -l <"$body.ch-rare")" >&2
      exit 1
    fi
  done <"$file"
  eval "${name//-/_}_lines=\$(lines_of \"\$body.or-rare\")"
}

step "rare word: log lines naming a user that occurs in one line (the generator draws user names with Zipf's law)"
ch "SELECT extract(Body, 'user[^a-z]+([a-z]+)') AS w FROM otel_logs GROUP BY w HAVING count() = 1 ORDER BY w LIMIT $RUNS" >"$work/rare-words.txt"
search_words rare "$work/rare-words.txt"

step "id in line text: log lines containing one trace id's hex (it occurs only in the JSON lines of that trace)"
ch "SELECT TraceId FROM otel_logs WHERE TraceId != '' AND Body LIKE '{%' GROUP BY TraceId HAVING count() = 1 ORDER BY TraceId LIMIT $RUNS" >"$work/rare-ids.txt"
search_words rare-id "$work/rare-ids.txt"

step "logs of one trace: $QUERIES trace ids"
or_trace_logs() { loki_range "{deployment_environment=\"orrery-gen\"} | trace_id=\"$1\"" "$body.or-tl"; }
ch_trace_logs() { ch_http_time "SELECT Timestamp, Body, TraceId, SpanId FROM otel_logs WHERE TimestampTime >= toDateTime($from) AND TimestampTime <= toDateTime($to) AND TraceId = '$1' ORDER BY Timestamp DESC LIMIT 5000 FORMAT JSONEachRow" "$body.ch-tl"; }
ch "SELECT DISTINCT TraceId FROM otel_logs WHERE TraceId != '' LIMIT 100000" | shuf -n "$QUERIES" --random-source=<(yes "$SEED") >"$work/log-trace-ids.txt"
or_trace_logs "$(head -n 1 "$work/log-trace-ids.txt")" >/dev/null
ch_trace_logs "$(head -n 1 "$work/log-trace-ids.txt")" >/dev/null
: >"$work/or-tl.txt"
: >"$work/ch-tl.txt"
tl_mismatch=0
while read -r id; do
  or_trace_logs "$id" >>"$work/or-tl.txt"
  ch_trace_logs "$id" >>"$work/ch-tl.txt"
  [ "$(lines_of "$body.or-tl")" = "$(wc -l <"$body.ch-tl")" ] || tl_mismatch=$((tl_mismatch + 1))
done <"$work/log-trace-ids.txt"
if [ "$tl_mismatch" != 0 ]; then
  echo "logs of one trace: $tl_mismatch of $QUERIES trace ids returned different line counts" >&2
  exit 1
fi

load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the fragment --------------------------------------------------------------------------
row() { # name orrery clickhouse unit (ratio of the two raw numbers)
  printf '| %s | %s %s | %s %s | %s |\n' "$1" "$2" "$4" "$3" "$4" "$(ratio "$2" "$3")"
}
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
per() { awk -v b="$1" -v n="$2" 'BEGIN { printf "%.1f", b / n }'; }
or_p50() { ms "$(percentile 50 "$work/$1.txt")"; }
or_p99() { ms "$(percentile 99 "$work/$1.txt")"; }
{
  echo "### Traces and logs vs ClickHouse $ch_version (\`SCALE=$SCALE\`)"
  echo
  echo "$(thousands "$SPANS") spans in $(thousands "$traces") traces (\`orrery gen traces --preset realistic --seed $SEED\`, OTLP/gRPC, $WORKERS workers) and"
  echo "$(thousands "$LINES") log lines (\`orrery gen logs --streams 24 --seed $SEED\`, Loki push, half inside a span of those traces);"
  echo "the same records loaded into ClickHouse (\`--clickhouse-rows\`). Stored: Orrery $(thousands "$orrery_spans") spans and $(thousands "$orrery_lines") lines,"
  echo "ClickHouse $(thousands "$ch_spans") and $(thousands "$ch_lines") — equal, as the run requires. Run $run_started–$(date -u '+%H:%M UTC') at commit"
  echo "$(git rev-parse --short HEAD 2>/dev/null || echo unknown); load average $load_before before, $load_after after."
  echo
  echo "| figure | Orrery | ClickHouse | Orrery/ClickHouse |"
  echo "|---|---|---|---|"
  row "traces on disk" "$(mib "$orrery_trace_bytes")" "$(mib "$ch_trace_bytes")" "MiB"
  row "… per span" "$(per "$orrery_trace_bytes" "$SPANS")" "$(per "$ch_trace_bytes" "$SPANS")" "B"
  row "logs on disk" "$(mib "$orrery_log_bytes")" "$(mib "$ch_log_bytes")" "MiB"
  row "… per line" "$(per "$orrery_log_bytes" "$LINES")" "$(per "$ch_log_bytes" "$LINES")" "B"
  row "trace by id, p50 ($QUERIES ids)" "$(or_p50 or-trace)" "$(or_p50 ch-trace)" "ms"
  row "trace by id, p99" "$(or_p99 or-trace)" "$(or_p99 ch-trace)" "ms"
  row "attribute search, median of $RUNS ($or_search_traces / $ch_search_traces traces)" "$(or_p50 or-search)" "$(or_p50 ch-search)" "ms"
  row "rare word in log lines, median of $(wc -l <"$work/rare-words.txt") words" "$(or_p50 or-rare)" "$(or_p50 ch-rare)" "ms"
  row "id in line text, median of $(wc -l <"$work/rare-ids.txt") trace ids" "$(or_p50 or-rare-id)" "$(or_p50 ch-rare-id)" "ms"
  row "logs of one trace, p50 ($QUERIES ids)" "$(or_p50 or-tl)" "$(or_p50 ch-tl)" "ms"
  row "logs of one trace, p99" "$(or_p99 or-tl)" "$(or_p99 ch-tl)" "ms"
  row "span ingest" "$orrery_span_rate" "$ch_span_rate" "spans/s"
  row "log ingest" "$orrery_line_rate" "$ch_line_rate" "lines/s"
  echo
  echo "- Bytes: Orrery's block files after a graceful shutdown cut the head (WAL left: $orrery_wal_bytes B, not counted);"
  echo "  ClickHouse's \`system.parts\` bytes_on_disk of active parts after \`OPTIMIZE TABLE … FINAL\`, traces including the"
  echo "  trace-id lookup table ($(mib "$ch_trace_lookup_bytes") MiB)."
  echo "- Latency: curl's total time over loopback HTTP, a new connection per query, for both; Orrery answers from its"
  echo "  blocks after a restart. Trace by id: Tempo \`/api/traces/{id}\` (JSON) vs the exporter's lookup (\`otel_traces_trace_id_ts\`"
  echo "  bounds the time, then \`SELECT * FROM otel_traces WHERE TraceId = …\`, JSONEachRow); span counts checked equal for one id."
  echo "- Attribute search: TraceQL \`$traceql\` (limit 10000) vs SQL on \`ServiceName\` and"
  echo "  \`SpanAttributes.Value[indexOf(SpanAttributes.Key, 'http.response.status_code')] = '500'\`, grouped by TraceId; traces found: $or_search_traces vs $ch_search_traces."
  echo "- Rare word: a user name that occurs in exactly one line (\`orrery gen logs\` draws each line's user from 250,000"
  echo "  eight-letter names with Zipf's law; the rest of a line comes from small vocabularies), picked in ClickHouse with"
  echo "  \`extract(Body, 'user[^a-z]+([a-z]+)')\` … \`HAVING count() = 1\`; LogQL \`{deployment_environment=\"orrery-gen\"} |= \"<word>\"\`"
  echo "  vs SQL \`Body LIKE '%<word>%'\` (18.16 has no \`hasToken\` and no token bloom filter); line counts checked equal for"
  echo "  every word (the last: $rare_lines)."
  echo "- Id in line text: a trace id that occurs in the text of exactly one JSON line, searched the same way (\`|= \"<id>\"\`"
  echo "  vs \`LIKE '%<id>%'\`); line counts checked equal for every id (the last: $rare_id_lines)."
  echo "- Logs of one trace: LogQL \`{…} | trace_id=\"<id>\"\` (structured metadata) vs SQL \`TraceId = '<id>'\`; line counts checked equal for every id."
  echo "- Ingest: Orrery's is \`orrery gen\`'s acknowledged rate (OTLP/gRPC protobuf, Loki push JSON; the generator also writes"
  echo "  the rows files meanwhile, on the same 2 cores); ClickHouse's is one \`clickhouse-client\` bulk INSERT of the TabSeparated"
  echo "  rows (no network protocol, no batching client) — different paths, so read that ratio loosely."
  echo "- ClickHouse 18.16 lacks what the exporter's schema uses: DateTime64 (Timestamp is UInt64 ns), Map (Nested key/value"
  echo "  arrays), column codecs (Delta/ZSTD; LZ4 default here) and data-skipping indexes (no bloom filters on TraceId,"
  echo "  attributes or Body); LowCardinality is used (experimental in 18.16). See \`bench/side-by-side/clickhouse/schema.sql\`."
} >"$OUT"
step "wrote $OUT"
cat "$OUT"
