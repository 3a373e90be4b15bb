"""``shopkeeper customer list [--json]``: every customer by name, in the shop language's order.

Rows are streamed from the database (``services.customer_list.stream``), so 100,000 customers
print at once without being held in memory; ``--json`` writes one JSON array, a row at a time.
"""

from __future__ import annotations

import argparse
import json
import sys

from shopkeeper import settings
from shopkeeper.bootstrap import open_database
from shopkeeper.cli.output import plain
from shopkeeper.i18n import _, ngettext
from shopkeeper.services import customer_list
from shopkeeper.services.customer_list import CustomerFilter


def _archived(args: argparse.Namespace) -> customer_list.Archived:
    if args.all:
        return "all"
    return "archived" if args.archived else "active"


def customer_list_command(args: argparse.Namespace) -> int:
    db = open_database(settings.database_target(args.db))
    query = customer_list.prepare(db, CustomerFilter(archived=_archived(args)))
    rows = customer_list.stream(db, query, sort="name")
    out = sys.stdout
    if args.json:
        out.write("[")
        written = 0
        for row in rows:
            out.write(",\n  " if written else "\n  ")
            out.write(json.dumps(plain(row), ensure_ascii=False))
            written += 1
        out.write("\n]\n" if written else "]\n")
        return 0
    count = 0
    for row in rows:
        count += 1
        line = ngettext(
            "{card}  {name}  {phone}  {n} point", "{card}  {name}  {phone}  {n} points",
            row.points_balance,
        ).format(card=f"{row.card_number:>10}", name=row.name, phone=row.phone or "-",
                 n=row.points_balance)  # fmt: skip
        print(line + (_("  [archived]") if row.archived else ""), file=out)
    print(ngettext("{n} customer", "{n} customers", count).format(n=count), file=out)
    return 0


def register(csub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``customer list`` to the ``customer`` command group."""
    help_text = _("every customer by name, in the shop language's order")
    p = csub.add_parser("list", parents=[common], help=help_text, description=help_text)
    p.set_defaults(handler=customer_list_command)
    shown = p.add_mutually_exclusive_group()
    shown.add_argument("--archived", action="store_true", help=_("only archived customers"))
    shown.add_argument("--all", action="store_true", help=_("active and archived customers"))
