"""``shopkeeper product add|list|edit|deactivate``: the shop's product list and quick keys."""

from __future__ import annotations

import argparse

from shopkeeper import settings
from shopkeeper.bootstrap import open_database
from shopkeeper.cli.output import emit_json
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.products import parse_item
from shopkeeper.i18n import _
from shopkeeper.services import products
from shopkeeper.services.products import ItemRef, ProductInfo


def register(sub, common: argparse.ArgumentParser) -> None:  # noqa: ANN001
    group = sub.add_parser("product", help=_("the shop's products and their quick keys"))
    psub = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    def command(name: str, handler, help_text: str) -> argparse.ArgumentParser:  # noqa: ANN001
        p = psub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    p = command("add", product_add, _("add a product (optionally with a quick key)"))
    p.add_argument("name")
    p.add_argument("--key", help=_("one character or F1, F8-F12, pressed at booking"))
    p.add_argument("--category")
    p = command("list", product_list, _("list the products"))
    p.add_argument("--all", action="store_true", help=_("include inactive products"))
    p = command("edit", product_edit, _("rename a product, change its key or category"))
    p.add_argument("product", help=_("name or id"))
    p.add_argument("--name")
    p.add_argument("--key", help=_("a new quick key; an empty value removes it"))
    p.add_argument("--category", help=_("a new category; an empty value removes it"))
    p.add_argument("--activate", action="store_true", help=_("sell it again"))
    p = command(
        "deactivate", product_deactivate, _("stop offering a product (its history stays)")
    )
    p.add_argument("product", help=_("name or id"))


def add_item_option(p: argparse.ArgumentParser) -> None:
    """``visit --item NAME[:QTY]`` (repeatable)."""
    p.add_argument(
        "--item",
        action="append",
        default=None,
        metavar="NAME[:QTY]",
        help=_("a product bought on this visit, e.g. \"rye loaf:2\" (repeatable)"),
    )


def items_from(args: argparse.Namespace) -> list[ItemRef] | None:
    given = getattr(args, "item", None)
    return [parse_item(text) for text in given] if given else None


def _db(args: argparse.Namespace):  # noqa: ANN202
    return open_database(settings.database_target(args.db))


def _ref(text: str) -> str | int:
    return int(text) if text.strip().isdigit() else text


def _line(p: ProductInfo) -> str:
    key = f"[{p.quick_key}]" if p.quick_key else ""
    extra = f"  ({p.category})" if p.category else ""
    extra += "" if p.active else _(" [inactive]")
    return f"#{p.id:<3} {key:<6} {p.name}{extra}"


def product_add(args: argparse.Namespace) -> int:
    saved = products.add_product(
        _db(args), name=args.name, quick_key=args.key, category=args.category
    )
    if args.json:
        emit_json(saved)
    elif saved.quick_key:
        print(_("Added {name} (quick key {key}).").format(name=saved.name, key=saved.quick_key))
    else:
        print(_("Added {name}.").format(name=saved.name))
    return 0


def product_list(args: argparse.Namespace) -> int:
    listed = products.list_products(_db(args), include_inactive=args.all)
    if args.json:
        emit_json(listed)
    elif not listed:
        print(_("No products yet: shopkeeper product add NAME --key K"))
    else:
        for p in listed:
            print(_line(p))
    return 0


def product_edit(args: argparse.Namespace) -> int:
    changes: dict = {}
    if args.name is not None:
        changes["name"] = args.name
    if args.key is not None:
        changes["quick_key"] = args.key or None
    if args.category is not None:
        changes["category"] = args.category or None
    if args.activate:
        changes["active"] = True
    if not changes:
        raise InvalidInput(_("Nothing to change: give at least one option such as --key."))
    saved = products.edit_product(_db(args), _ref(args.product), **changes)
    if args.json:
        emit_json(saved)
    else:
        print(_("Saved {name}.").format(name=saved.name))
    return 0


def product_deactivate(args: argparse.Namespace) -> int:
    saved = products.deactivate_product(_db(args), _ref(args.product))
    if args.json:
        emit_json(saved)
    else:
        print(_("{name} is no longer offered; its history stays.").format(name=saved.name))
    return 0
