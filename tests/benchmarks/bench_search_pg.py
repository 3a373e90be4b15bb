"""Search on both engines: the same 100,000-customer shop in SQLite and in PostgreSQL.

    python3 -m tests.benchmarks.bench_search_pg --pg postgresql://shop:pw@localhost/bench \\
        [--customers 100000] [--db /tmp/bench-100k.db] [--samples 300]

Builds the demo shop into ``--db`` (or reuses it, as ``bench_core`` does), copies it into the
PostgreSQL database ``--pg`` with ``shopkeeper db migrate-to`` when that one is empty (timed), then
times every search kind through ``services.search.search_customers`` on each engine, beside the
one raw query that answers it on that engine (the floor), and counts the queries whose hits
differ between the engines (must be 0). Prints ONE JSON object; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
from pathlib import Path

from sqlalchemy import create_engine, text

from shopkeeper.bootstrap import open_database
from shopkeeper.services.db_setup import migrate_to
from shopkeeper.services.search import search_customers
from shopkeeper.storage import pg
from tests.benchmarks.bench_core import (
    WARMUP,
    _ensure_shop,
    _floor_sql,
    _log,
    _percentiles,
    _queries,
    _timed,
)

TARGET_P95_MS = 5.0
_LIVE = " AND c.archived_at IS NULL"


def _multi_word(raw: sqlite3.Connection, rng: random.Random, samples: int) -> list[str]:
    """"ona zem": the start of a first name and a piece of the surname, as people type."""
    keys = [r[0] for r in raw.execute("SELECT name_key FROM customer WHERE archived_at IS NULL")]
    rng.shuffle(keys)
    out = []
    for key in keys:
        words = key.split()
        if len(words) >= 2 and all(w.isascii() and len(w) >= 4 for w in words[:2]):
            start = rng.randint(0, len(words[1]) - 3)
            out.append(f"{words[0][:3]} {words[1][start : start + 3]}")
        if len(out) == samples:
            break
    return out


def _sqlite_floor(kind: str) -> tuple[str, object]:
    if kind == "multi_word":
        sql = (
            "SELECT f.rowid FROM customer_fts f JOIN customer c ON c.id = f.rowid "
            f"WHERE customer_fts MATCH ?{_LIVE} ORDER BY f.rowid LIMIT 20"
        )
        return sql, lambda q: (" AND ".join(f'name_key : "{w}"' for w in q.split()),)
    return _floor_sql(kind)


def _pg_floor(kind: str) -> tuple[str, object]:
    """The one PostgreSQL query that answers ``kind`` (as ``storage.search.find`` runs it)."""
    token = (
        "SELECT t.customer_id FROM search_token t JOIN customer c ON c.id = t.customer_id "
        f"WHERE t.token >= %s AND t.token < %s{_LIVE} ORDER BY t.token, t.customer_id LIMIT 20"
    )
    like = "SELECT c.id FROM customer c WHERE {cond}" + _LIVE + " ORDER BY c.id LIMIT 20"
    if kind == "exact_card":
        return "SELECT id FROM customer WHERE card_number = %s", lambda q: (q,)
    if kind == "card_prefix":
        return (
            "SELECT id FROM customer c WHERE card_number > %s AND card_number < %s"
            f"{_LIVE} ORDER BY card_number LIMIT 20",
            lambda q: (q, q + "\U0010ffff"),
        )
    if kind == "phone_fragment":
        return like.format(cond="c.phone LIKE %s"), lambda q: (f"%{q}%",)
    if kind == "latin_fragment":
        return like.format(cond="c.name_key LIKE %s"), lambda q: (f"%{q}%",)
    if kind == "multi_word":
        return (
            like.format(cond="c.name_key LIKE %s AND c.name_key LIKE %s"),
            lambda q: tuple(f"%{w}%" for w in q.split()),
        )
    return token, lambda q: (q, q + "\U0010ffff")


def _rows(cursor, sql: str, args: tuple) -> list:  # noqa: ANN001 - sqlite3 or psycopg
    return cursor.execute(sql, args).fetchall()


def _engine_figures(db, raw, floor, strings: list[str], warmup: list[str]) -> dict:  # noqa: ANN001
    sql, args = floor
    for q in warmup:
        search_customers(db, q)
        _rows(raw, sql, args(q))
    service = [_timed(search_customers, db, q) for q in strings]
    floor_times = [_timed(_rows, raw, sql, args(q)) for q in strings]
    s, f = _percentiles(service), _percentiles(floor_times)
    return {
        "service_p50_ms": s["p50_ms"],
        "service_p95_ms": s["p95_ms"],
        "service_cpu_p95_ms": s["cpu_p95_ms"],
        "raw_p50_ms": f["p50_ms"],
        "raw_p95_ms": f["p95_ms"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg", required=True, help="postgresql://… (empty, or the same shop)")
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", default=None, help="default: /tmp/bench-<N>.db")
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args(argv)
    size = f"{args.customers // 1000}k" if args.customers % 1000 == 0 else str(args.customers)
    path = Path(args.db or f"/tmp/bench-{size}.db").resolve()
    build = _ensure_shop(path, args.customers, args.months, args.seed)

    lite = open_database(path)
    url = pg.normalise_url(args.pg)
    probe = create_engine(url)
    with probe.connect() as connection:
        has_shop = connection.execute(
            text("SELECT count(*) FROM information_schema.tables WHERE table_name = 'customer'")
        ).scalar()
        count = text("SELECT count(*) FROM customer")
        stored = connection.execute(count).scalar() if has_shop else 0
    probe.dispose()
    migration = None
    if stored != args.customers:
        _log(f"copying the shop into {pg.shown(url)} ...")
        done = migrate_to(lite, url)
        migration = {"seconds": done.seconds, "rows": sum(done.rows.values())}
        _log(f"copied in {done.seconds} s")
    post = open_database(url)
    with post.engine.connect() as connection:  # fresh planner statistics after the copy
        connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")

    raw_lite = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    import psycopg

    plain, password = pg.libpq(url)
    raw_pg = psycopg.connect(plain, password=password.get("PGPASSWORD"), autocommit=True)
    queries = _queries(raw_lite, random.Random(args.seed), args.samples)
    queries["multi_word"] = _multi_word(raw_lite, random.Random(args.seed), args.samples)
    results: dict[str, dict] = {}
    differing: list[str] = []
    for kind, drawn in queries.items():
        split = min(WARMUP, len(drawn) // 4)
        warmup, strings = drawn[:split], drawn[split:]
        for q in strings:
            if search_customers(lite, q) != search_customers(post, q):
                differing.append(q)
        hits = [len(search_customers(post, q)) for q in strings]
        results[kind] = {
            "samples": len(strings),
            "examples": strings[:3],
            "mean_hits": round(statistics.mean(hits), 1) if hits else 0,
            "sqlite": _engine_figures(lite, raw_lite, _sqlite_floor(kind), strings, warmup),
            "postgresql": _engine_figures(post, raw_pg, _pg_floor(kind), strings, warmup),
        }
        _log(f"search {kind}: {results[kind]}")
    worst = {
        engine: max(r[engine]["service_p95_ms"] for r in results.values())
        for engine in ("sqlite", "postgresql")
    }
    print(
        json.dumps(
            {
                "customers": build["customers"],
                "build": build,
                "migration": migration,
                "target_search_p95_ms": TARGET_P95_MS,
                "worst_service_p95_ms": worst,
                "queries_with_different_hits": len(differing),
                "different_examples": differing[:5],
                "search": results,
            },
            ensure_ascii=False,
        )
    )
    raw_lite.close()
    raw_pg.close()
    lite.dispose()
    post.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
