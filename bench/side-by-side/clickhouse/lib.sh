# Helpers for bench/side-by-side/traces-logs.sh (sourced, not run).

# A TCP port nobody listens on now (the kernel's choice of an ephemeral port, released at once).
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# wait_http URL SECONDS: polls until URL answers 2xx; fails after SECONDS.
wait_http() {
  local url=$1 seconds=$2 i
  for ((i = 0; i < seconds * 5; i++)); do
    curl -fs -o /dev/null --max-time 2 "$url" && return 0
    sleep 0.2
  done
  echo "no answer from $url after ${seconds}s" >&2
  return 1
}

# ch_start DIR: starts a private ClickHouse (not the system service) on loopback with its config
# and data under DIR; sets CH_PID, CH_HTTP, CH_TCP.
ch_start() {
  local dir=$1 here
  here=$(dirname "${BASH_SOURCE[0]}")
  mkdir -p "$dir/log" "$dir/data" "$dir/tmp" "$dir/user_files" "$dir/format_schemas"
  CH_HTTP=$(free_port)
  CH_TCP=$(free_port)
  sed -e "s|@DIR@|$dir|g" -e "s|@HTTP_PORT@|$CH_HTTP|" -e "s|@TCP_PORT@|$CH_TCP|" "$here/config.xml.in" >"$dir/config.xml"
  cp "$here/users.xml" "$dir/users.xml"
  clickhouse-server --config-file="$dir/config.xml" >"$dir/log/stdout.log" 2>&1 &
  CH_PID=$!
  wait_http "http://127.0.0.1:$CH_HTTP/ping" 60 || { tail -n 20 "$dir/log/"*.log >&2; return 1; }
}

# ch QUERY [client args…]: runs one statement with clickhouse-client against the private server.
ch() {
  local query=$1
  shift
  clickhouse-client --host 127.0.0.1 --port "$CH_TCP" --allow_experimental_low_cardinality_type=1 --query "$query" "$@"
}

# ch_http_time SQL BODY_FILE: one query over ClickHouse's HTTP interface; prints curl's total time (s).
ch_http_time() {
  curl -fsS -o "$2" -w '%{time_total}\n' --max-time 120 --data-binary "$1" "http://127.0.0.1:$CH_HTTP/"
}

# http_time URL BODY_FILE [curl args…]: one GET; prints curl's total time (s); fails on non-2xx.
http_time() {
  local url=$1 body=$2
  shift 2
  curl -fsS -o "$body" -w '%{time_total}\n' --max-time 120 "$@" "$url"
}

# percentile P FILE: the P-th percentile (nearest rank) of the numbers in FILE, one a line.
percentile() {
  sort -g "$2" | awk -v p="$1" '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit } r = int(p / 100 * NR + 0.999999); if (r < 1) r = 1; if (r > NR) r = NR; print v[r] }'
}

# ms SECONDS: seconds as milliseconds with 2 decimals.
ms() { awk -v s="$1" 'BEGIN { printf "%.2f", s * 1000 }'; }

# ratio A B: A/B with 2 decimals, or "–" when B is 0 or either is not a number.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0 || a == "" || a == "nan") print "–"; else printf "%.2f", a / b }'; }

# thousands N: 1234567 → 1,234,567.
thousands() { printf "%s" "$1" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta'; }
