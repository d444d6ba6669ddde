#!/usr/bin/env bash
# Metrics side by side with Prometheus 2.42 (Debian's `prometheus`), issues 3 and 9 (item 3).
#
# The same load for both: `orrery gen metrics` (fixed seed, remote write 1.0 + snappy, 8 workers
# of 2,000 samples a request) sends targets of ~1,600 series each (10 metric families of gauges,
# counters and classic histograms; see src/Orrery.Generate/Metrics/SeriesSet.cs) in simulated time
# (--start): one sample per series per round, rounds 15 s apart, each target at its own offset
# with ±5 ms jitter, as fast as the server acknowledges (workers kept within a few rounds of each
# other). The generator shares the machine's cores with the server; its CPU is reported. The peers
# never run at once: each run starts a fresh Orrery (Release, `serve`, defaults but the series
# limits, raised to LIMIT so the 1M run is not refused: --metrics-max-series and
# --metrics-max-series-per-metric; server GC, WAL fsync once a second) and then a fresh Prometheus
# (--web.enable-remote-write-receiver, defaults otherwise) on loopback ports, loads it and stops it.
#
# Runs and figures (Orrery / Prometheus / ratio Orrery/Prometheus):
#   mem-A  SERIES_A series × ROUNDS_A rounds, the same samples a series for both peers: memory per
#          series grows with the head's depth, so a time-bound run (as before session 8) compared
#          the faster peer at a deeper head. Rounds 15 s apart, a scrape interval users run (full:
#          480 rounds = 2 h, the depth a Prometheus head holds just before a cut; more than 660 rounds
#          are packed closer so the simulated span stays under 2.75 h and neither peer cuts a block).
#          From the generator's --round-times (when each round was acknowledged for every worker):
#          series creation = SERIES_A / time until round 1 was acknowledged (new series/s; includes
#          the cold start); steady-state ingest = samples acknowledged per second from the end of the
#          first round >= 3 that ended >= 10 s into the run to the end of the last whole round
#          (bench/side-by-side/metrics/rounds.py). Server CPU (user+sys of all threads, sampled from
#          /proc every 0.5 s) per million samples over that same steady part; the generator's CPU
#          (all its threads, whole run) per million samples and as a share of the machine's cores.
#          Before the load, a warm-up: WARM_SERIES other series (instance orrery-warmup-W:PORT) ×
#          WARM_ROUNDS samples, in the rounds just before the load's first, so the process has
#          compiled its ingest path and filled its pools and buffers. RSS per active series =
#          (VmRSS - VmRSS after the warm-up) / series: what each more series costs, without the
#          one-time cost of a process that has never ingested (at 100k series that was ~27 MiB of
#          Orrery's ~110, ~270 B a series; 20k/100k/200k by hand put the marginal cost at ~755 B
#          and the fixed part at ~43 MiB). Also reported against the cold idle process, warm-up
#          series counted. Read right after the generator exits (every sample acknowledged) and
#          again SETTLE seconds later (both runtimes' GCs settle). Then the store must hold exactly
#          what was sent: head series = WARM_SERIES + SERIES_A and samples appended = samples
#          acknowledged (warm-up included), from each peer's own /metrics
#          (orrery_tsdb_head_series, orrery_tsdb_samples_appended_total; prometheus_tsdb_head_series,
#          prometheus_tsdb_head_samples_appended_total), else exit 4. The generator's budget is
#          global: the run totals SERIES_A × ROUNDS_A samples exactly, but a worker's targets may end
#          up to ~2 rounds deeper or shallower than another's (its round pacer's lead).
#          A run still going after CAP seconds stops there (a heavily loaded machine); its rows then
#          say how many samples a series each peer got.
#   mem-B  the same at SERIES_B series × ROUNDS_B rounds.
#   disk   SERIES_D series × 2,760 rounds starting on a 6 h boundary, 11.5 h of simulated time:
#          both cut 2 h blocks once the head spans > 3 h and compact the first three into a 6 h
#          block (Prometheus once a fifth 2 h block exists). Bytes per sample = block directory
#          sizes (chunks + index + meta; WAL, head chunks and checkpoints not counted) / numSamples
#          of their meta.json, for the compacted (level >= 2) blocks and for all blocks.
#          Orrery: <data>/metrics/<tenant>/blocks/*; Prometheus: <data>/<ULID>. Fewer series than
#          the mem runs (full: 20k) because bytes per sample hardly depend on the series count
#          (every series gets the same 480 samples per 2 h block, 1,440 per 6 h block, so its
#          share of the index is the same), while the run's length grows with it: 20k series are
#          55M samples to each peer, ~1 + ~2.5 min quiet, which keeps SCALE=full near 15 minutes;
#          100k would add ~20 minutes. Then the dashboard set (metrics/queries.txt) as range
#          queries over the last hour, step 15 s: median of RUNS after warm-up passes
#          (bench/promql/Orrery.PromQLBench `time`), one server at a time.
#
# SCALE=small: 20k series × 480 rounds (mem-A), 100k series × 60 rounds (mem-B), 10k series on disk.
# SCALE=full: 100k series × 480 rounds (48M samples), 1M series × 30 rounds (30M samples), 20k
# series on disk (the sizes issue 3 names for ingest and memory). Depths chosen from the quiet
# rates of the time-bound run at 02:15 UTC on 2026-11-23 (Prometheus ~336k samples/s at 100k, ~162k/s
# at 1M, ~63k new series/s; Orrery ~850k/s and ~1M/s): full mem runs ≈ 1 + 2.5 min (100k) and
# 0.7 + 3.3 min (1M) of load plus 4 × (start, SETTLE, stop), ~9 min; the disk run ~5 min (2 × 55M
# samples at ~1M/s and ~400k/s, compaction waits, queries): SCALE=full ≈ 14 min on a quiet machine.
# SCALE=small ≈ 5 min; at 20k series the RSS figure is mostly the runtimes' fixed overhead (GC
# budgets, pools), not memory per series: read small as a check that the script works.
# Measured on a shared machine (2026-11-23, commit 397e459, load average 20-30 on 2 cores):
# SCALE=small 10.1 min (PHASES=mem 5.4 min); SCALE=full not yet run with equal depths.
# SERIES_A/ROUNDS_A/SERIES_B/ROUNDS_B/SERIES_D/RUNS/LIMIT/CAP/SETTLE/WARM_SERIES/WARM_ROUNDS override the scale.
# OUT: the Markdown fragment (default bench/results/metrics.md). KEEP=1 keeps the work directory;
# SKIP_BUILD=1 uses the Release builds already there, or ORRERY_DLL and TIMER_DLL (e.g. built from
# `git archive HEAD` elsewhere while the working tree is busy; COMMIT then names it); PHASES=mem or PHASES=disk runs only those.
# Exit status: 0 ok, 3 a peer did not start, 4 a load was refused or lost samples, or a mem run's
# store does not hold exactly what was acknowledged.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
SCALE=${SCALE:-full}
case "$SCALE" in
  small) a=20000 ra=480 b=100000 rb=60 d=10000 cap=300 ;;
  full) a=100000 ra=480 b=1000000 rb=30 d=20000 cap=900 ;;
  *) echo "SCALE must be small or full, not '$SCALE'" >&2; exit 2 ;;
