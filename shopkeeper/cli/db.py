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
from shopkeeper.cli.data import settled
from shopkeeper.cli.output import emit_json, plain
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.i18n import _, ngettext
from shopkeeper.present.audit import restored_warning
from shopkeeper.services import db_setup, pg_backups, privacy
from shopkeeper.storage import pg


def _with_password(url: str) -> str:
    """Ask for the password at a terminal when the URL names a user but no password (so it
    stays out of the shell's history)."""
    if not pg.is_postgres(url):
        return url
    parsed = pg.parse(url)
    if parsed.username and parsed.password is None and sys.stdin.isatty():
        password = getpass.getpass(
            _("Password for {user}@{host}: ").format(
                user=parsed.username, host=parsed.host or "localhost"
            )
        )
        if password:
            return parsed.set(password=password).render_as_string(hide_password=False)
    return url


def init(args: argparse.Namespace) -> int:
    done = db_setup.init_database(_with_password(args.url))
    if args.json:
        emit_json(plain(done))
        return 0
    if done.created:
        state = _("schema created")
    else:
        state = ngettext(
            "{n} customer already there", "{n} customers already there", done.customers
        ).format(n=done.customers)
    print(
        _("Connected to {database} (PostgreSQL {version}): {state}, schema {revision}.").format(
            database=done.database,
            version=done.server_version,
            state=state,
            revision=done.revision,
        )
    )
    return 0


def use(args: argparse.Namespace) -> int:
    if args.local:
        settings.choose_database(None)
        print(
            _("This till uses its own file again: {path}.").format(
                path=settings.database_target(None)
            )
        )
        return 0
    if not args.url:
        raise InvalidInput(
            _("Give the database URL (postgresql://user@server/database) or --local.")
        )
    url = _with_password(args.url)
    if not pg.is_postgres(url):
        raise InvalidInput(_("{url} is not a PostgreSQL URL.").format(url=pg.shown(url)))
    open_database(url).dispose()  # reachable, schema current: refused here, not at the counter
    path = settings.choose_database(url)
    if args.json:
        emit_json({"database": pg.shown(url), "config": str(path)})
    else:
        print(
            _("This till now uses {url} (kept in {path}, readable by you only).").format(
                url=pg.shown(url), path=path
            )
        )
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
        source = _("the default file")
    shown = pg.shown(target) if "://" in target else target
    if args.json:
        emit_json({"database": shown, "from": source})
    else:
        print(_("{database} (from {source})").format(database=shown, source=source))
    return 0


def migrate_to(args: argparse.Namespace) -> int:
    source_target = settings.database_target(args.db)
    if "://" in source_target:
        raise InvalidInput(
            _("migrate-to copies a shop from its SQLite file; give the file with --db PATH.")
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
        _(
            "Copied {customers} customers into {target} in {seconds} s: {rows} rows in "
            "{tables} tables, every count and {balances} balances checked against the ledger."
        ).format(
            customers=done.customers,
            target=done.target,
            seconds=done.seconds,
            rows=sum(done.rows.values()),
            tables=len(done.rows),
            balances=done.balances_checked,
        )
    )
    print(
        _("This till now uses it.")
        if args.use
        else _("Point each till at it: shopkeeper db use {url}").format(
            url=pg.without_password(url)
        )
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
        _(
            "Rewrote {tables} in {seconds} s: no freed bytes of erased customers are left in "
            "the database's files."
        ).format(tables=", ".join(tables), seconds=f"{time.perf_counter() - started:.1f}")
    )
    return 0


def restore_pg(args: argparse.Namespace, url: str) -> int:
    """``shopkeeper restore FILE`` for a PostgreSQL shop (``pg_restore``, see
    ``services.pg_backups``)."""
    done = pg_backups.restore_backup(url, args.file, confirmed=getattr(args, "yes", False))
    checked = settled(url, args.file, revision=done.revision, customers=done.customers)
    if args.json:
        emit_json({**plain(done), "verification": plain(checked)})
        return 0
    print(
        _("Restored {source} ({n} customers) into {target}.").format(
            source=done.source, n=done.customers, target=done.database
        )
    )
    print(
        _("The database as it was is kept as {path} (drop it when no longer needed).").format(
            path=done.kept_aside
        )
    )
    if not checked.intact:
        print(restored_warning(checked))
    return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``db`` and its actions to the main parser."""
    group = sub.add_parser("db", help=_("set up a PostgreSQL database shared by several tills"))
    dsub = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    def command(name: str, handler, help_text: str) -> argparse.ArgumentParser:  # noqa: ANN001
        p = dsub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    p = command(
        "init", init, _("check the connection, create the schema and default programme")
    )
    p.add_argument("url", metavar="URL", help=_("postgresql://user[:password]@server/database"))
    p = command(
        "use", use, _("make this till use that database from now on (URL kept, 0600)")
    )
    p.add_argument("url", metavar="URL", nargs="?")
    p.add_argument("--local", action="store_true", help=_("back to this till's own file"))
    command("show", show, _("which database this till uses, and why"))
    p = command(
        "migrate-to",
        migrate_to,
        _("copy this shop's SQLite file into an empty PostgreSQL database"),
    )
    p.add_argument("url", metavar="URL")
    p.add_argument("--use", action="store_true", help=_("and make this till use the copy"))
    command(
        "compact",
        compact,
        _("PostgreSQL: rewrite the tables that held personal data (after erasures; locks them)"),
    )
