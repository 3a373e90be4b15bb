"""What an import does with each row, decided before anything is written (pure rules).

A row is matched to a stored customer by card, then phone, then e-mail; a row known only by its
name (no valid card, phone or e-mail) by its folded name, as long as birthday and address do not
say otherwise, so re-importing it finds the customer it created.

A card, phone or e-mail match is *confirmed* when something else agrees: a close name, or another
contact detail. Otherwise it is a **conflict** (another shop's card 200000016 is not our Ona):
by default the row becomes a new customer with a new card number.

For a confirmed match nothing stored is overwritten unless the user chooses ``update``:

* an empty stored field is filled from the file (nothing is lost);
* a different value (name, phone, e-mail, birthday, address) is a *difference*, shown and kept;
  a name that folds to the same letters ("Ona Zemaite" for "Ona Žemaitė") is not even that;
* a points balance or a past-visit count different from what the shop holds is a *figure*
  difference; ``update`` corrects it with a ledger entry that says why.

Opening balances and past visits are applied only to new customers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from shopkeeper.i18n import N_, _

from .duplicates import fold_name, names_agree
from .importing import CustomerRow, RowCheck


class Action(StrEnum):
    NEW = "new"  # a new customer (a new card number if the file's is taken)
    SKIP = "skip"  # leave the row out
    KEEP = "keep"  # the matched customer; fill empty fields only
    UPDATE = "update"  # the matched customer; apply the file's values and figures


ACTIONS = tuple(a.value for a in Action)
MATCHED_ACTIONS = (Action.KEEP, Action.UPDATE, Action.NEW, Action.SKIP)
NEW_ACTIONS = (Action.NEW, Action.SKIP)

# What a row matched by: codes (in the JSON preview too) that a face shows through ``_(by)``.
CARD, PHONE, EMAIL, NAME = N_("card"), N_("phone"), N_("e-mail"), N_("name")
FIELD_LABELS = {
    "name": N_("name"),
    "phone": N_("phone"),
    "email": N_("e-mail"),
    "birthday": N_("birthday"),
    "address": N_("address"),
}


@dataclass(frozen=True)
class Stored:
    """A stored customer as the import compares it (read before the write transaction, and
    again inside it)."""

    id: int
    card_number: str
    name: str
    phone: str | None = None
    email: str | None = None
    birthday: date | None = None
    address: str | None = None
    archived: bool = False
    points_balance: int = 0
    opening_points: int = 0  # the sum of its opening_balance entries
    visit_count: int = 0
    imported_visits: int = 0
    notes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Difference:
    field: str  # name, phone, email, birthday, address, points, visits
    stored: object
    file: object


@dataclass(frozen=True)
class Choices:
    """The user's decisions: a default for conflicts, one for confirmed matches with
    differences, and per-row overrides (row number as the spreadsheet shows it)."""

    conflicts: Action = Action.NEW
    changes: Action = Action.KEEP
    rows: Mapping[int, Action] = field(default_factory=dict)


@dataclass(frozen=True)
class RowPlan:
    number: int
    row: CustomerRow | None
    action: Action | None  # None: rejected
    stored: Stored | None = None  # the matched customer
    matched_by: str = ""
    conflict: bool = False
    fills: tuple[Difference, ...] = ()  # empty stored fields the file fills
    differences: tuple[Difference, ...] = ()  # stored values the file would change
    warnings: tuple[str, ...] = ()
    problem: str | None = None


class StoredIndex:
    """Stored customers by card, phone, e-mail and folded name (live before archived)."""

    def __init__(self, customers: Iterable[Stored]) -> None:
        self.by_id: dict[int, Stored] = {}
        self._keys: dict[tuple[str, str], int] = {}
        self._names: dict[str, list[int]] = defaultdict(list)
        ordered = sorted(customers, key=lambda c: (c.archived, c.id))
        for customer in ordered:
            self.by_id[customer.id] = customer
            for what, value in (
                (CARD, customer.card_number),
                (PHONE, customer.phone),
                (EMAIL, customer.email),
            ):
                if value:
                    self._keys.setdefault((what, value), customer.id)
            self._names[fold_name(customer.name)].append(customer.id)

    def owner(self, what: str, value: str | None) -> Stored | None:
        found = self._keys.get((what, value)) if value else None
        return self.by_id[found] if found is not None else None

    def by_name(self, name: str) -> list[Stored]:
        return [self.by_id[i] for i in self._names.get(fold_name(name), ())]


def _agrees(a: object, b: object) -> bool | None:
    """True/False when both are known, None when one is missing."""
    if a is None or b is None:
        return None
    if isinstance(a, str) and isinstance(b, str):
        return fold_name(a) == fold_name(b)
    return a == b


def is_conflict(row: CustomerRow, stored: Stored, matched_by: str) -> bool:
    """A key match with nothing else agreeing: no close name and no other shared contact."""
    if row.name_given and names_agree(row.name, stored.name):
        return False
    others = {PHONE: (row.phone, stored.phone), EMAIL: (row.email, stored.email)}
    if any(_agrees(a, b) for what, (a, b) in others.items() if what != matched_by):
        return False
    # The matched key is itself a phone or e-mail: it confirms, unless a given name differs.
    return matched_by == CARD or row.name_given


def compare(row: CustomerRow, stored: Stored) -> tuple[list[Difference], list[Difference]]:
    """(fills, differences) between a row and the customer it matched."""
    fills: list[Difference] = []
    differences: list[Difference] = []
    if row.name_given and fold_name(row.name) != fold_name(stored.name):
        differences.append(Difference("name", stored.name, row.name))
    for name in ("phone", "email", "birthday", "address"):
        value, held = getattr(row, name), getattr(stored, name)
        if value is None or value == held:
            continue
        if held is None:
            fills.append(Difference(name, None, value))
        elif not (name == "address" and _agrees(value, held)):
            differences.append(Difference(name, held, value))
    if row.points is not None and row.points not in (stored.points_balance, stored.opening_points):
        differences.append(Difference("points", stored.points_balance, row.points))
    held = stored.visit_count + stored.imported_visits
    visits = (stored.visit_count, stored.imported_visits, held)
    if row.visits is not None and row.visits not in visits:
        differences.append(Difference("visits", visits[2], row.visits))
    return fills, differences


def _name_only(row: CustomerRow) -> bool:
    return row.name_given and not (row.card or row.phone or row.email)


def _same_person_by_name(row: CustomerRow, stored: Stored) -> bool:
    """Nothing known about both says they are different people."""
    return all(
        _agrees(getattr(row, name), getattr(stored, name)) is not False
        for name in ("birthday", "address", "phone", "email")
    )


def _match(
    row: CustomerRow, index: StoredIndex, touched: Mapping[int, int]
) -> tuple[Stored | None, str, bool]:
    """(the stored customer, matched by, conflict). The first key that confirms wins; when
    none does, a customer of the same name whom birthday and address do not contradict (the
    one an earlier import of this row created), else the first key's owner, as a conflict."""
    first: tuple[Stored, str] | None = None
    for what, value in ((CARD, row.card), (PHONE, row.phone), (EMAIL, row.email)):
        stored = index.owner(what, value)
        if stored is None:
            continue
        if not is_conflict(row, stored, what):
            return stored, what, False
        first = first or (stored, what)
    if row.name_given and (first is not None or _name_only(row)):
        same = next(
            (c for c in index.by_name(row.name)
             if c.id not in touched and _same_person_by_name(row, c)
             and not (first is not None and c.id == first[0].id)),
            None,
        )  # fmt: skip
        if same is not None:
            return same, NAME, False
    if first is not None:
        return first[0], first[1], True
    return None, "", False


