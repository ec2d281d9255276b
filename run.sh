#!/usr/bin/env bash
# The main job: starts the whole lab through the AppHost (RabbitMQ, Redis, the Api, the monitor), runs the `quick`
# experiment (the .NET baseline, a process and an async worker, and Celery's prefork pool, twice each, at time scale
# 0.005 so a task sleeps about 1 s instead of 3 minutes), writes the report under results/quick/TIMESTAMP/report/,
# prints its tables and stops.
# Later arguments win: ./run.sh --experiment investigation. One run of one configuration, without an experiment:
#   dotnet run -c Release --project Waitinator.AppHost -- --Lab:ExitWhenDone=true --Api:TimeScale=0.01 --Worker:Concurrency=4
# Keep the dashboard up after the run with --Lab:ExitWhenDone=false.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh
waitinator_install python3-celery python3-gevent python3-eventlet python3-redis
exec dotnet run -c Release --project Waitinator.AppHost -- --Lab:ExitWhenDone=true --experiment quick "$@"
