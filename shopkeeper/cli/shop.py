"""``shopkeeper shop init|show|set`` and ``shopkeeper programme show|set``: setting a new shop
up, the shop's country, currency and language, and its earning rules with the record of their
changes."""

from __future__ import annotations

import argparse
from decimal import Decimal, InvalidOperation

from shopkeeper import settings
from shopkeeper.bootstrap import open_database
from shopkeeper.cli.output import emit_json, plain, when
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.money import format_cents, parse_amount
from shopkeeper.i18n import N_, _, ngettext
from shopkeeper.services import programme, shop_setup
from shopkeeper.storage.database import Database

_INT_RULES = {
    "expiry_months": "--expiry-months",
    "points_per_visit": "--points-per-visit",
    "welcome_bonus": "--welcome-bonus",
    "birthday_bonus": "--birthday-bonus",
    "referral_bonus": "--referral-bonus",
}
# How points are rounded, in words (the stored code is never translated).
_ROUNDING = {"down": N_("down"), "nearest": N_("to the nearest"), "up": N_("up")}
_LIMIT = 1_000_000  # no rule needs a bigger number; a bigger one is a typo


def _db(args: argparse.Namespace) -> Database:
    return open_database(settings.database_target(args.db))


def _whole(text: str, option: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise InvalidInput(
            _("{option} must be a whole number, not {text}.").format(
                option=option, text=repr(text[:20])
            )
        ) from None
    if not 0 <= value <= _LIMIT:
        raise InvalidInput(
            _("{option} must be between 0 and {limit}.").format(option=option, limit=_LIMIT)
        )
    return value


def _rate(text: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise InvalidInput(
            _("{option} must be a number, not {text}.").format(
                option="--points-per-unit", text=repr(text[:20])
            )
        ) from None
    if not value.is_finite() or not 0 <= value <= _LIMIT:
        raise InvalidInput(
            _("{option} must be between 0 and {limit}.").format(
                option="--points-per-unit", limit=_LIMIT
            )
        )
    return value


def shop_init(args: argparse.Namespace) -> int:
    """The window's first-run welcome without a window: checked before anything is opened, so
    a refused profile leaves no file behind."""
    if args.name is None:
        raise InvalidInput(_("Give the shop's name: --name NAME."))
    wanted = shop_setup.defaults_for(
        name=args.name, country=args.country, currency=args.currency, language=args.language
    )
    started = shop_setup.start_shop(
        _db(args),
        name=wanted.name,
        country=wanted.country,
        currency=wanted.currency,
        language=wanted.language,
        how="cli",
        force=args.force,
    )
    if args.json:
        emit_json(started)
        return 0
    print(
        _("The shop {name} is set up ({country}, {currency}, {language}).").format(
            name=started.name,
            country=started.country,
            currency=started.currency,
            language=started.language,
        )
    )
    print("  " + _("Its data: {path}").format(path=started.database))
    if started.backup_folder is not None:
        print("  " + _("Daily backups: {folder}").format(folder=started.backup_folder))
    return 0


def shop_show(args: argparse.Namespace) -> int:
    shop = programme.load(_db(args)).shop
    _print_shop(args, shop)
    return 0


def shop_set(args: argparse.Namespace) -> int:
    changes = {
        "name": args.name,
        "address": args.address.replace("|", "\n") if args.address is not None else None,
        "country": args.country,
        "currency": args.currency,
        "language": args.language,
    }
    if all(v is None for v in changes.values()):
        raise InvalidInput(
            _("Nothing to change: give --country, --currency, --language or --name.")
        )
    shop = programme.update_shop(_db(args), **changes)
    _print_shop(args, shop)
    return 0


def _print_shop(args: argparse.Namespace, shop: programme.ShopProfile) -> None:
    if args.json:
        emit_json(shop)
        return
    print(f"{shop.name}  ({shop.country}, {shop.currency}, {shop.language})")
    if shop.address:
        print("  " + shop.address.replace("\n", ", "))
    print("  " + _("shop id {id}").format(id=shop.shop_id))


def programme_show(args: argparse.Namespace) -> int:
    db = _db(args)
    rules = programme.load(db).rules
    history = programme.rules_history(db)
    if args.json:
        emit_json({**plain(rules), "changes": history})
        return 0
    _print_rules(rules)
    if history:
        print(_("Changes (each applies to points earned after it):"))
        for change in history:
            what = ", ".join(change.changed) if change.changed else _("rules as first recorded")
            if change.changed_by:
                line = _("{when} by {who}: {what}").format(
                    when=when(change.at), who=change.changed_by, what=what
                )
            else:
                line = _("{when}: {what}").format(when=when(change.at), what=what)
            print("  " + line)
    return 0


def _print_rules(rules: programme.EarningRules) -> None:
    if rules.mode == "per_visit":
        n = rules.points_per_visit
        print(ngettext("{n} point a visit", "{n} points a visit", n).format(n=n))
    else:
        rate = rules.points_per_unit
        count = int(rate) if rate == int(rate) else 2
        rounding = _(_ROUNDING.get(rules.rounding, rules.rounding))
        print(
            ngettext(
                "{n} point per currency unit, rounded {rounding}",
                "{n} points per currency unit, rounded {rounding}",
                count,
            ).format(n=rate, rounding=rounding)
        )
    print(
        _(
            "Welcome {welcome}, birthday {birthday}, referral {referral} points; at most "
            "{amount} a visit"
        ).format(
            welcome=rules.welcome_bonus,
            birthday=rules.birthday_bonus,
            referral=rules.referral_bonus,
            amount=format_cents(rules.max_amount_cents),
        )
    )
    months = rules.expiry_months
    print(
        ngettext(
            "Points expire {n} month after they are earned",
            "Points expire {n} months after they are earned",
            months,
        ).format(n=months)
        if months
        else _("Points never expire")
    )


def programme_set(args: argparse.Namespace) -> int:
    changes: dict[str, object] = {}
    if args.points_per_unit is not None:
        changes["points_per_unit"] = _rate(args.points_per_unit)
    if args.rounding is not None:
        changes["rounding"] = args.rounding
    if args.mode is not None:
        changes["mode"] = args.mode
    for name, option in _INT_RULES.items():
        value = getattr(args, name)
        if value is not None:
            changes[name] = _whole(value, option)
    if args.max_amount is not None:
        changes["max_amount_cents"] = parse_amount(args.max_amount)
    if not changes:
        raise InvalidInput(_("Nothing to change: give a rule such as --expiry-months 12."))
    rules = programme.update_rules(_db(args), changed_by=args.by, **changes)
    if args.json:
        emit_json(rules)
    else:
        _print_rules(rules)
        print(_("Saved; it applies to points earned from now on."))
    return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``shop`` and ``programme`` to the main parser."""

    def command(parent, name: str, handler, help_text: str) -> argparse.ArgumentParser:  # noqa: ANN001
        p = parent.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    group = sub.add_parser("shop", help=_("the shop's name, country, currency and language"))
    ssub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = command(
        ssub,
        "init",
        shop_init,
        _(
            "set a new shop up: its name, country, currency and language (the ones left out "
            "come from this machine's locale)"
        ),
    )
    p.add_argument("--name", help=_("the shop's name, as printed on cards and letters"))
    p.add_argument(
        "--country", metavar="CC", help=_("two letters, e.g. LT, GB, CN (phone numbers)")
    )
    p.add_argument(
        "--currency",
        metavar="XXX",
        help=_("ISO code, e.g. EUR, GBP, CNY (default: the country's)"),
    )
    p.add_argument("--language", metavar="TAG", help=_("e.g. en, lt, zh-Hans, zh-Hant"))
    p.add_argument(
        "--force",
        action="store_true",
        help=_("set the shop up again (only a shop without customers)"),
    )
    command(ssub, "show", shop_show, _("the shop's profile and its shop id"))
    p = command(ssub, "set", shop_set, _("change the shop's profile"))
    p.add_argument(
        "--country", metavar="CC", help=_("two letters, e.g. LT, GB, CN (phone numbers)")
    )
    p.add_argument("--currency", metavar="XXX", help=_("ISO code, e.g. EUR, GBP, CNY"))
    p.add_argument("--language", metavar="TAG", help=_("e.g. en, lt, zh-Hans, zh-Hant"))
    p.add_argument("--name")
    p.add_argument("--address", help=_("separate lines with '|'"))

    group = sub.add_parser("programme", help=_("the earning rules and their changes"))
    psub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    command(psub, "show", programme_show, _("the earning rules and when they changed"))
    p = command(
        psub, "set", programme_set, _("change earning rules (for points earned from now on)")
    )
    p.add_argument("--points-per-unit", metavar="N", help=_("points per currency unit spent"))
    p.add_argument("--rounding", choices=["down", "nearest", "up"])
    p.add_argument("--mode", choices=["per_amount", "per_visit"])
    p.add_argument("--points-per-visit", metavar="N")
    p.add_argument("--expiry-months", metavar="N", help=_("0: points never expire"))
    p.add_argument("--welcome-bonus", metavar="N")
    p.add_argument("--birthday-bonus", metavar="N")
    p.add_argument("--referral-bonus", metavar="N")
    p.add_argument("--max-amount", metavar="AMOUNT", help=_("the most one visit may be, e.g. 1000"))
    p.add_argument("--by", metavar="NAME", help=_("who made the change (kept with it)"))
