#!/usr/bin/env python3
"""Makes results-small/ from a real experiment's results folder: 2 configurations x 3 repetitions, worker databases as
single small files, telemetry (OTLP/JSON lines) cut to the lines within 2.5 s of the tasks and, within each metrics
line, to the metrics the reporter reads (plus a few others it must skip). Spans and logs are kept whole, in each
configuration's first repetition only (the dashboard archive's test reads them).
results-small/ was made from an experiment of solo-1 and async-16 at time scale 0.005 with 3 repetitions each,
recorded on a 2-core machine. Usage: trim-results.py RESULTS_FOLDER [CONFIGURATION ...] (default solo-1 async-16)."""
import json, os, shutil, sqlite3, sys
from datetime import datetime, timedelta, timezone

USED = {"process.cpu.time", "process.cpu.utilization", "process.memory.usage", "waitinator.broker.connections",
        "waitinator.redis.connections", "waitinator.tasks.in_flight", "waitinator.server.connections"}
CORES = "dotnet.process.cpu.count"  # the recording machine's cores: the bound the tests put on CPU utilisation
OTHERS_KEPT = 2  # other metrics kept in a file's first line, so the tests see the reporter skip them
MARGIN = timedelta(seconds=2.5)  # the clean data keeps 1 s around the tasks; CPU rates need a sample 1 s before that


def parse(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def line_time(request):
    for resource in request.get("resourceMetrics", []):
        for scope in resource.get("scopeMetrics", []):
            for metric in scope.get("metrics", []):
                for kind in ("gauge", "sum", "histogram"):
                    for point in metric.get(kind, {}).get("dataPoints", []):
                        return datetime.fromtimestamp(int(point["timeUnixNano"]) / 1e9, timezone.utc)
    return None


def lab_client(point):
    """The monitor's counts for clients other than the lab's processes (the AppHost's health checks) are left out too."""
    for attribute in point.get("attributes", []):
        if attribute["key"] == "waitinator.client":
            return attribute["value"].get("stringValue", "").startswith(("worker-", "producer-", "monitor-", "api-"))
    return True


def trim_metrics(request, others):
    """Keeps the used metrics, the core count and the first few others; returns how many others are still to keep."""
    for resource in request["resourceMetrics"]:
        for scope in resource.get("scopeMetrics", []):
            kept = []
            for metric in scope.get("metrics", []):
                if metric["name"] in USED or metric["name"] == CORES:
                    if metric["name"] == "waitinator.server.connections":
                        metric["gauge"]["dataPoints"] = [p for p in metric["gauge"]["dataPoints"] if lab_client(p)]
                    kept.append(metric)
                elif others > 0:
                    kept.append(metric)
                    others -= 1
            scope["metrics"] = kept
        resource["scopeMetrics"] = [s for s in resource.get("scopeMetrics", []) if s["metrics"]]
    return others


def main():
    source = sys.argv[1]
    configurations = sys.argv[2:] or ["solo-1", "async-16"]
    target = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results-small")
    shutil.rmtree(target, ignore_errors=True)
    os.makedirs(target)

    experiment = json.load(open(os.path.join(source, "experiment.json")))
    experiment["configurations"] = [c for c in experiment["configurations"] if c["name"] in configurations]
    json.dump(experiment, open(os.path.join(target, "experiment.json"), "w"), indent=2)

    for configuration in configurations:
        os.makedirs(os.path.join(target, configuration))
        shutil.copy(os.path.join(source, configuration, "configuration.json"), os.path.join(target, configuration))
        for repetition in sorted(os.listdir(os.path.join(source, configuration))):
            if repetition.isdigit():
                copy_repetition(os.path.join(source, configuration, repetition), os.path.join(target, configuration, repetition))

    # The experiment's monitor/ folder sits beside the configurations: one line, so the tests see it is no configuration.
    monitor = os.path.join(source, "monitor", "telemetry")
    for name in os.listdir(monitor):
        if name.endswith(".metrics.jsonl"):
            os.makedirs(os.path.join(target, "monitor", "telemetry"), exist_ok=True)
            request = json.loads(open(os.path.join(monitor, name)).readline())
            trim_metrics(request, 0)
            open(os.path.join(target, "monitor", "telemetry", name), "w").write(json.dumps(request, separators=(",", ":")) + "\n")


def copy_repetition(source, target):
    os.makedirs(os.path.join(target, "worker"))
    os.makedirs(os.path.join(target, "producer"))
    os.makedirs(os.path.join(target, "telemetry"))
    shutil.copy(os.path.join(source, "run.json"), target)
    shutil.copy(os.path.join(source, "producer", "producer-report.json"), os.path.join(target, "producer"))

    database = os.path.join(target, "worker", "waitinator-worker.db")
    with sqlite3.connect(os.path.join(source, "worker", "waitinator-worker.db")) as connection:
        connection.execute("VACUUM INTO ?", (database,))
        first, last = connection.execute("SELECT MIN(started_at), MAX(ended_at) FROM waitinate_tasks").fetchone()
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.execute("PRAGMA page_size=1024")  # small pages: a quarter of the bytes for the same rows
    connection.execute("VACUUM")
    connection.close()
    start, end = parse(first) - MARGIN, parse(last) + MARGIN

    for name in sorted(os.listdir(os.path.join(source, "telemetry"))):
        path = os.path.join(source, "telemetry", name)
        if not name.endswith(".metrics.jsonl"):
            if os.path.basename(source) == "1":
                shutil.copy(path, os.path.join(target, "telemetry"))
            continue
        kept, others = [], OTHERS_KEPT
        for line in open(path):
            request = json.loads(line)
            time = line_time(request)
            if time is None or not start <= time <= end:
                continue
            others = trim_metrics(request, others)
            kept.append(json.dumps(request, separators=(",", ":")) + "\n")
        open(os.path.join(target, "telemetry", name), "w").writelines(kept)


main()
