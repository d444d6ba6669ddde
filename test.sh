#!/usr/bin/env bash
# Runs every test of Orrery. Installs what the tests need when it is missing, then builds,
# checks formatting, runs all test projects and prints one closing line:
#   "Total: N passed, N failed, N skipped"
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# The OpenTelemetry .NET SDK and Google.Protobuf come from NuGet on restore. Reference peers the
# tests compare against are Debian packages, installed only when missing:
#   prometheus (2.42 on Debian 12): scrapes Orrery and remote-writes into it; the PromQL reference.
need=()
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing ${need[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# The OpenTelemetry JS SDK, a real client for the end-to-end tests, from npm at pinned versions.
if [ ! -d tests/js/node_modules ]; then
  echo "== npm ci (tests/js)"
  (cd tests/js && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

echo "== restore and build"
build_log=$(mktemp)
if ! dotnet build Orrery.slnx -c Release >"$build_log" 2>&1; then
  grep -E "error|Error" "$build_log" | sort -u | head -n 50
  echo "Total: 0 passed, 1 failed"
  exit 1
fi
tail -n 3 "$build_log"; rm -f "$build_log"

echo "== format (dotnet format --verify-no-changes)"
dotnet format Orrery.slnx --verify-no-changes --no-restore

echo "== tests"
log=$(mktemp)
set +e
dotnet test Orrery.slnx -c Release --no-build 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# Sum the per-assembly summaries ("Failed: 0, Passed: 13, Skipped: 0, Total: 13") into one line.
awk '/Failed: *[0-9]+, Passed: *[0-9]+, Skipped: *[0-9]+/ {
       for (i = 1; i <= NF; i++) {
         if ($i == "Failed:")  { f += $(i+1) + 0 }
         if ($i == "Passed:")  { p += $(i+1) + 0 }
         if ($i == "Skipped:") { s += $(i+1) + 0 }
       }
     }
     END { printf "Total: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
