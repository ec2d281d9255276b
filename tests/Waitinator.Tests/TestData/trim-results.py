#!/usr/bin/env python3
"""Makes results-small/ from a real experiment's results folder: 2 configurations x 2 repetitions, telemetry cut to
the metrics the reporter reads (plus a few others it must skip) within 2.5 s of the tasks, worker databases as
single small files. results-small/ was made from the lab's `quick` experiment, results/quick/20261127-234424,
recorded on a 2-core machine. Usage: trim-results.py RESULTS_FOLDER [CONFIGURATION ...] (default solo-1 async-16)."""
import json, os, shutil, sqlite3, sys
from datetime import datetime, timedelta

USED = {"process.cpu.time", "process.cpu.utilization", "process.memory.usage", "waitinator.broker.connections",
        "waitinator.redis.connections", "waitinator.tasks.in_flight", "waitinator.server.connections"}
OTHERS_KEPT = 2  # lines of other metrics kept per file, so the tests see the reporter skip them
MARGIN = timedelta(seconds=2.5)  # the clean data keeps 1 s around the tasks; CPU rates need a sample 1 s before that


def parse(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


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
        for repetition in ("1", "2"):
            copy_repetition(os.path.join(source, configuration, repetition), os.path.join(target, configuration, repetition))

    # The experiment's monitor/ folder sits beside the configurations: a few lines, so the tests see it is no configuration.
    monitor = os.path.join(source, "monitor", "telemetry")
    for name in os.listdir(monitor):
        if name.endswith(".metrics.jsonl"):
            os.makedirs(os.path.join(target, "monitor", "telemetry"), exist_ok=True)
            lines = open(os.path.join(monitor, name)).readlines()[:3]
            open(os.path.join(target, "monitor", "telemetry", name), "w").writelines(lines)


def lab_client(sample):
    """The monitor's counts for clients other than the lab's processes (the AppHost's health checks) are skipped too."""
    client = sample.get("attributes", {}).get("waitinator.client")
    return client is None or client.startswith(("worker-", "producer-", "monitor-", "api-"))


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
        if not name.endswith(".metrics.jsonl"):
            continue
        kept, others, cores = [], 0, False
        for line in open(os.path.join(source, "telemetry", name)):
            sample = json.loads(line)
            if sample["metric"] == "dotnet.process.cpu.count" and not cores:
                kept.append(line)  # the recording machine's cores: the bound the tests put on CPU utilisation
                cores = True
                continue
            if sample["metric"] not in USED or not lab_client(sample):
                if others < OTHERS_KEPT:
                    kept.append(line)
                    others += 1
                continue
            if start <= parse(sample["timestamp"]) <= end:
                kept.append(line)
        open(os.path.join(target, "telemetry", name), "w").writelines(kept)


main()
