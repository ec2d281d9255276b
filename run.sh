#!/usr/bin/env bash
# The main job: starts the whole lab through the AppHost (RabbitMQ, Redis, the Api, the workers and the producer),
# runs the default experiment (the original chords of 7 and 3 tasks, at time scale 0.01 so that a task sleeps about
# 2 s instead of 3 minutes), prints the results and stops.
# Later arguments win: ./run.sh --Api:TimeScale=1 --Worker:ExecutionModel=Process --Worker:Concurrency=4
# Keep the dashboard up after the run with --Lab:ExitWhenDone=false.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh
waitinator_install
exec dotnet run -c Release --project Waitinator.AppHost -- --Lab:ExitWhenDone=true --Api:TimeScale=0.01 "$@"
