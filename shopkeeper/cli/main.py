"""``shopkeeper [--db PATH] [--lang TAG] [--json] COMMAND``: the same services the window uses."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Sequence

from shopkeeper import i18n, logs
from shopkeeper.bootstrap import configure_logging
from shopkeeper.cli import audit as audit_cli
from shopkeeper.cli import commands, data, desktop, printing, reports, shop
from shopkeeper.cli import customer_list as customer_list_cli
from shopkeeper.cli import db as db_cli
from shopkeeper.cli import feedback as feedback_cli
from shopkeeper.cli import merge as merge_cli
from shopkeeper.cli import products as products_cli
from shopkeeper.cli import staff as staff_cli
from shopkeeper.cli import today as today_cli
from shopkeeper.domain.errors import InvalidInput, ShopkeeperError
from shopkeeper.i18n import _
from shopkeeper.version import installed_version


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        help=_(
            "database file or SQLAlchemy URL (default: $SHOPKEEPER_DB, "
            "else the file in your user data folder)"
        ),
    )
    common.add_argument(
        "--lang",
        metavar="TAG",
        default=argparse.SUPPRESS,
        help=_(
            "language of the messages: en, lt, zh-Hans or zh-Hant (default: $SHOPKEEPER_LANG, "
            "$LANGUAGE, $LC_ALL, $LC_MESSAGES, $LANG, else the shop's language)"
        ),
    )
    common.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS,
        help=_("print JSON for scripts instead of text"),
    )
    staff_cli.add_global_option(common)
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="shopkeeper",
        parents=[common],
        description=_(
            "Loyalty programme for a small shop. Without a command, opens the window."
        ),
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help=_("open the demo shop (built on first use) instead of your own"),
    )
    parser.add_argument("--version", action="version", version=f"shopkeeper {installed_version()}")
    parser.add_argument("--quit-after", type=float, help=argparse.SUPPRESS)  # smoke tests: seconds
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, handler, help_text: str, **kwargs) -> argparse.ArgumentParser:  # noqa: ANN001, ANN003
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text, **kwargs)
        p.set_defaults(handler=handler)
        return p

    p = command("demo", commands.demo, _("build a demo shop with realistic customers and visits"))
    p.add_argument("--customers", default="300")
    p.add_argument("--months", default="18")
    p.add_argument("--seed", default="1")
    p.add_argument("--locale", help=_("a shop of lt, zh-Hans, zh-Hant or en (name, currency...)"))

    customer = sub.add_parser("customer", help=_("add, show, find, edit or archive customers"))
    csub = customer.add_subparsers(dest="action", metavar="ACTION", required=True)

    def customer_command(name: str, handler, help_text: str) -> argparse.ArgumentParser:  # noqa: ANN001
        p = csub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    def contact_options(p: argparse.ArgumentParser, *, required_name: bool) -> None:
        p.add_argument("--name", required=required_name)
        p.add_argument("--phone")
        p.add_argument("--email")
        p.add_argument("--birthday", help=_("YYYY-MM-DD"))
        p.add_argument("--address", help=_("postal address; separate lines with '|' or newlines"))
        p.add_argument("--language", help=_("en, lt, zh-Hans, zh-Hant, ..."))
        p.add_argument("--letters", choices=["yes", "no"], help=_("consent to monthly letters"))
        p.add_argument("--allow-duplicate-phone", action="store_true")

    p = customer_command(
        "add", commands.customer_add, _("add a customer (a card number is assigned)")
    )
    contact_options(p, required_name=True)
    p.add_argument("--card", help=_("an existing card number instead of a new one"))
    p.add_argument(
        "--referred-by", metavar="CARD", help=_("card of the customer who brought them")
    )
    p = customer_command("show", commands.customer_show, _("a customer's one-glance summary"))
    p.add_argument("card")
    p = customer_command(
        "find", commands.customer_find, _("search by card, phone or name fragment")
    )
    p.add_argument("query")
    p.add_argument("--limit", default="20")
    p.add_argument("--archived", action="store_true", help=_("include archived customers"))
    p = customer_command("edit", commands.customer_edit, _("change a customer's details"))
    p.add_argument("card")
    contact_options(p, required_name=False)
    p.add_argument("--new-card", help=_("replace a lost card with this number"))
    printing.add_salutation_option(p)  # the letters' greeting (printing owns it)
    p = customer_command("archive", commands.customer_archive, _("archive a customer"))
    p.add_argument("card")
    p.add_argument("--undo", action="store_true", help=_("bring an archived customer back"))
    merge_cli.register(csub, common)
    customer_list_cli.register(csub, common)

    p = command("visit", commands.visit, _("book a visit and its points"))
    p.add_argument("card")
    p.add_argument("--amount", required=True, help=_("amount spent, e.g. 12.50"))
    p.add_argument("--at", help=_("date of a past visit, YYYY-MM-DD (from a paper card)"))
    p.add_argument("--staff")
    p.add_argument("--note")
    p.add_argument("--request-id", help=_("booking id; the same id is never booked twice"))
    products_cli.add_item_option(p)
    p = command("reverse", commands.reverse, _("reverse a visit (refund or mistake)"))
    p.add_argument("visit_id")
    p.add_argument("--reason")
    p = command("rewards", commands.rewards_list, _("list the rewards catalogue"))
    p.add_argument("--all", action="store_true", help=_("include inactive rewards"))
    p = command(
        "redeem", commands.redeem, _("spend points on a reward; prints the voucher code")
    )
    p.add_argument("card")
    p.add_argument("reward_id")
    p = command("voucher", commands.voucher, _("look up a voucher code, or mark it used"))
    p.add_argument("code")
    p.add_argument("--use", action="store_true", help=_("mark the voucher used now"))
    p = command("donations", commands.donations, _("what customers gave to each cause"))
    p = command("ledger", commands.ledger, _("a customer's points ledger"))
    p.add_argument("card")
    p.add_argument("--limit")
    p = command("correct", commands.correct, _("manual points correction with a reason"))
    p.add_argument("card")
    p.add_argument("points", help=_("e.g. 20 or -20"))
    p.add_argument("--reason", required=True)
    p = command("note", commands.note, _("add a note about a customer"))
    p.add_argument("card")
    p.add_argument("text")
    p.add_argument("--pin", action="store_true")
    p.add_argument("--problem", action="store_true", help=_("a problem to follow up"))
    p.add_argument("--kind", choices=["general", "preference", "problem", "feedback"])
    p.add_argument(
        "--score", help=_("0-10: recorded as feedback at the counter, the text as its comment")
    )
    p = command("resolve", commands.resolve, _("mark a problem note resolved"))
    p.add_argument("note_id")
    p = command(
        "month-end", commands.month_end, _("close a month: expiry, birthdays, tier review")
    )
    p.add_argument("--month", help=_("YYYY-MM (default: the last complete month)"))
    printing.register(sub, common)
    data.register(sub, common)
    reports.register(sub, common)
    feedback_cli.register(sub, common)
    shop.register(sub, common)
    db_cli.register(sub, common)
    desktop.register(sub, common)
    today_cli.register(sub, common)
    products_cli.register(sub, common)
    staff_cli.register(sub, common)
    audit_cli.register(sub, common)
    return parser


def _log_crash() -> str:
    path = configure_logging()
    logging.getLogger("shopkeeper.crash").error("unexpected error\n%s", traceback.format_exc())
    logs.flush()
    return str(path)


def check_arguments(argv: Sequence[str]) -> None:
    """Every argument must be text: bytes that are not UTF-8 reach Python as lone surrogates,
    which no file, database or terminal can take later."""
    for position, arg in enumerate(argv, 1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            raise InvalidInput(
                _(
                    "Argument {position} ({shown}) is not valid UTF-8 text; "
                    "check the terminal's encoding."
                ).format(position=position, shown=repr(shown[:40]))
            ) from None


def _option(argv: Sequence[str], name: str) -> str | None:
    """The value of ``--name VALUE`` / ``--name=VALUE`` before argparse runs (the last one
    wins, as in argparse); nothing after ``--``."""
    value = None
    for position, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == name and position + 1 < len(argv):
            value = argv[position + 1]
        elif arg.startswith(name + "="):
            value = arg.partition("=")[2]
    return value


def choose_language(argv: Sequence[str]) -> str:
    """Speak ``--lang``, else what the environment asks for, else the shop's language; chosen
    before the parser is built, so the help texts are translated too. The shop is read (cheaply,
    never created) only when neither the option nor the environment decides."""
    flag = _option(argv, "--lang")
    if flag is not None:
        chosen = i18n.supported_language(flag)
        if chosen is None:
            raise InvalidInput(
                _("{tag} is not a language Shopkeeper speaks; use en, lt, zh-Hans or zh-Hant.")
                .format(tag=repr(flag[:20]))
            )
        return i18n.set_language(chosen)
    from_environment = i18n.environment_language()
    if from_environment:
        return i18n.set_language(from_environment)
    from shopkeeper import settings
    from shopkeeper.storage.shop_language import stored_shop_language

    if "--demo" in argv:
        target = str(settings.demo_database())
    else:
        target = settings.database_target(_option(argv, "--db"))
    return i18n.set_language(stored_shop_language(target))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        check_arguments(argv)
        choose_language(argv)
    except ShopkeeperError as error:
        print(_("error: {message}").format(message=error), file=sys.stderr)
        return 1
    parser = build_parser()
    args = parser.parse_args(argv)
    args.db = getattr(args, "db", None)
    args.lang = getattr(args, "lang", None)
    args.json = getattr(args, "json", False)
    handler = getattr(args, "handler", None)
    try:
        configure_logging()
        staff_cli.install_identity(args)
        if handler is None:
            return commands.open_window(args)
        merge_cli.announce_merged_card(args)
        code = handler(args) or 0
        sys.stdout.flush()  # a closed pipe shows here, inside the handling below
        return code
    except ShopkeeperError as error:
        print(_("error: {message}").format(message=error), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`shopkeeper ledger CARD | head`): not ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:  # noqa: BLE001 - the last line of defence: log, apologise
        path = _log_crash()
        print(
            _(
                "error: something unexpected went wrong ({error}); "
                "nothing was half-saved. Details are in {path}"
            ).format(error=type(error).__name__, path=path),
            file=sys.stderr,
        )
        return 3
