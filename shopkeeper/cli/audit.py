"""``shopkeeper audit``: read the audit log (filtered), and ``shopkeeper audit verify``: walk the
ledger's and the log's hash chains (exit 0 intact, exit 1 naming the first broken row)."""

from __future__ import annotations

import argparse

from shopkeeper import settings
from shopkeeper.bootstrap import open_database
from shopkeeper.cli.output import emit_json
from shopkeeper.domain.calendar import parse_day
from shopkeeper.i18n import _, ngettext
from shopkeeper.present import audit as words
from shopkeeper.services import audit, integrity
from shopkeeper.storage.database import Database

DEFAULT_LIMIT = 200


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    help_text = _("show the audit log (who changed what, when, at which till), or verify it")
    p = sub.add_parser("audit", parents=[common], help=help_text, description=help_text)
    p.set_defaults(handler=run)
    p.add_argument(
        "action", nargs="?", choices=["verify"],
        help=_("verify: check that nobody changed the ledger or the log behind the program"),
    )  # fmt: skip
    p.add_argument("--customer", metavar="CARD", help=_("only this customer's rows"))
    p.add_argument("--staff", metavar="NAME", help=_("only what this person did"))
    p.add_argument(
        "--kind", metavar="K", help=_("only this kind (e.g. visit, correction, programme.)")
    )
    p.add_argument("--from", dest="since", metavar="D", help=_("from this day (YYYY-MM-DD)"))
    p.add_argument("--to", dest="until", metavar="D", help=_("up to this day (YYYY-MM-DD)"))
    p.add_argument(
        "--limit", type=int, default=DEFAULT_LIMIT,
        help=_("show at most this many rows, newest first (0: all)"),
    )  # fmt: skip


def _db(args: argparse.Namespace) -> Database:
    return open_database(settings.database_target(args.db))


def run(args: argparse.Namespace) -> int:
    db = _db(args)
    try:
        if args.action == "verify":
            return _verify(db, args)
        return _show(db, args)
    finally:
        db.dispose()


def _filter(args: argparse.Namespace) -> audit.AuditFilter:
    return audit.AuditFilter(
        card=args.customer,
        staff=args.staff,
        kind=args.kind,
        since=parse_day(args.since) if args.since else None,
        until=parse_day(args.until) if args.until else None,
    )


def _show(db: Database, args: argparse.Namespace) -> int:
    flt = _filter(args)
    limit = args.limit if args.limit and args.limit > 0 else None
    rows = audit.entries(db, flt, limit=limit)
    if args.json:
        emit_json(rows)
        return 0
    for row in rows:
        when = row.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        card = row.card_number or "-"
        print(
            f"{when}  {words.who(row.staff_name)}  {row.till or '-'}  "
            f"{words.kind_label(row.kind)}  {card}  "
            f"{words.changes(row.before, row.after, redacted=row.redacted)}"
        )
    total = audit.count_entries(db, flt)
    if not rows:
        print(_("No audit rows match."))
    elif total > len(rows):
        print(
            _("Showing the newest {shown} of {total} rows; use --limit 0 for all.").format(
                shown=len(rows), total=total
            )
        )
    return 0


def _verify(db: Database, args: argparse.Namespace) -> int:
    checked = integrity.verify(db)
    if args.json:
        emit_json(checked)
        return 0 if checked.intact else 1
    if checked.intact:
        print(
            _("Intact: {ledger} and {audit}, every hash in its place.").format(
                ledger=ngettext(
                    "{n} ledger entry", "{n} ledger entries", checked.ledger_rows
                ).format(n=checked.ledger_rows),
                audit=ngettext(
                    "{n} audit row", "{n} audit rows", checked.audit_rows
                ).format(n=checked.audit_rows),
            )
        )
        return 0
    print(words.broken_text(checked.broken))
    return 1
