"""Import benchmark: a 100,000-row customer file into a shop whose till keeps booking.

    python3 -m tests.benchmarks.bench_import [--rows 100000] [--dir PATH]

Builds a shop with a few counter customers, writes a CSV of ``--rows`` customers (Lithuanian and
Chinese names, phones, e-mails, birthdays, balances, past visits), then, while a till in another
process books a visit every 20 ms, previews the file (dry run), imports it and imports it again
(a re-import, which must change nothing). The import's write transaction is timed inside the
service (``ImportResult.write_seconds``: how long it held SQLite's write lock); the till's
slowest booking during the import shows what a cashier would have felt. Prints ONE JSON object;
progress goes to stderr. Targets: the import in 20 s or less, the write lock held 2 s or less,
no booking failed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_IMPORT_SECONDS = 20.0
TARGET_LOCK_SECONDS = 2.0
FIRST = ["Ona", "Jonas", "Rūta", "Žydrūnas", "Eglė", "Dovilė", "Tomas", "Aistė", "Mantas"]
LAST = ["Žemaitė", "Kazlauskas", "Jankauskienė", "Čepulis", "Šimkus", "Petraitis", "Vaitkus"]
CHINESE = ["王小明", "陳美玲", "李偉", "張秀英", "劉洋", "黃麗華", "趙敏", "周傑"]


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def write_file(path: Path, rows: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["Name", "Phone", "E-mail", "Birthday", "Points", "Visits"])
        for i in range(rows):
            if i % 5 == 0:
                name = f"{rng.choice(CHINESE)}{i}"
            else:
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"
            phone = f"+3706{i:07d}" if i % 4 else ""
            email = f"c{i}@example.lt" if i % 3 else ""
            birthday = f"{1950 + i % 50}-{1 + i % 12:02d}-{1 + i % 28:02d}" if i % 2 else ""
            out.writerow([name, phone, email, birthday, rng.randint(0, 500), rng.randint(0, 40)])


def till(db_path: str, card: str, stop_file: str) -> None:
    """A till in its own process: books until ``stop_file`` exists, then prints its timings."""
    from shopkeeper.services.visits import record_visit
    from shopkeeper.storage.database import Database

    db = Database.open(db_path)
    waits, failures = [], 0
    while not os.path.exists(stop_file):
        started = time.perf_counter()
        try:
            record_visit(db, card_number=card, amount_cents=1_000)
        except Exception as error:  # noqa: BLE001 - counted and reported
            failures += 1
            _log(f"till: {type(error).__name__}: {error}")
        waits.append((started, time.perf_counter() - started))
        time.sleep(0.02)
    print(json.dumps({"bookings": waits, "failures": failures}), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--till", nargs=3, metavar=("DB", "CARD", "STOP"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.till:
        till(*args.till)
        return 0

    from shopkeeper.bootstrap import open_database
    from shopkeeper.services import importing
    from shopkeeper.services.customers import create_customer

    folder = args.dir or Path(tempfile.mkdtemp(prefix="bench-import-"))
    folder.mkdir(parents=True, exist_ok=True)
    db_path, csv_path, stop = folder / "shop.db", folder / "customers.csv", folder / "stop"
    for path in (db_path, stop):
        path.unlink(missing_ok=True)
    load_before = os.getloadavg()[0]
    db = open_database(db_path)
    card = create_customer(db, name="Till Customer", phone="+37069900000").card_number
    for name in ("Ona Žemaitė", "王小明", "Jonas Kazlauskas"):
        create_customer(db, name=name)
    _log(f"writing {args.rows} rows …")
    write_file(csv_path, args.rows)

    started = time.perf_counter()
    preview, _ = importing.import_file(db, csv_path, dry_run=True)
    preview_seconds = time.perf_counter() - started
    _log(f"preview {preview_seconds:.1f} s; importing with a till booking …")

    process = subprocess.Popen(
        [sys.executable, "-m", "tests.benchmarks.bench_import", "--till", str(db_path), card,
         str(stop)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    time.sleep(1.0)  # the till is booking
    started, cpu = time.perf_counter(), time.process_time()
    result, _ = importing.import_file(db, csv_path)
    import_end = time.perf_counter()
    import_seconds, import_cpu = import_end - started, time.process_time() - cpu
    time.sleep(0.5)
    stop.touch()
    out, _ = process.communicate(timeout=60)
    till_report = json.loads(out)
    during = [w for at, w in till_report["bookings"] if started <= at <= import_end]

    _log(f"imported in {import_seconds:.1f} s; re-importing …")
    started = time.perf_counter()
    again, _ = importing.import_file(db, csv_path)
    reimport_seconds = time.perf_counter() - started
    db.dispose()
    load_after = os.getloadavg()[0]
    figures = {
        "benchmark": "import",
        "rows": args.rows,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_1min_at_start": round(load_before, 2),
        "preview_seconds": round(preview_seconds, 2),
        "import_seconds": round(import_seconds, 2),
        "import_cpu_seconds": round(import_cpu, 2),
        "write_lock_seconds": round(result.write_seconds or 0.0, 3),
        "write_lock_cpu_seconds": round(result.write_cpu_seconds or 0.0, 3),
        "imported": result.imported,
        "rejected": result.rejected,
        "till_bookings_during_import": len(during),
        "till_slowest_booking_seconds": round(max(during, default=0.0), 3),
        "till_failures": till_report["failures"],
        "load_average_1min_at_end": round(load_after, 2),
        "reimport_seconds": round(reimport_seconds, 2),
        "reimport_write_lock_seconds": round(again.write_seconds or 0.0, 3),
        "reimport_imported_updated": [again.imported, again.updated],
        "target_import_seconds": TARGET_IMPORT_SECONDS,
        "target_write_lock_seconds": TARGET_LOCK_SECONDS,
        "targets_met": import_seconds <= TARGET_IMPORT_SECONDS
        and (result.write_seconds or 0.0) <= TARGET_LOCK_SECONDS
        and till_report["failures"] == 0,
    }
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
