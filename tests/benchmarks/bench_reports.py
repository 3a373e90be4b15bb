"""Reports benchmark: every report on the 100,000-customer shop, seconds each.

    python3 -m tests.benchmarks.bench_reports [--source FILE] [--db COPY] [--runs 3] [--only NAME]

The source is never opened for writing: it is copied (SQLite's backup API) to ``--db`` once,
and the copy is opened as the program does (which migrates it to the current schema, with the
report indexes). Reports write nothing. Prints ONE JSON object: per report the first run and the
best of ``--runs`` (cache warm) in wall and CPU time, and whether each is under the 2 s target.
``--only NAME`` (repeatable) times just those reports.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from pathlib import Path

from shopkeeper.bootstrap import open_database
from shopkeeper.services.report_export import REPORTS, Options, run_table

TARGET_S = 2.0


def _copy(source: Path, target: Path) -> None:
    if target.exists():
        return
    print(f"copying {source} to {target}…", file=sys.stderr, flush=True)
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", default="/tmp/bench-100k.db")
    parser.add_argument("--db", default="/tmp/bench-reports.db")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", action="append", choices=sorted(REPORTS), metavar="REPORT")
    args = parser.parse_args()
    _copy(Path(args.source), Path(args.db))
    db = open_database(args.db)
    out: dict[str, dict[str, float | bool]] = {}
    for name in args.only or REPORTS:
        times, cpu = [], []
        for _ in range(max(1, args.runs)):
            started, cpu_started = time.perf_counter(), time.process_time()
            run_table(db, name, Options())
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
        out[name] = {
            "first_s": round(times[0], 3),
            "best_s": round(min(times), 3),
            "best_cpu_s": round(min(cpu), 3),  # a shared machine inflates wall time, not CPU
            "under_target": min(times) < TARGET_S,
        }
        print(name, out[name], file=sys.stderr, flush=True)
    json.dump({"reports": out, "target_s": TARGET_S}, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
