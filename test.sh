#!/usr/bin/env bash
# Runs every test against real RabbitMQ and Redis servers, installing what is missing first.
# Extra arguments go to dotnet test, e.g. ./test.sh --filter AppHostTests
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh
waitinator_install python3-celery python3-gevent python3-eventlet python3-redis chromium
dotnet restore Waitinator.sln
dotnet build Waitinator.sln --no-restore -c Release
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Waitinator.sln --no-build -c Release --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?
# The log's tail is what a CI page shows: name each failed test and the start of its error there, then "N passed, N failed".
awk '/^  Failed [A-Za-z]/ { print; lines = 6; next } lines > 0 && !/^  Stack Trace:/ { print substr($0, 1, 400); lines-- } /^  Stack Trace:/ { lines = 0 }' "${log}"
awk '/^ *Passed: *[0-9]+$/ { p += $2 } /^ *Failed: *[0-9]+$/ { f += $2 } /^ *Skipped: *[0-9]+$/ { s += $2 }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "${log}"
exit "$status"
