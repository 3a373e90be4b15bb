"""What a customer buys, in words: the same lines on the terminal and at the counter."""

from __future__ import annotations

from collections.abc import Sequence

from shopkeeper.i18n import _, pgettext
from shopkeeper.services.products import ItemLine


def names_text(names: Sequence[str]) -> str:
    return pgettext("list separator", ", ").join(names)


def item_text(name: str, quantity: int) -> str:
    """"rye loaf ×2"; a quantity of one goes unsaid."""
    return _("{name} ×{n}").format(name=name, n=quantity) if quantity > 1 else name


def items_text(items: Sequence[ItemLine]) -> str:
    return names_text([item_text(i.name, i.quantity) for i in items])


def usually_buys_text(names: Sequence[str]) -> str:
    return _("Usually buys: {items}").format(items=names_text(names))


def last_time_text(items: Sequence[ItemLine]) -> str:
    return _("Last time: {items}").format(items=items_text(items))