def plan_rows(checks: Iterable[RowCheck], index: StoredIndex, choices: Choices) -> list[RowPlan]:
    """Every row's plan, in file order. Nothing is written here."""
    plans: list[RowPlan] = []
    touched: dict[int, int] = {}  # customer id -> the row that matched it
    for check in checks:
        row = check.row
        if row is None:
            plans.append(RowPlan(check.number, None, None, warnings=check.warnings,
                                 problem=check.problem))  # fmt: skip
            continue
        stored, by, conflict = _match(row, index, touched)
        chosen = choices.rows.get(check.number)
        if stored is None:
            action = chosen if chosen in NEW_ACTIONS else Action.NEW
            plans.append(RowPlan(check.number, row, action, warnings=check.warnings))
            continue
        if stored.id in touched:
            plans.append(
                RowPlan(
                    check.number, None, None, stored, by, warnings=check.warnings,
                    problem=_(
                        "Duplicate: the same customer as row {row} (matched by {by})."
                    ).format(row=touched[stored.id], by=_(by)),
                )
            )  # fmt: skip
            continue
        fills, differences = compare(row, stored)
        if chosen is not None:
            action = chosen
        elif conflict:
            action = choices.conflicts
        else:
            action = choices.changes if differences else Action.KEEP
        if action not in (Action.NEW, Action.SKIP):
            touched[stored.id] = check.number
        plans.append(
            RowPlan(check.number, row, action, stored, by, conflict, tuple(fills),
                    tuple(differences), check.warnings)
        )  # fmt: skip
    return plans
