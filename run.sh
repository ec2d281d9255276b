#!/usr/bin/env bash
# The main job: starts the whole lab through the AppHost (RabbitMQ, Redis, the Api, the workers and the producer).
# Extra arguments go to the AppHost, e.g. ./run.sh --Api:TimeScale=0.01 --Lab:WorkerReplicas=2
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh
waitinator_install
exec dotnet run --project Waitinator.AppHost -- "$@"