esac
SERIES_A=${SERIES_A:-$a}; ROUNDS_A=${ROUNDS_A:-$ra}
SERIES_B=${SERIES_B:-$b}; ROUNDS_B=${ROUNDS_B:-$rb}
CAP=${CAP:-$cap}          # seconds a mem run may take at most
SETTLE=${SETTLE:-10}      # seconds between the two RSS reads of a mem run
WARM_SERIES=${WARM_SERIES:-10000}; WARM_ROUNDS=${WARM_ROUNDS:-8}   # a mem run's warm-up (0 series: none)
# The mem runs' rounds are 15 s apart, closer when there are more than 660 of them: both peers cut
# a block once the head spans > 3 h, and a mem run measures the head alone.
mem_interval_ms() { local ms=$(( 9900000 / $1 )); echo $(( ms < 15000 ? ms : 15000 )); }
# Orrery's per-tenant limits (defaults 1M active series, 100k per metric) raised above the load.
LIMIT=${LIMIT:-$(( (SERIES_A > SERIES_B ? SERIES_A : SERIES_B) * 2 > 2000000 ? (SERIES_A > SERIES_B ? SERIES_A : SERIES_B) * 2 : 2000000 ))}
# 11.5 h at 15 s. Prometheus compacts the 2 h blocks of 0-6 h into one only once a block that
# starts after 6 h is not the newest one (its planner skips the newest block, and a window counts as
# full only if its blocks start exactly on the boundary, which jittered data never does): that is
# the 8-10 h block, cut once the head passes 11 h. Orrery compacts 0-6 h once its head starts after 6 h.
SERIES_D=${SERIES_D:-$d}; ROUNDS_D=2760
RUNS=${RUNS:-7}
PHASES=${PHASES:-"mem disk"}   # which runs: mem (mem-A, mem-B) and/or disk
WORKERS=${WORKERS:-8}
BATCH=${BATCH:-2000}
SEED=42
INTERVAL_MS=15000
OUT=${OUT:-bench/results/metrics.md}
case "$OUT" in /*) ;; *) OUT="$root/$OUT" ;; esac
mkdir -p "$(dirname "$OUT")"
PROMETHEUS=${PROMETHEUS:-/usr/bin/prometheus}

step() { echo "== $(date -u +%H:%M:%S) $*" >&2; }

# --- install and build ---------------------------------------------------------------------
if [ ! -x "$PROMETHEUS" ]; then
  step "installing prometheus (apt)"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y prometheus >/dev/null
  PROMETHEUS=/usr/bin/prometheus
fi
prom_version=$("$PROMETHEUS" --version 2>&1 | head -n1 | awk '{print $3}')
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  step "building Orrery and the query timer (Release)"
  dotnet build -c Release src/Orrery >/dev/null
  dotnet build -c Release bench/promql/Orrery.PromQLBench >/dev/null
fi
orrery=${ORRERY_DLL:-$root/src/Orrery/bin/Release/net10.0/orrery.dll}
timer=${TIMER_DLL:-$root/bench/promql/Orrery.PromQLBench/bin/Release/net10.0/Orrery.PromQLBench.dll}

work=$(mktemp -d /tmp/orrery-metrics-side-by-side.XXXXXX)
results="$work/results.txt"; : >"$results"
PEER_PID=""
cleanup() {
  if [ -n "$PEER_PID" ]; then kill -9 "$PEER_PID" 2>/dev/null || true; fi
  if [ "${KEEP:-0}" = 1 ]; then echo "work directory kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # utime + stime of every thread, in clock ticks
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
record() { echo "$1=$2" >>"$results"; }
wait_ready() {
  for _ in $(seq 600); do
    curl -fs "$1" >/dev/null 2>&1 && return 0
    kill -0 "$PEER_PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "peer did not start: $1 (log: $2)" >&2; tail -n 20 "$2" >&2 || true
  exit 3
}

# start_peer orrery|prometheus DIR: starts it on free loopback ports, sets PEER_PID and PEER_URL.
start_peer() {
  local port; port=$(free_port)
  PEER_URL="http://127.0.0.1:$port"
  if [ "$1" = orrery ]; then
    dotnet "$orrery" serve --data "$2" --http "127.0.0.1:$port" --otlp-grpc "127.0.0.1:$(free_port)" \
      --otlp-http "127.0.0.1:$(free_port)" --log-format text \
      --metrics-max-series "$LIMIT" --metrics-max-series-per-metric "$LIMIT" >"$2.log" 2>&1 &
    PEER_PID=$!
    wait_ready "$PEER_URL/ready" "$2.log"
  else
    printf 'global:\n  scrape_interval: 15s\nscrape_configs: []\n' >"$work/prometheus.yml"
    "$PROMETHEUS" --config.file "$work/prometheus.yml" --storage.tsdb.path "$2" \
      --web.listen-address "127.0.0.1:$port" --web.enable-remote-write-receiver --log.level warn >"$2.log" 2>&1 &
    PEER_PID=$!
    wait_ready "$PEER_URL/-/ready" "$2.log"
  fi
}
stop_peer() { kill -TERM "$PEER_PID" 2>/dev/null || true; wait "$PEER_PID" 2>/dev/null || true; PEER_PID=""; }

# load NAME SERIES COUNT START_MS INTERVAL_MS [DURATION_S]: sends the load to PEER_URL, records creation and
# steady-state rates, CPU, RSS (right after the load; again SETTLE s later with DURATION_S, i.e. for
# the mem runs) and load average.
load() {
  local name=$1 series=$2 count=$3 start=$4 interval=$5 duration=${6:-} idle cpu0 cpu1 rss out sampler
  idle=$(rss_kib "$PEER_PID"); cpu0=$(cpu_ticks "$PEER_PID")
  out="$work/$name.gen.txt"
  step "$name: $series series, $count samples${duration:+ or ${duration} s} -> $PEER_URL (load average $(loadavg))"
  # The server's CPU over time, so the steady part's share can be cut out afterwards.
  ( while kill -0 "$PEER_PID" 2>/dev/null; do echo "$(date +%s%3N) $(cpu_ticks "$PEER_PID")"; sleep 0.5; done ) >"$work/$name.cpu" 2>/dev/null &
  sampler=$!
  if ! python3 - "$out" dotnet "$orrery" gen metrics --remote-write "$PEER_URL" --series "$series" \
      --count "$count" ${duration:+--duration "${duration}s"} --workers "$WORKERS" --batch "$BATCH" --start "$start" \
      --interval "${interval}ms" --jitter-ms 5 --seed "$SEED" --round-times "$work/$name.rounds.tsv" <<'PY'
import resource, subprocess, sys
with open(sys.argv[1], "w") as out:
    code = subprocess.run(sys.argv[2:], stdout=out, stderr=subprocess.STDOUT).returncode
r = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "a") as out:
    out.write(f"generator cpu {r.ru_utime + r.ru_stime:.1f}\n")
sys.exit(code)
PY
  then
    kill "$sampler" 2>/dev/null || true
    tail -n 5 "$out" >&2
    echo "$name: the load was not fully acknowledged" >&2
    exit 4
  fi
  # Right after the last acknowledgement: what the load left resident (no cut or GC waited for).
  cpu1=$(cpu_ticks "$PEER_PID"); rss=$(rss_kib "$PEER_PID")
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  local summary; summary=$(grep -E '^sent ' "$out" | tail -n1)
  echo "   $summary" >&2
  record "$name.acked" "$(echo "$summary" | grep -oE 'acknowledged [0-9]+' | grep -oE '[0-9]+')"
  record "$name.seconds" "$(echo "$summary" | grep -oE 'in [0-9.]+s' | grep -oE '[0-9.]+')"
  python3 bench/side-by-side/metrics/rounds.py "$work/$name.rounds.tsv" "$work/$name.cpu" "$series" "$(getconf CLK_TCK)" \
    | sed "s/^/$name./" >>"$results"
  { grep -E "^$name\.(creation|steady)" "$results" || true; } | tr '\n' ' ' | sed 's/^/   /' >&2; echo >&2
  record "$name.server_cpu" "$(awk -v a="$cpu0" -v b="$cpu1" -v t="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", (b - a) / t}')"
  record "$name.gen_cpu" "$(grep -oE 'generator cpu [0-9.]+' "$out" | grep -oE '[0-9.]+$')"
  record "$name.rss_kib" "$rss"
  record "$name.idle_kib" "$idle"
  record "$name.series" "$series"
  record "$name.rounds" "$(( count / series ))"
  record "$name.load" "$(loadavg)"
  if [ -n "$duration" ]; then
    # Again once the GCs have settled (nothing else reaches the peer meanwhile).
    sleep "$SETTLE"
    record "$name.rss_late_kib" "$(rss_kib "$PEER_PID")"
    echo "   RSS $((rss / 1024)) MiB after the load, $(( $(rss_kib "$PEER_PID") / 1024 )) MiB ${SETTLE} s later (idle $((idle / 1024)) MiB)" >&2
  fi
}

# warm_up NAME START_MS INTERVAL_MS: WARM_SERIES series of their own × WARM_ROUNDS samples to PEER_URL
# in the rounds before START_MS; records the cold idle RSS, then waits a second for the process to settle.
warm_up() {
  record "$1.cold_kib" "$(rss_kib "$PEER_PID")"
  record "$1.warm_series" "$WARM_SERIES"
  [ "$WARM_SERIES" -gt 0 ] || return 0
  step "$1: warm-up, $WARM_SERIES other series × $WARM_ROUNDS samples"
  if ! dotnet "$orrery" gen metrics --remote-write "$PEER_URL" --series "$WARM_SERIES" --count $(( WARM_SERIES * WARM_ROUNDS )) \
      --workers "$WORKERS" --batch "$BATCH" --start $(( $2 - WARM_ROUNDS * $3 )) --interval "$3ms" --jitter-ms 5 --seed 7 \
      --instance-prefix orrery-warmup >"$work/$1.warm.txt" 2>&1; then
    tail -n 5 "$work/$1.warm.txt" >&2
    echo "$1: the warm-up was not fully acknowledged" >&2
    exit 4
  fi
  sleep 1
}

# check_stored PEER NAME SERIES [EXTRA_SERIES EXTRA_SAMPLES]: the peer's head holds SERIES series
# (fewer only if a capped run ended inside the first round) plus EXTRA_SERIES (a warm-up's) and
# appended every acknowledged sample plus EXTRA_SAMPLES (its own /metrics; read after the RSS so
# the scrape does not show in it), else exit 4.
check_stored() {
  local acked held_series held_samples want
  acked=$(( $(grep -E "^$2\.acked=" "$results" | tail -n1 | cut -d= -f2) ))
  want=$(( (acked < $3 ? acked : $3) + ${4:-0} ))
  acked=$(( acked + ${5:-0} ))
  if [ "$1" = orrery ]; then
    read -r held_series held_samples < <(curl -fs "$PEER_URL/metrics" | awk '
      $1 == "orrery_tsdb_head_series" {s = $2} $1 == "orrery_tsdb_samples_appended_total" {n = $2}
      END {printf "%d %d\n", s, n}')
  else
    read -r held_series held_samples < <(curl -fs "$PEER_URL/metrics" | awk '
      $1 == "prometheus_tsdb_head_series" {s = $2} /^prometheus_tsdb_head_samples_appended_total[{ ]/ {n += $2}
      END {printf "%d %d\n", s, n}')
  fi
  record "$2.held_series" "$held_series"; record "$2.held_samples" "$held_samples"
  if [ "$held_series" != "$want" ] || [ "$held_samples" != "$acked" ]; then
    echo "$2: the store holds $held_series series and $held_samples samples; sent $want series and $acked samples" >&2
    exit 4
  fi
  echo "   stored: $held_series series, $held_samples samples, as sent" >&2
}

# Block directories (with a meta.json) under the given parent; prints "blocks bytes samples level>=2-bytes level>=2-samples".
block_stats() {
  python3 - "$1" <<'PY'
import json, os, sys
parent = sys.argv[1]
n = b = s = cb = cs = 0
for d in sorted(os.listdir(parent)) if os.path.isdir(parent) else []:
    meta = os.path.join(parent, d, "meta.json")
    if not os.path.isfile(meta) or ".tmp" in d:
        continue
    m = json.load(open(meta))
    if "Meta" in m:  # Orrery: {"FormatVersion": 2, "Meta": {"NumSamples": .., "Level": ..}}
        samples, level = m["Meta"]["NumSamples"], m["Meta"]["Level"]
    else:  # Prometheus: {"stats": {"numSamples": ..}, "compaction": {"level": ..}}
        samples, level = m["stats"]["numSamples"], m["compaction"]["level"]
    size = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(os.path.join(parent, d)) for f in fs)
    n += 1; b += size; s += samples
    if level >= 2:
        cb += size; cs += samples
print(n, b, s, cb, cs)
PY
}
blocks_dir() { if [ "$1" = orrery ]; then compgen -G "$2/metrics/*/blocks" | head -n1 || true; else echo "$2"; fi; }
# Waits (at most 5 min) until a compacted block exists and the blocks stayed the same for ~10 s.
wait_compacted() {
  local last="" now="" same=0 until=$((SECONDS + 300))
  while [ "$SECONDS" -lt "$until" ]; do
    now=$(block_stats "$(blocks_dir "$1" "$2")")
    if [ "$now" = "$last" ]; then same=$((same + 1)); else same=0; fi
    if [ "$(echo "$now" | awk '{print $5}')" -gt 0 ] && [ "$same" -ge 3 ]; then return 0; fi
    last=$now; sleep 3
  done
  echo "   no compacted block after 5 min ($now)" >&2
}

