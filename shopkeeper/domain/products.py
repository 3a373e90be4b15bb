"""The shop's products and their quick keys: plain rules, no Qt, no database.

A quick key is what the counter presses while the amount field has focus, so it can never be a
character an amount is typed with (digits, the decimal mark, a sign, a space), nor an F-key the
window already uses to switch screens (F2-F7).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.text import clean_line
from shopkeeper.i18n import _

NAME_MAX = 80
CATEGORY_MAX = 60
MAX_QUANTITY = 999
MAX_ITEMS_PER_VISIT = 50
AMOUNT_CHARACTERS = set("0123456789.,+-'") | {" ", "\u00a0"}
WINDOW_F_KEYS = {f"F{n}" for n in range(2, 10)}  # screens F2-F8, feedback F9 (ui)
_F_KEY = re.compile(r"^[fF](\d{1,2})$")


def clean_product_name(name: str | None) -> str:
    """A product's name as shown and stored: one trimmed line, 1 to 80 characters."""
    cleaned = clean_line(name, field=_("product name"), max_length=NAME_MAX) if name else ""
    if not cleaned:
        raise InvalidInput(_("A product needs a name."))
    return cleaned


def product_name_key(name: str) -> str:
    """What makes two names "the same product": case and width folded ("Rye Loaf" = "rye loaf")."""
    return unicodedata.normalize("NFKC", name).casefold()


def clean_category(category: str | None) -> str | None:
    if category is None:
        return None
    return clean_line(category, field=_("category"), max_length=CATEGORY_MAX) or None


def clean_quick_key(key: str | None) -> str | None:
    """"r" -> "r", "R" -> "r", "f9" -> "F9"; None or "" -> None (no key). One printable
    character that is not part of an amount, or F1, F10-F12."""
    if key is None or key == "":
        return None
    text = key.strip()
    match = _F_KEY.match(text)
    if match:
        name = f"F{int(match.group(1))}"
        if not 1 <= int(match.group(1)) <= 12:
            raise InvalidInput(_("{key} is not a key on the keyboard.").format(key=repr(key[:12])))
        if name in WINDOW_F_KEYS:
            raise InvalidInput(
                _("{key} already switches screens; use F1 or F10 to F12, or a letter.").format(
                    key=name
                )
            )
        return name
    if len(text) != 1 or not text.isprintable():
        raise InvalidInput(
            _("A quick key is one character or an F-key (F1, F10 to F12), not {key}.").format(
                key=repr(key[:12])
            )
        )
    if text in AMOUNT_CHARACTERS or text.isdigit():
        raise InvalidInput(
            _("{key} is typed in amounts, so it cannot be a quick key.").format(key=repr(text))
        )
    return text.casefold()


def parse_item(text: str) -> tuple[str, int]:
    """``"rye loaf:2"`` -> ("rye loaf", 2); ``"latte"`` -> ("latte", 1). The last colon
    splits, and only when a whole number follows it (a name may hold a colon)."""
    name, colon, qty = text.rpartition(":")
    if colon and qty.strip().isdigit():
        return name.strip(), check_quantity(int(qty.strip()))
    return text.strip(), 1


def check_quantity(quantity: int) -> int:
    if not 1 <= quantity <= MAX_QUANTITY:
        raise InvalidInput(
            _("A quantity must be between 1 and {most}, not {n}.").format(
                most=MAX_QUANTITY, n=quantity
            )
        )
    return quantity


@dataclass(frozen=True)
class Purchase:
    """One product bought on one visit (a live visit: reversed ones are not counted)."""

    product: str
    visit_id: int
    at: datetime
    quantity: int


def usual_items(purchases: Iterable[Purchase], *, limit: int = 3) -> list[str]:
    """The products bought on the most visits, most frequent first; a tie goes to the one bought
    most recently, then to the larger quantity, then by name. Frequency counts visits, not
    quantities: two loaves once is one habit, a loaf every week is the usual."""
    visits: Counter[str] = Counter()
    quantities: Counter[str] = Counter()
    latest: dict[str, datetime] = {}
    for p in purchases:
        visits[p.product] += 1
        quantities[p.product] += p.quantity
        if p.product not in latest or p.at > latest[p.product]:
            latest[p.product] = p.at
    ranked = sorted(
        visits,
        key=lambda name: (-visits[name], -latest[name].timestamp(), -quantities[name], name),
    )
    return ranked[:limit]


class Basket:
    """The items chosen for the booking being typed: a key pressed twice is a quantity of two;
    taking back removes one of the latest chosen. Order is the order of first choice."""

    def __init__(self) -> None:
        self._quantities: dict[int, int] = {}
        self._presses: list[int] = []

    def add(self, product_id: int) -> None:
        if self._quantities.get(product_id, 0) >= MAX_QUANTITY:
            return
        self._quantities[product_id] = self._quantities.get(product_id, 0) + 1
        self._presses.append(product_id)

    def take_back(self, product_id: int | None = None) -> int | None:
        """One of ``product_id`` (default: the latest chosen) out again; which one, or None."""
        if product_id is None:
            if not self._presses:
                return None
            product_id = self._presses[-1]
        if product_id not in self._quantities:
            return None
        index = len(self._presses) - 1 - self._presses[::-1].index(product_id)
        del self._presses[index]
        self._quantities[product_id] -= 1
        if not self._quantities[product_id]:
            del self._quantities[product_id]
        return product_id

    def clear(self) -> None:
        self._quantities.clear()
        self._presses.clear()

    def items(self) -> list[tuple[int, int]]:
        return list(self._quantities.items())

    def __bool__(self) -> bool:
        return bool(self._quantities)
