"""Monthly letters benchmark: letters per second into one PDF, and memory as the batch grows.

    python3 -m tests.benchmarks.bench_letters [--sizes 300 3000] [--dir PATH]

For each size it builds (or reuses) a shop whose every consenting customer gets a letter with
real content: names in Lithuanian, Chinese and accented Latin, a postal address, November-style
figures, rewards, a birthday line for some and an unused voucher (with its barcode) for one in
five; one customer in ten has no consent and lands in the skip report. Then a fresh Python process
per size plans the letters (``services.letters.plan_letters``) and writes them into one PDF
(``printing.letters.write_letters``), so each size's peak memory is its own. Prints ONE JSON
object; progress goes to stderr. The target is 300 letters per second, plan and PDF together.

Memory is reported three ways per size: before (imports, fonts), after planning (the plan holds
every letter's data, a few KB each, plus SQLite's page cache) and the peak while the PDF is
written. ``pdf_rss_growth_mb`` is what writing the PDF adds: it should not grow with the batch,
because ``printing.stream.StreamingCanvas`` writes pages out as it goes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

TARGET_LETTERS_PER_SECOND = 300
FIRST = ["Ona", "Jonas", "Rūta", "Žydrūnas", "Zoë", "Ąžuolas", "Eglė", "Chloé", "Søren", "Dovilė"]
LAST = ["Žemaitė", "Kazlauskas", "Faure", "Jankauskienė", "Čepulis", "Ångström", "Šimkus", "Müller"]
CHINESE = ["王小明", "陳美玲", "李偉", "張秀英", "劉洋", "黃麗華", "趙敏", "周傑"]
STREETS = ["Pilies g.", "Gedimino pr.", "rue des Lilas", "世纪大道", "信義路", "Laisvės al."]


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build_shop(path: Path, customers: int, seed: int = 1) -> dict[str, object]:
    """A shop with ``customers`` customers, 90 % of them getting last month's letter. Bulk
    inserts in one transaction (the benchmark measures printing, not booking)."""
    from sqlalchemy import insert
    from sqlmodel import select

    from shopkeeper.bootstrap import open_database
    from shopkeeper.domain.calendar import Month, local_date
    from shopkeeper.domain.codes import VOUCHER_ALPHABET, card_number_for
    from shopkeeper.domain.ledger import Kind
    from shopkeeper.domain.text import search_key
    from shopkeeper.services import programme
    from shopkeeper.storage import tables as t

    rng = random.Random(seed)
    db = open_database(path, shop_name="Kepyklėlė „Žemaitė“ · 小面包店")
    programme.update_shop(db, address="Vilniaus g. 12\nLT-01119 Vilnius\nLietuva")
    now = db.now()
    month = Month.of(local_date(now)).shift(-1)
    start = month.start()
    joined = start - timedelta(days=200)
    customer_rows, ledger, visit_rows, redemptions = [], [], [], []
    codes: set[str] = set()
    with db.write() as session:
        tiers = session.exec(select(t.Tier.id).order_by(t.Tier.threshold)).all()
        reward = session.exec(select(t.Reward).order_by(t.Reward.points_cost)).first()
        for i in range(1, customers + 1):
            western = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            name = rng.choice(CHINESE) if i % 3 == 0 else western
            street = rng.choice(STREETS)
            address = f"{street} {rng.randint(1, 200)}\nLT-{rng.randint(10000, 99999)} Vilnius"
            visits = rng.randint(0, 4)
            amounts = [rng.randint(300, 9000) for _ in range(visits)]
            has_voucher = i % 5 == 0
            # Points from before the month (enough to have paid for the voucher's reward).
            earlier = rng.randint(0, 400) + (reward.points_cost if has_voucher else 0)
            entries = [(joined, 50, Kind.WELCOME_BONUS, None)]
            entries.append((joined + timedelta(days=10), earlier, Kind.VISIT, earlier * 100))
            for n, amount in enumerate(amounts):
                entries.append(
                    (start + timedelta(days=1 + 6 * n, hours=3), amount // 100, Kind.VISIT, amount)
                )
            if has_voucher:
                code = ""
                while not code or code in codes:
                    code = "".join(rng.choice(VOUCHER_ALPHABET) for _ in range(10))
                codes.add(code)
                when = start + timedelta(days=21)
                entries.append((when, -reward.points_cost, Kind.REDEMPTION, None))
                redemptions.append(
                    {
                        "customer_id": i,
                        "reward_id": reward.id,
                        "at": when,
                        "points": reward.points_cost,
                        "value_cents": reward.value_cents,
                        "voucher_code": code,
                        "valid_until": (now + timedelta(days=60)).date(),
                    }
                )
            for when, points, kind, amount in entries:
                ledger.append({"customer_id": i, "at": when, "points": points, "kind": str(kind)})
                if amount is not None:
                    visit_rows.append({"customer_id": i, "at": when, "amount_cents": amount})
            customer_rows.append(
                {
                    "id": i,
                    "card_number": card_number_for(i),
                    "name": name,
                    "name_key": search_key(name),
                    "address": address,
                    "birthday": joined.date().replace(year=1980, day=min(28, 1 + i % 28)),
                    "language": "lt",
                    "letters_consent": i % 10 != 0,
                    "joined_at": joined,
                    "tier_id": tiers[min(len(tiers) - 1, i % 3)],
                    "points_balance": sum(points for _when, points, _k, _a in entries),
                    "visit_count": 1 + visits,
                    "spent_cents": earlier * 100 + sum(amounts),
                }
            )
        connection = session.connection()
        connection.execute(insert(t.Customer), customer_rows)
        connection.execute(insert(t.Visit), visit_rows)
        connection.execute(insert(t.LedgerEntry), ledger)
        connection.execute(insert(t.Redemption), redemptions)
    db.dispose()
    return {"customers": customers, "month": str(month)}


def _rss_mb() -> float:
    """Peak resident memory of this process so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mb() -> float:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return _rss_mb()
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def child(path: Path, month_text: str) -> dict[str, object]:
    """Plan and print one batch in this (fresh) process; report time and memory."""
    from shopkeeper.domain.calendar import Month
    from shopkeeper.printing.fonts import register_fonts
    from shopkeeper.printing.letters import write_letters
    from shopkeeper.services import letters
    from shopkeeper.storage.database import Database

    register_fonts()
    db = Database.open(path)
    baseline = _rss_mb()
    month = Month.parse(month_text)
    started = time.perf_counter()
    plan = letters.plan_letters(db, month)
    planned = time.perf_counter()
    after_plan = max(_current_rss_mb(), baseline)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "letters.pdf"
        result = write_letters(plan, out)
        size = out.stat().st_size
    done = time.perf_counter()
    count = len(plan.letters)
    return {
        "letters": count,
        "skipped": len(plan.skipped),
        "pages": result.pages,
        "with_voucher": sum(1 for x in plan.letters if x.voucher),
        "plan_s": round(planned - started, 3),
        "pdf_s": round(done - planned, 3),
        "letters_per_second": round(count / (done - started), 1),
        "pdf_only_letters_per_second": round(count / (done - planned), 1),
        "pdf_mb": round(size / 1e6, 2),
        "rss_before_mb": round(baseline, 1),
        "rss_after_plan_mb": round(after_plan, 1),
        "peak_rss_mb": round(_rss_mb(), 1),
        "rss_growth_mb": round(_rss_mb() - baseline, 1),
        "pdf_rss_growth_mb": round(_rss_mb() - after_plan, 1),
        "missing_characters": list(result.missing_characters),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[300, 3000],
        help="letters per batch (each gets its own shop and process)",
    )
    parser.add_argument("--dir", help="where to keep the benchmark shops (default: a temp dir)")
    parser.add_argument("--child", nargs=2, metavar=("DB", "MONTH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child[0]), args.child[1])))
        return

    folder = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="bench-letters-"))
    folder.mkdir(parents=True, exist_ok=True)
    runs = {}
    for size in args.sizes:
        customers = round(size / 0.9)  # one in ten has no consent
        path = folder / f"letters-{customers}.db"
        marker = path.with_suffix(".json")
        if marker.exists() and path.exists():
            shop = json.loads(marker.read_text())
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            _log(f"building a shop of {customers} customers …")
            shop = build_shop(path, customers)
            marker.write_text(json.dumps(shop))
        _log(f"printing {size} letters …")
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "tests.benchmarks.bench_letters",
                "--child",
                str(path),
                str(shop["month"]),
            ],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        runs[str(size)] = json.loads(out.stdout)
    sizes = sorted(runs, key=int)
    small, large = runs[sizes[0]], runs[sizes[-1]]
    report = {
        "benchmark": "letters",
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "target_letters_per_second": TARGET_LETTERS_PER_SECOND,
        "runs": runs,
        "min_letters_per_second": min(r["letters_per_second"] for r in runs.values()),
        "meets_target": all(
            r["letters_per_second"] >= TARGET_LETTERS_PER_SECOND for r in runs.values()
        ),
        "peak_rss_mb_small_vs_large": [small["peak_rss_mb"], large["peak_rss_mb"]],
        "pdf_rss_growth_mb_small_vs_large": [
            small["pdf_rss_growth_mb"],
            large["pdf_rss_growth_mb"],
        ],
        "pdf_rss_kb_per_extra_letter": round(
            (large["pdf_rss_growth_mb"] - small["pdf_rss_growth_mb"])
            * 1024
            / max(1, large["letters"] - small["letters"]),
            2,
        ),
        "plan_rss_kb_per_extra_letter": round(
            (
                (large["rss_after_plan_mb"] - large["rss_before_mb"])
                - (small["rss_after_plan_mb"] - small["rss_before_mb"])
            )
            * 1024
            / max(1, large["letters"] - small["letters"]),
            2,
        ),
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
