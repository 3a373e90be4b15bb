"""``shopkeeper report NAME [--json] [--from] [--to] [--csv FILE] [--pdf FILE]``.

The same report objects the Reports screen shows: JSON is the report's own dataclass (rows that
name a customer carry ``card_number`` and ``name``), text is its table.
"""

from __future__ import annotations

import argparse
import unicodedata

from shopkeeper import settings
from shopkeeper.bootstrap import open_database
from shopkeeper.cli.output import emit_json
from shopkeeper.domain.calendar import parse_day
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.figures import is_figure
from shopkeeper.i18n import _
from shopkeeper.present.numbers import Numbers
from shopkeeper.present.reports import say
from shopkeeper.printing.reports import write_report
from shopkeeper.services import programme
from shopkeeper.services.report_export import REPORTS, Options, Table, run_table, write_csv


def _number(text: str | None, what: str, default: int | None) -> int | None:
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError:
        raise InvalidInput(
            _("{option} must be a whole number, not {text!r}.").format(
                option=what, text=text[:20]
            )
        ) from None
    if value < 0:
        raise InvalidInput(_("{option} cannot be negative.").format(option=what))
    return value or None


def _width(text: str) -> int:
    """Columns a terminal gives the text: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    room = " " * max(0, width - _width(text))
    return room + text if right else text + room


def _print_table(table: Table, numbers: Numbers) -> None:
    cells = [[say(c, numbers) for c in row] for row in table.rows]
    heads = [say(h, numbers) for h in table.columns]
    widths = [max([_width(h)] + [_width(row[i]) for row in cells]) for i, h in enumerate(heads)]
    print(say(table.title, numbers))
    print("  ".join(_pad(h, w) for h, w in zip(heads, widths, strict=True)).rstrip())
    for raw, row in zip(table.rows, cells, strict=True):
        line = (
            _pad(c, w, right=is_figure(value))
            for value, c, w in zip(raw, row, widths, strict=True)
        )
        print("  ".join(line).rstrip())
    for note in table.notes:
        print(say(note, numbers))


# Reports that are gone, and the one to use instead (scripts that still ask get one clear line).
RETIRED = {"satisfaction": "nps"}


class _Names(list):
    """The report names argparse lists; a retired name passes, to be answered by ``report``."""

    def __contains__(self, name: object) -> bool:
        return name in REPORTS or name in RETIRED


def report(args: argparse.Namespace) -> int:
    if args.name in RETIRED:
        raise InvalidInput(
            _(
                "The {name} report is retired: scores are feedback now; use "
                "`shopkeeper report {instead}`."
            ).format(name=args.name, instead=RETIRED[args.name])
        )
    options = Options(
        start=parse_day(args.start) if args.start else None,
        end=parse_day(args.end) if args.end else None,
        by=args.by,
        days=_number(args.days, "--days", 90) or 90,
        limit=_number(args.limit, "--limit", 200),
    )
    db = open_database(settings.database_target(args.db))
    result, table = run_table(db, args.name, options)
    shop = programme.load(db).shop
    numbers = Numbers.for_shop(shop.country, shop.currency)
    if args.csv:
        write_csv(table, args.csv)
    if args.pdf:
        write_report(table, args.pdf, shop_name=shop.name, numbers=numbers)
    if args.json:
        emit_json(result)
    else:
        _print_table(table, numbers)
        for kind, path in (("CSV", args.csv), ("PDF", args.pdf)):
            if path:
                print(_("{kind} written to {path}.").format(kind=kind, path=path))
    return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``report`` command to the main parser."""
    p = sub.add_parser(
        "report",
        parents=[common],
        help=_("back-office reports: summary, at-risk, liability, tiers, retention, ..."),
        description=_("Reports: {names}.").format(names=", ".join(REPORTS)),
    )
    p.set_defaults(handler=report)
    p.add_argument("name", choices=_Names(REPORTS), metavar="NAME", help=", ".join(REPORTS))
    p.add_argument(
        "--from", dest="start", metavar="YYYY-MM-DD", help=_("first day (default: 12 months)")
    )
    p.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help=_("last day (default: today)"))
    p.add_argument("--by", choices=["month", "week"], default="month", help=_("activity per ..."))
    p.add_argument("--days", help=_("lapsed: no visit in this many days (default 90)"))
    p.add_argument("--limit", help=_("call lists: at most this many rows (0: all; default 200)"))
    p.add_argument("--csv", metavar="FILE.csv", help=_("also write the table as CSV"))
    p.add_argument("--pdf", metavar="FILE.pdf", help=_("also write the table as PDF"))
