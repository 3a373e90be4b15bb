"""Today-at-a-glance benchmark on the 100,000-customer shop: the whole page and each part.

    python3 -m tests.benchmarks.bench_today [--source FILE] [--runs 3]

``services.today`` writes nothing, so the shop is opened read-only (SQLite ``mode=ro``), never
copied or migrated. Prints ONE JSON object: per part the first run and the best of ``--runs``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from sqlalchemy import create_engine

from shopkeeper.domain.calendar import local_date
from shopkeeper.services import today as service
from shopkeeper.storage.database import Database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", default="/tmp/bench-100k.db")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    url = f"sqlite:///file:{args.source}?mode=ro&uri=true"
    db = Database(create_engine(url, connect_args={"check_same_thread": False}))
    now = db.now()
    day = local_date(now)
    parts = {
        "booked": lambda s: service._booked(s, day, "till-bench"),
        "birthdays": lambda s: service._birthdays(s, day, service.LINES),
        "anniversaries": lambda s: service._anniversaries(s, day, service.LINES),
        "problems": lambda s: service._problems(s, service.LINES),
        "overdue": lambda s: service._overdue(s, now, service.LINES),
    }
    out: dict[str, dict[str, float]] = {}
    for name, part in parts.items():
        times = []
        for _ in range(max(1, args.runs)):
            with db.read() as session:
                started = time.perf_counter()
                part(session)
                times.append(time.perf_counter() - started)
        out[name] = {"first_ms": round(times[0] * 1000, 1), "best_ms": round(min(times) * 1000, 1)}
        print(name, out[name], file=sys.stderr, flush=True)
    started = time.perf_counter()
    page = service.today(db, till="till-bench")
    out["whole_page"] = {"ms": round((time.perf_counter() - started) * 1000, 1)}
    counts = {
        name: getattr(page, name).total
        for name in ("birthdays", "problems", "overdue", "anniversaries")
    }
    json.dump({"parts": out, "counts": counts}, sys.stdout, indent=2)
    print()
    db.dispose()


if __name__ == "__main__":
    main()