echo "== $(date -u '+%Y-%m-%d %H:%M:%S') UTC, $(nproc) cores, load average $(loadavg), Prometheus $prom_version, SCALE=$SCALE" >&2
record started "$(date -u '+%Y-%m-%d %H:%M') UTC"
record machine "$(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM"
record load_start "$(loadavg)"
record prometheus "$prom_version"
record commit "${COMMIT:-$(git rev-parse --short HEAD 2>/dev/null || echo unknown)}"
record limit "$LIMIT"
record cores "$(nproc)"
record settle "$SETTLE"
record warm_rounds "$WARM_ROUNDS"

now_ms=$(( $(date +%s) * 1000 ))
for peer in orrery prometheus; do
  case " $PHASES " in *" mem "*) ;; *) break ;; esac
  for run in A B; do
    if [ $run = A ]; then series=$SERIES_A rounds=$ROUNDS_A; else series=$SERIES_B rounds=$ROUNDS_B; fi
    interval=$(mem_interval_ms "$rounds")
    start_peer "$peer" "$work/$peer-mem-$run"
    warm_up "$peer.mem$run" $(( now_ms - (rounds + 4) * interval )) "$interval"
    load "$peer.mem$run" "$series" $(( series * rounds )) $(( now_ms - (rounds + 4) * interval )) "$interval" "$CAP"
    check_stored "$peer" "$peer.mem$run" "$series" "$WARM_SERIES" $(( WARM_SERIES * WARM_ROUNDS ))
    stop_peer
    rm -rf "$work/$peer-mem-$run"
  done
