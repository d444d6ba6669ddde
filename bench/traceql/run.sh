#!/usr/bin/env bash
# TraceQL search benchmark through HTTP (not a test): ingests TOTAL realistic spans (`orrery gen
# traces --preset realistic`, unthrottled) into a fresh Release Orrery, restarts it so that everything is
# in blocks, then times TraceQL searches through /api/search and reports, per query, the latency
# (median and max of RUNS runs, curl's time_total) and spans inspected per second.
# The queries pick existing names and values from the tag values API. The in-process bench
# (Orrery.TraceQLBench) is the one that reaches 10M spans quickly.
# Knobs: TOTAL (spans, default 10M), RUNS (default 5), SKIP_INGEST=DIR (reuse a data directory).
set -euo pipefail
cd "$(dirname "$0")/../.."
TOTAL=${TOTAL:-10000000}
RUNS=${RUNS:-5}
http=http://127.0.0.1:13300

dotnet build -c Release src/Orrery >/dev/null
orrery=src/Orrery/bin/Release/net10.0/orrery.dll

serve() {
  dotnet "$orrery" serve --data "$data" --http 127.0.0.1:13300 --otlp-grpc 127.0.0.1:14417 \
    --otlp-http 127.0.0.1:14418 --log-format text 2>>"$data.log" &
  pid=$!
  for _ in $(seq 600); do curl -fs $http/ready >/dev/null && break; sleep 0.2; done
}

if [[ -n "${SKIP_INGEST:-}" ]]; then
  data=$SKIP_INGEST
else
  data=$(mktemp -d /tmp/orrery-traceql.XXXXXX)
  serve
  trap 'kill -9 $pid 2>/dev/null || true' EXIT
  echo "== ingest ${TOTAL} spans"
  dotnet "$orrery" gen traces --preset realistic --rate 0 --count "$TOTAL" --batch 500 --workers 8 \
    --otlp-grpc 127.0.0.1:14417 | tail -n 3
  kill -TERM $pid; wait $pid || true
fi
serve
trap 'kill -9 $pid 2>/dev/null || true' EXIT
curl -fs $http/metrics | grep -E '^orrery_(blocks?|head)' | head -n 8 || true

now=$(date +%s)
range="start=$((now - 7200))&end=$((now + 3600))"
first() { curl -fs "$http/api/v2/search/tag/$1/values?$range" | jq -r "[.tagValues[].value] | sort | .[$2]"; }
service=$(first resource.service.name 0)
name_a=$(first name 0)
name_b=$(first name 1)
key=$(curl -fs "$http/api/v2/search/tags?scope=span&$range" | jq -r '[.scopes[] | select(.name == "span") | .tags[]] | sort | .[0]')
value=$(first "span.$key" 0)
echo "service=$service names=$name_a,$name_b attribute=$key=$value"

run() { # query limit
  local q=$1 limit=$2 times=() spans=0 traces=0
  for _ in $(seq "$RUNS"); do
    out=$(curl -s -o /tmp/traceql-bench.json -w '%{http_code} %{time_total}' --get "$http/api/search" \
      --data-urlencode "q=$q" --data "$range&limit=$limit")
    code=${out%% *}
    [[ $code == 200 ]] || { echo "  $q -> HTTP $code: $(head -c 300 /tmp/traceql-bench.json)"; return; }
    times+=("${out##* }")
    spans=$(jq '.metrics.inspectedSpans' /tmp/traceql-bench.json)
    traces=$(jq '.traces | length' /tmp/traceql-bench.json)
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v q="$q" -v l="$limit" -v s="$spans" -v t="$traces" '
    { v[NR] = $1 } END {
      med = v[int((NR + 1) / 2)]; max = v[NR];
      printf "| `%s` | %d | %d | %.0f ms | %.0f ms | %d | %.1fM |\n", q, l, t, med * 1000, max * 1000, s, s / med / 1e6 }'
}

echo "| query | limit | traces | median | max | spans inspected | spans inspected/s |"
echo "|---|---|---|---|---|---|---|"
for limit in 20 100000; do
  run '{ span.http.status_code = 500 }' $limit
  run "{ span.$key = \"$value\" }" $limit
  run "{ resource.service.name = \"$service\" && duration > 500ms }" $limit
  run "{ resource.service.name = \"$service\" && duration > 45ms }" $limit
  run "{ name = \"$name_a\" } >> { name = \"$name_b\" }" $limit
  run "{ status = error && kind = server }" $limit
done
grep VmHWM "/proc/$pid/status" | awk '{ printf "peak memory while querying (VmHWM): %.0f MiB\n", $2 / 1024 }'
kill -TERM $pid; wait $pid || true
[[ -n "${SKIP_INGEST:-}" ]] || echo "data kept in $data (SKIP_INGEST=$data reuses it; rm -rf it when done)"
