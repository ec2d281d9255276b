"""Python Celery's own client: submits chords of waitinate tasks with a summarize callback and prints each
callback's result as one JSON line. Usage: send_chords.py SIZE [SIZE ...] (default 7 3)."""
import json
import sys

from celery import chord

from waitinator_celery import summarize, waitinate

sizes = [int(size) for size in sys.argv[1:]] or [7, 3]
results = [chord([waitinate.s() for _ in range(size)])(summarize.s()) for size in sizes]
for result in results:
    print(json.dumps({"callback_id": result.id, "group_id": result.parent.id, "summary": result.get(timeout=600)}), flush=True)
