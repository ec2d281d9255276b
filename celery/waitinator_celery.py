"""The lab's tasks (waitinate, summarize, and noop for the throughput benchmark) as a Python Celery app: the peer that
proves the .NET worker and producer speak Celery, and the Celery engine of the lab's experiments.

Configured from the environment:
  WAITINATOR_BROKER_URL          amqp://user:password@127.0.0.1:port//
  WAITINATOR_BACKEND_URL         redis://:password@127.0.0.1:port/0
  WAITINATOR_API_URL             http://127.0.0.1:port (only the worker calls it)
  WAITINATOR_DATABASE            the worker's SQLite file, with the tables the .NET worker writes (unset: no records)
  WAITINATOR_POOL, WAITINATOR_CONCURRENCY   what the records say ran them (the command line chooses the pool)
  WAITINATOR_ACKS_LATE           "true": acknowledge after the task (Celery's task_acks_late)
  WAITINATOR_BROKER_HEARTBEAT    seconds (Celery's broker_heartbeat); unset keeps Celery's default
"""
import json
import os
import socket
import sqlite3
import time
import urllib.request
from datetime import datetime, timezone

from celery import Celery
from celery.signals import worker_init

app = Celery(
    "waitinator",
    broker=os.environ["WAITINATOR_BROKER_URL"],
    backend=os.environ["WAITINATOR_BACKEND_URL"],
)
app.conf.task_routes = {"waitinate": {"queue": "waitinate"}, "summarize": {"queue": "summarize"}, "noop": {"queue": "noop"}}
app.conf.task_serializer = "json"
app.conf.result_serializer = "json"
app.conf.accept_content = ["json"]
app.conf.task_acks_late = os.environ.get("WAITINATOR_ACKS_LATE", "false").lower() == "true"
if os.environ.get("WAITINATOR_BROKER_HEARTBEAT"):
    app.conf.broker_heartbeat = float(os.environ["WAITINATOR_BROKER_HEARTBEAT"])

POOL = os.environ.get("WAITINATOR_POOL", "prefork")
CONCURRENCY = int(os.environ.get("WAITINATOR_CONCURRENCY", "1"))
DATABASE = os.environ.get("WAITINATOR_DATABASE")

# The .NET worker's tables (Waitinator.Worker/TaskRecordStore.cs): both engines' runs are read by one reporter.
SCHEMA = """
CREATE TABLE IF NOT EXISTS waitinate_tasks (
    task_id TEXT PRIMARY KEY, request_id TEXT NOT NULL, sleep_seconds REAL NOT NULL, api_seconds REAL NOT NULL,
    published_at TEXT, started_at TEXT NOT NULL, ended_at TEXT NOT NULL, worker TEXT NOT NULL, pid INTEGER NOT NULL, pool TEXT NOT NULL,
    concurrency INTEGER NOT NULL, runs INTEGER NOT NULL DEFAULT 1);
CREATE TABLE IF NOT EXISTS summaries (
    task_id TEXT PRIMARY KEY, task_count INTEGER NOT NULL, mean_task_seconds REAL NOT NULL, total_seconds REAL NOT NULL,
    worker TEXT NOT NULL, header_task_ids TEXT NOT NULL, recorded_at TEXT NOT NULL, runs INTEGER NOT NULL DEFAULT 1);
"""


def _now():
    return datetime.now(timezone.utc)


def _stamp(moment):
    """The lab's one text form of a time in SQLite: UTC with microseconds and a Z."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _published_at(request):
    """When the producer published the task: its waitinator_sent_at header (Celery hands unknown headers to the request),
    or None for a message sent without it."""
    sent = getattr(request, "waitinator_sent_at", None)
    try:
        return datetime.fromisoformat(sent) if sent else None
    except (TypeError, ValueError):
        return None


def _worker_name():
    return f"celery-{os.getpid()}@{socket.gethostname()}"


@worker_init.connect
def _prepare_database(**_):
    """Creates the tables and turns on WAL once, in the worker's main process before its pool starts: done per write,
    the journal-mode switch and the schema's transaction made concurrent prefork children fail with 'database is locked',
    which SQLite's busy timeout does not wait out."""
    if not DATABASE:
        return
    os.makedirs(os.path.dirname(os.path.abspath(DATABASE)), exist_ok=True)
    for attempt in range(50):
        try:
            connection = sqlite3.connect(DATABASE, timeout=60)
            try:
                connection.execute("PRAGMA journal_mode = WAL")
                connection.executescript(SCHEMA)
            finally:
                connection.close()
            return
        except sqlite3.OperationalError as error:
            # Replicas sharing one file prepare it at the same moment.
            if "locked" not in str(error) or attempt == 49:
                raise
            time.sleep(0.1)