done

# 6 h aligned, so the first three 2 h blocks fill one 6 h compaction window for both.
six_h=$((6 * 3600 * 1000))
disk_start=$(( (now_ms - ROUNDS_D * INTERVAL_MS - 3600 * 1000) / six_h * six_h ))
disk_end=$(( disk_start + ROUNDS_D * INTERVAL_MS ))
record queries_window "$(date -u -d @$(( disk_end / 1000 - 3600 )) '+%H:%M')–$(date -u -d @$(( disk_end / 1000 )) '+%H:%M') UTC of $(date -u -d @$(( disk_end / 1000 )) '+%Y-%m-%d') (simulated)"
for peer in orrery prometheus; do
  case " $PHASES " in *" disk "*) ;; *) break ;; esac
  dir="$work/$peer-disk"
  start_peer "$peer" "$dir"
  load "$peer.disk" "$SERIES_D" $(( SERIES_D * ROUNDS_D )) "$disk_start" "$INTERVAL_MS"
  step "$peer: waiting for compaction"
  wait_compacted "$peer" "$dir"
  read -r n bytes samples cbytes csamples < <(block_stats "$(blocks_dir "$peer" "$dir")")
  record "$peer.disk.blocks" "$n"; record "$peer.disk.bytes" "$bytes"; record "$peer.disk.samples" "$samples"
  record "$peer.disk.compacted_bytes" "$cbytes"; record "$peer.disk.compacted_samples" "$csamples"
  record "$peer.disk.files" "$(cd "$(blocks_dir "$peer" "$dir")" && for b in */meta.json; do find "${b%/meta.json}" -type f -printf '%p %s;'; done)"
  step "$peer: $n blocks, $bytes bytes, $samples samples (compacted: $cbytes bytes, $csamples samples); dashboard queries"
  record "$peer.queries_load" "$(loadavg)"
  dotnet "$timer" time --endpoint "$PEER_URL" --queries bench/side-by-side/metrics/queries.txt \
    --start-ms $(( disk_end - 3600 * 1000 )) --end-ms "$disk_end" --step-ms 15000 --runs "$RUNS" >"$work/$peer.queries.tsv" || true
  cat "$work/$peer.queries.tsv" >&2
  stop_peer
done
record finished "$(date -u '+%H:%M') UTC"
record load_end "$(loadavg)"

python3 bench/side-by-side/metrics/report.py "$results" "$work/orrery.queries.tsv" "$work/prometheus.queries.tsv" \
  "SCALE=$SCALE bench/side-by-side/metrics.sh" >"$OUT"
step "wrote $OUT"
