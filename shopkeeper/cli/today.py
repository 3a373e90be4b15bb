"""``shopkeeper today [--json]``: the counter's "Today" page in the terminal (same service).

JSON is ``services.today.Today`` as it is: counts, dates and per section ``total`` and ``lines``,
each line with its ``card_number``. Visits "at this till" are left out (a terminal is no till).
"""

from __future__ import annotations

import argparse

from shopkeeper import settings
from shopkeeper.bootstrap import open_database
from shopkeeper.cli.output import emit_json
from shopkeeper.i18n import _
from shopkeeper.present.numbers import Numbers
from shopkeeper.services import programme


def show_today(args: argparse.Namespace) -> int:
    # Imported here: every other command (a till booking a visit) starts without them.
    from shopkeeper.present.today import plain_lines
    from shopkeeper.services.today import today

    db = open_database(settings.database_target(args.db))
    try:
        result = today(db)
        if args.json:
            emit_json(result)
            return 0
        shop = programme.load(db).shop
        numbers = Numbers.for_shop(shop.country, shop.currency)
        print("\n".join(plain_lines(result, numbers, shop.name)))
        return 0
    finally:
        db.dispose()


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    help_text = _(
        "today at a glance: visits, birthdays, open problems, overdue regulars, anniversaries"
    )
    p = sub.add_parser("today", parents=[common], help=help_text, description=help_text)
    p.set_defaults(handler=show_today)
