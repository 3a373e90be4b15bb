"""``shopkeeper db init|use|show|migrate-to|compact``: one database shared by several tills.

``db use URL`` keeps the URL (with its password) in this till's data folder, readable by its
user only, so nobody types it again; ``--db`` and ``SHOPKEEPER_DB`` still come first.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time

from shopkeeper import settings
from shopkeeper.bootstrap import open_database
from shopkeeper.cli.output import emit_json, plain
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.services import db_setup, pg_backups, privacy
from shopkeeper.storage import pg


def _with_password(url: str) -> str:
    """Ask for the password at a terminal when the URL names a user but no password (so it
    stays out of the shell's history)."""
    if not pg.is_postgres(url):
        return url
    parsed = pg.parse(url)
    if parsed.username and parsed.password is None and sys.stdin.isatty():
        password = getpass.getpass(f"Password for {parsed.username}@{parsed.host or 'localhost'}: ")
        if password:
            return parsed.set(password=password).render_as_string(hide_password=False)
    return url


def init(args: argparse.Namespace) -> int:
    done = db_setup.init_database(_with_password(args.url))
    if args.json:
        emit_json(plain(done))
        return 0
    state = "schema created" if done.created else f"{done.customers} customers already there"
    print(
        f"Connected to {done.database} (PostgreSQL {done.server_version}): {state}, "
        f"schema {done.revision}."
    )
    return 0


def use(args: argparse.Namespace) -> int:
    if args.local:
        settings.choose_database(None)
        print(f"This till uses its own file again: {settings.database_target(None)}.")
        return 0
    if not args.url:
        raise InvalidInput("Give the database URL (postgresql://user@server/database) or --local.")
    url = _with_password(args.url)
    if not pg.is_postgres(url):
        raise InvalidInput(f"{pg.shown(url)} is not a PostgreSQL URL.")
    open_database(url).dispose()  # reachable, schema current: refused here, not at the counter
    path = settings.choose_database(url)
    if args.json:
        emit_json({"database": pg.shown(url), "config": str(path)})
    else:
        print(f"This till now uses {pg.shown(url)} (kept in {path}, readable by you only).")
    return 0


def show(args: argparse.Namespace) -> int:
    target = settings.database_target(args.db)
    if args.db:
        source = "--db"
    elif os.environ.get(settings.ENV_DB):
        source = settings.ENV_DB
    elif settings.chosen_database():
        source = str(settings.till_config())
    else:
        source = "the default file"
    shown = pg.shown(target) if "://" in target else target
    if args.json:
        emit_json({"database": shown, "from": source})
    else:
        print(f"{shown} (from {source})")
    return 0


def migrate_to(args: argparse.Namespace) -> int:
    source_target = settings.database_target(args.db)
    if "://" in source_target:
        raise InvalidInput(
            "migrate-to copies a shop from its SQLite file; give the file with --db PATH."
        )
    url = _with_password(args.url)
    source = open_database(source_target)
    try:
        done = db_setup.migrate_to(source, url)
    finally:
        source.dispose()
    if args.use:
        settings.choose_database(url)
    if args.json:
        emit_json(plain(done))
        return 0
    print(
        f"Copied {done.customers} customers into {done.target} in {done.seconds} s: "
        f"{sum(done.rows.values())} rows in {len(done.rows)} tables, every count and "
        f"{done.balances_checked} balances checked against the ledger."
    )
    print(
        "This till now uses it."
        if args.use
        else f"Point each till at it: shopkeeper db use {pg.without_password(url)}"
    )
    return 0


def compact(args: argparse.Namespace) -> int:
    db = open_database(settings.database_target(args.db))
    try:
        started = time.perf_counter()
        tables = privacy.compact_postgres(db)
    finally:
        db.dispose()
    print(
        f"Rewrote {', '.join(tables)} in {time.perf_counter() - started:.1f} s: no freed bytes "
        "of erased customers are left in the database's files."
    )
    return 0


def restore_pg(args: argparse.Namespace, url: str) -> int:
    """``shopkeeper restore FILE`` for a PostgreSQL shop (``pg_restore``, see
    ``services.pg_backups``)."""
    done = pg_backups.restore_backup(url, args.file, confirmed=getattr(args, "yes", False))
    open_database(url).dispose()  # bring an older backup's schema up to date
    if args.json:
        emit_json(plain(done))
        return 0
    print(f"Restored {done.source} ({done.customers} customers) into {done.database}.")
    print(f"The database as it was is kept as {done.kept_aside} (drop it when no longer needed).")
    return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``db`` and its actions to the main parser."""
    group = sub.add_parser("db", help="set up a PostgreSQL database shared by several tills")
    dsub = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    def command(name: str, handler, help_text: str) -> argparse.ArgumentParser:  # noqa: ANN001
        p = dsub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    p = command("init", init, "check the connection, create the schema and default programme")
    p.add_argument("url", metavar="URL", help="postgresql://user[:password]@server/database")
    p = command("use", use, "make this till use that database from now on (URL kept, 0600)")
    p.add_argument("url", metavar="URL", nargs="?")
    p.add_argument("--local", action="store_true", help="back to this till's own file")
    command("show", show, "which database this till uses, and why")
    p = command(
        "migrate-to", migrate_to, "copy this shop's SQLite file into an empty PostgreSQL database"
    )
    p.add_argument("url", metavar="URL")
    p.add_argument("--use", action="store_true", help="and make this till use the copy")
    command(
        "compact",
        compact,
        "PostgreSQL: rewrite the tables that held personal data (after erasures; locks them)",
    )
