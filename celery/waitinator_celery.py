"""The lab's tasks (waitinate, summarize, and noop for the throughput benchmark) as a Python Celery app: the peer that proves the .NET worker and producer speak Celery.

Configured from the environment:
  WAITINATOR_BROKER_URL   amqp://user:password@127.0.0.1:port//
  WAITINATOR_BACKEND_URL  redis://:password@127.0.0.1:port/0
  WAITINATOR_API_URL      http://127.0.0.1:port (only the worker calls it)
"""
import json
import os
import socket
import time
import urllib.request
from datetime import datetime, timezone

from celery import Celery

app = Celery(
    "waitinator",
    broker=os.environ["WAITINATOR_BROKER_URL"],
    backend=os.environ["WAITINATOR_BACKEND_URL"],
)
app.conf.task_routes = {"waitinate": {"queue": "waitinate"}, "summarize": {"queue": "summarize"}, "noop": {"queue": "noop"}}
app.conf.task_serializer = "json"
app.conf.result_serializer = "json"
app.conf.accept_content = ["json"]


def _now():
    return datetime.now(timezone.utc).isoformat()


@app.task(name="waitinate", bind=True)
def waitinate(self):
    started_at = _now()
    clock = time.monotonic()
    with urllib.request.urlopen(os.environ["WAITINATOR_API_URL"].rstrip("/") + "/waitinate", timeout=600) as response:
        answer = json.load(response)
    api_seconds = time.monotonic() - clock
    concurrency = int(os.environ.get("WAITINATOR_CONCURRENCY", "1"))
    return {
        "task_id": self.request.id,
        "request_id": answer["id"],
        "sleep_seconds": answer["sleep_seconds"],
        "api_seconds": api_seconds,
        "started_at": started_at,
        "ended_at": _now(),
        "worker": f"celery-{os.getpid()}@{socket.gethostname()}",
        "pid": os.getpid(),
        "pool": "celery-" + os.environ.get("WAITINATOR_POOL", "prefork"),
        "concurrency": concurrency,
        "slots": 1 if os.environ.get("WAITINATOR_POOL", "prefork") == "prefork" else concurrency,
    }


@app.task(name="summarize", bind=True)
def summarize(self, results):
    def seconds(result):
        return (datetime.fromisoformat(result["ended_at"]) - datetime.fromisoformat(result["started_at"])).total_seconds()

    starts = [datetime.fromisoformat(r["started_at"]) for r in results]
    ends = [datetime.fromisoformat(r["ended_at"]) for r in results]
    return {
        "task_id": self.request.id,
        "task_count": len(results),
        "mean_task_seconds": sum(seconds(r) for r in results) / len(results) if results else 0.0,
        "total_seconds": (max(ends) - min(starts)).total_seconds() if results else 0.0,
        "sum_sleep_seconds": sum(r["sleep_seconds"] for r in results),
        "worker": f"celery-{os.getpid()}@{socket.gethostname()}",
        "results": results,
    }


@app.task(name="noop")
def noop():
    """Does nothing: what the queue itself costs per task (the benchmark's noop scenario)."""
    return None