def _record(statement, values):
    """One short transaction per row; each process (prefork child, or the green pools' one process) has its own
    connection, and BEGIN IMMEDIATE takes the write lock at once, so the busy timeout applies."""
    if not DATABASE:
        return
    connection = sqlite3.connect(DATABASE, timeout=60, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.execute(statement, values)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    finally:
        connection.close()


LONGEST_SLEEP_SECONDS = 86400


@app.task(name="waitinate", bind=True)
def waitinate(self, sleep_seconds=None):
    """One GET /waitinate; given sleep_seconds, the Api sleeps that long instead of a random while (the benchmark's
    long and short tasks), as the .NET worker's waitinate does."""
    started_at = _now()
    published_at = _published_at(self.request)
    clock = time.monotonic()
    url = os.environ["WAITINATOR_API_URL"].rstrip("/") + "/waitinate"
    if sleep_seconds is not None:
        if isinstance(sleep_seconds, bool) or not isinstance(sleep_seconds, (int, float)) \
                or not 0 <= sleep_seconds <= LONGEST_SLEEP_SECONDS:
            raise ValueError(f"waitinate's sleep_seconds must be a number of seconds from 0 to {LONGEST_SLEEP_SECONDS} (got {sleep_seconds!r})")
        url += f"?sleep_seconds={float(sleep_seconds)!r}"
    with urllib.request.urlopen(url, timeout=600) as response:
        answer = json.load(response)
    api_seconds = time.monotonic() - clock
    ended_at = _now()
    result = {
        "task_id": self.request.id,
        "request_id": answer["id"],
        "sleep_seconds": answer["sleep_seconds"],
        "api_seconds": api_seconds,
        "published_at": published_at.isoformat() if published_at else None,
        "started_at": started_at.isoformat(),
        "ended_at": ended_at.isoformat(),
        "worker": _worker_name(),
        "pid": os.getpid(),
        "pool": "celery-" + POOL,
        "concurrency": CONCURRENCY,
        "slots": 1 if POOL == "prefork" else CONCURRENCY,
    }
    _record(
        """INSERT INTO waitinate_tasks (task_id, request_id, sleep_seconds, api_seconds, published_at, started_at, ended_at, worker, pid, pool, concurrency)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (task_id) DO UPDATE SET
               request_id = excluded.request_id, sleep_seconds = excluded.sleep_seconds, api_seconds = excluded.api_seconds,
               published_at = excluded.published_at, started_at = excluded.started_at, ended_at = excluded.ended_at, worker = excluded.worker, pid = excluded.pid,
               pool = excluded.pool, concurrency = excluded.concurrency, runs = runs + 1""",
        (result["task_id"], result["request_id"], result["sleep_seconds"], api_seconds,
         _stamp(published_at) if published_at else None, _stamp(started_at), _stamp(ended_at),
         result["worker"], result["pid"], result["pool"], CONCURRENCY))
    return result


@app.task(name="summarize", bind=True)
def summarize(self, results):
    def seconds(result):
        return (datetime.fromisoformat(result["ended_at"]) - datetime.fromisoformat(result["started_at"])).total_seconds()

    starts = [datetime.fromisoformat(r["started_at"]) for r in results]
    ends = [datetime.fromisoformat(r["ended_at"]) for r in results]
    summary = {
        "task_id": self.request.id,
        "task_count": len(results),
        "mean_task_seconds": sum(seconds(r) for r in results) / len(results) if results else 0.0,
        "total_seconds": (max(ends) - min(starts)).total_seconds() if results else 0.0,
        "sum_sleep_seconds": sum(r["sleep_seconds"] for r in results),
        "worker": _worker_name(),
        "results": results,
    }
    _record(
        """INSERT INTO summaries (task_id, task_count, mean_task_seconds, total_seconds, worker, header_task_ids, recorded_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (task_id) DO UPDATE SET
               task_count = excluded.task_count, mean_task_seconds = excluded.mean_task_seconds, total_seconds = excluded.total_seconds,
               worker = excluded.worker, header_task_ids = excluded.header_task_ids, recorded_at = excluded.recorded_at, runs = runs + 1""",
        (summary["task_id"], summary["task_count"], summary["mean_task_seconds"], summary["total_seconds"], summary["worker"],
         json.dumps([r["task_id"] for r in results]), _stamp(_now())))
    return summary


@app.task(name="noop")
def noop(report_start=False):
    """Does nothing: what the queue itself costs per task (the benchmark's noop scenario). With report_start it returns
    when it started instead, for the benchmark's publish-to-start latency."""
    if report_start:
        return {"started_at": _now().isoformat()}
    return None
