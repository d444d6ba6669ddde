#!/usr/bin/env bash
# Log store benchmark (not a test), in process: a pool of POOL unique lines of the realistic mix
# (tests/Orrery.Storage.Tests/Logs/RealisticLogs.cs) is sent round after round through
# EmbeddedLogStore.ConsumeAsync by WRITERS concurrent writers until TOTAL lines are in, each round
# shifted by whole seconds; the store cuts blocks in the background meanwhile (WAL sync interval).
# Reports lines/s (wall) and process CPU per line, the ratio on disk, then LogQL latencies
# (median of RUNS) for a rare word, a common word (first 100 and counted to the end), the logs
# of one trace and a label-filtered count_over_time, with the load average.
# Also: `... Orrery.LogsBench.dll block 200000 7` (ratio of one block) and `sections 200000 7`
# (bytes per chunk section).
set -euo pipefail
cd "$(dirname "$0")/../.."
TOTAL=${TOTAL:-10000000}
POOL=${POOL:-1000000}
WRITERS=${WRITERS:-4}
RUNS=${RUNS:-3}
dotnet build -c Release bench/logs/Orrery.LogsBench >/dev/null
dotnet bench/logs/Orrery.LogsBench/bin/Release/net10.0/Orrery.LogsBench.dll run "$TOTAL" "$POOL" "$WRITERS" "$RUNS" ${KEEP:+"$KEEP"}
