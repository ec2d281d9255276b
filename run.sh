#!/usr/bin/env bash
# The main job: starts the whole lab through the AppHost (RabbitMQ, Redis, the Api, the monitor), runs the `quick`
# experiment (the .NET baseline, a process and an async worker, and Celery's prefork pool, twice each, at time scale
# 0.005 so a task sleeps about 1 s instead of 3 minutes), shows its progress, writes the report under
# results/quick/TIMESTAMP/report/, prints its main tables and verdict, and stops.
# Another mode replaces the quick experiment (./run.sh --experiment investigation, ./run.sh --benchmark noop); later
# settings win (--Lab:ExitWhenDone=false keeps the dashboard up). ./run.sh --help lists the modes, experiments and settings.
set -euo pipefail
cd "$(dirname "$0")"
mode=(--experiment quick)
for argument in "$@"; do
  case "$argument" in
    -h|-\?|--help|--list|--version)
      # Nothing to install or start: the AppHost answers and exits.
      if [[ "$argument" != --list && "$argument" != --version ]]; then
        echo "./run.sh [OPTIONS] [--Section:Key=value ...]: the AppHost below with --Lab:ExitWhenDone=true and, unless"
        echo "another mode is given, --experiment quick; it installs the Debian packages the lab needs first."
        echo
      fi
      exec dotnet run -c Release --no-launch-profile --project Waitinator.AppHost -- "$@"
      ;;
    -e|-e=*|--experiment|--experiment=*|--benchmark|--benchmark=*|--Lab:Experiment*|--Lab:Benchmark*)
      mode=()
      ;;
  esac
done
source scripts/prerequisites.sh
waitinator_install python3-celery python3-gevent python3-eventlet python3-redis
exec dotnet run -c Release --project Waitinator.AppHost -- --Lab:ExitWhenDone=true "${mode[@]}" "$@"
