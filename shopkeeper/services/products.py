"""The shop's products, and what a customer buys: "usually buys" and "last time".

Products are a short list kept by the shop; a visit may name some of them with quantities
(``visits.record_visit(items=...)``). A product named by any visit is never deleted, only
deactivated: the history keeps its name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session
from sqlmodel import select as orm_select

from shopkeeper.domain.errors import InvalidInput, UnknownRecord
from shopkeeper.domain.products import (
    MAX_ITEMS_PER_VISIT,
    Purchase,
    check_quantity,
    clean_category,
    clean_product_name,
    clean_quick_key,
    product_name_key,
)
from shopkeeper.domain.products import usual_items as rank_usual
from shopkeeper.domain.staff import Permission
from shopkeeper.i18n import _
from shopkeeper.services import audit
from shopkeeper.services.authority import require
from shopkeeper.services.common import customer_by_card
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database, RetryTransaction
from shopkeeper.storage.prepared import Prepared

USUAL_MONTHS = 12
USUAL_SHOWN = 3
ID_CHUNK = 5000  # ids per IN (...), well under SQLite's bound-parameter limit
ItemRef = tuple[str | int, int]  # (product name or id, quantity)

_P = t.Product.__table__
_V = t.Visit.__table__
_VI = t.VisitItem.__table__
_II = t.ImportedItem.__table__


@dataclass(frozen=True)
class ProductInfo:
    id: int
    name: str
    quick_key: str | None
    category: str | None
    active: bool
    position: int


@dataclass(frozen=True)
class ItemLine:
    """One product on one visit, as a face shows it."""

    product_id: int
    name: str
    quantity: int


def _info(p: t.Product) -> ProductInfo:
    return ProductInfo(p.id, p.name, p.quick_key, p.category, p.active, p.position)


def list_products(db: Database, *, include_inactive: bool = False) -> list[ProductInfo]:
    """Products in the shop's order (position, then name)."""
    with db.read() as session:
        statement = orm_select(t.Product).order_by(t.Product.position, t.Product.name_key)
        if not include_inactive:
            statement = statement.where(t.Product.active == True)  # noqa: E712
        return [_info(p) for p in session.exec(statement).all()]


def _check_free(
    session: Session, *, name_key: str, quick_key: str | None, active: bool, own_id: int | None
) -> None:
    clash = session.exec(orm_select(t.Product).where(t.Product.name_key == name_key)).first()
    if clash is not None and clash.id != own_id:
        raise InvalidInput(
            _("There is already a product called {name}.").format(name=repr(clash.name))
        )
    if quick_key is None or not active:
        return
    clash = session.exec(
        orm_select(t.Product).where(t.Product.quick_key == quick_key, t.Product.active == True)  # noqa: E712
    ).first()
    if clash is not None and clash.id != own_id:
        raise InvalidInput(
            _("The quick key {key} already picks {name}.").format(key=quick_key, name=clash.name)
        )


def _fields(p: t.Product) -> dict[str, object]:
    """What the audit log shows of a product, before -> after."""
    return {
        "name": p.name, "quick_key": p.quick_key, "category": p.category, "active": p.active,
        "position": p.position,
    }  # fmt: skip


def _audit(session: Session, db: Database, before: dict | None, p: t.Product) -> None:
    after = _fields(p)
    if before != after:
        audit.record(
            session, db, kind="programme.product", subject=p.name, before=before, after=after
        )


def _save(db: Database, work) -> ProductInfo:  # noqa: ANN001
    """Run ``work`` once more when another till took the name or key in the meantime: the
    second run finds the clash and says so."""

    def guarded(session: Session) -> ProductInfo:
        try:
            product = work(session)
            session.flush()
        except IntegrityError as error:
            raise RetryTransaction() from error
        return _info(product)

    return db.transaction(guarded)


def add_product(
    db: Database,
    *,
    name: str,
    quick_key: str | None = None,
    category: str | None = None,
    position: int | None = None,
) -> ProductInfo:
    """A new active product; the name (any case) and an active product's key must be free."""
    require(db, Permission.PROGRAMME)
    name = clean_product_name(name)
    key = clean_quick_key(quick_key)
    category = clean_category(category)

    def work(session: Session) -> t.Product:
        name_key = product_name_key(name)
        _check_free(session, name_key=name_key, quick_key=key, active=True, own_id=None)
        last = session.exec(orm_select(func.max(t.Product.position))).first()
        product = t.Product(
            name=name,
            name_key=name_key,
            quick_key=key,
            category=category,
            active=True,
            position=position if position is not None else (last or 0) + 1,
        )
        session.add(product)
        _audit(session, db, None, product)
        return product

    return _save(db, work)


_UNSET: object = object()


def _by_ref(session: Session, ref: str | int, *, for_update: bool = False) -> t.Product:
    """A product by id, or by name in any case."""
    statement = orm_select(t.Product)
    if isinstance(ref, int):
        statement = statement.where(t.Product.id == ref)
    else:
        statement = statement.where(t.Product.name_key == product_name_key(ref.strip()))
    if for_update:
        statement = statement.with_for_update()
    product = session.exec(statement).first()
    if product is None:
        raise UnknownRecord(
            _("There is no product {product}.").format(
                product=ref if isinstance(ref, int) else repr(ref[:80])
            )
        )
    return product


def edit_product(
    db: Database,
    product: str | int,
    *,
    name: str | None = None,
    quick_key: str | None | object = _UNSET,
    category: str | None | object = _UNSET,
    active: bool | None = None,
    position: int | None = None,
) -> ProductInfo:
    """Rename, re-key (``quick_key=None`` removes the key), recategorise, reorder, deactivate
    or bring back a product. Its visits keep pointing at it, so they show the new name."""
    require(db, Permission.PROGRAMME)
    new_name = clean_product_name(name) if name is not None else None
    new_key = clean_quick_key(quick_key) if quick_key is not _UNSET else _UNSET  # type: ignore[arg-type]
    new_category = clean_category(category) if category is not _UNSET else _UNSET  # type: ignore[arg-type]

    def work(session: Session) -> t.Product:
        p = _by_ref(session, product, for_update=True)
        before = _fields(p)
        if new_name is not None:
            p.name, p.name_key = new_name, product_name_key(new_name)
        if new_key is not _UNSET:
            p.quick_key = new_key  # type: ignore[assignment]
        if new_category is not _UNSET:
            p.category = new_category  # type: ignore[assignment]
        if active is not None:
            p.active = active
        if position is not None:
            p.position = position
        with session.no_autoflush:  # the clash is told in words before the database refuses it
            _check_free(
                session, name_key=p.name_key, quick_key=p.quick_key, active=p.active, own_id=p.id
            )
        session.add(p)
        _audit(session, db, before, p)
        return p

    return _save(db, work)


def deactivate_product(db: Database, product: str | int) -> ProductInfo:
    """Off the counter and out of new bookings; its history stays (products are never deleted)."""
    return edit_product(db, product, active=False)


# -- items on a visit (inside record_visit's transaction) ---------------------------------------
def resolve_items(session: Session, items: Sequence[ItemRef]) -> list[tuple[int, int]]:
    """(product id, quantity) for each (name or id, quantity); an unknown or inactive product,
    a bad quantity or the same product twice is refused with the product's name."""
    if len(items) > MAX_ITEMS_PER_VISIT:
        raise InvalidInput(
            _("A visit can name at most {most} products.").format(most=MAX_ITEMS_PER_VISIT)
        )
    chosen: dict[int, int] = {}
    for ref, quantity in items:
        product = _by_ref(session, ref)
        if not product.active:
            raise InvalidInput(
                _("{name} is no longer sold (inactive product).").format(name=product.name)
            )
        if product.id in chosen:
            raise InvalidInput(
                _("{name} is listed twice; give it once with its quantity ({name}:2).").format(
                    name=product.name
                )
            )
        chosen[product.id] = check_quantity(int(quantity))
    return list(chosen.items())


def add_items(session: Session, visit_id: int, items: list[tuple[int, int]]) -> None:
    if items:
        session.connection().execute(
            _VI.insert(),
            [{"visit_id": visit_id, "product_id": p, "quantity": q} for p, q in items],
        )


def visit_items(db: Database, visit_id: int) -> list[ItemLine]:
    """The products of one visit (reversed or not), in the shop's product order."""
    with db.read() as session:
        rows = session.connection().execute(_ITEMS_OF_VISIT, {"visit": visit_id}).all()
        return [ItemLine(*row) for row in rows]


def items_of_visits(session: Session, visit_ids: Sequence[int]) -> dict[int, list[ItemLine]]:
    """The products of these visits (reversed or not), each in the shop's product order."""
    found: dict[int, list[ItemLine]] = {}
    for start in range(0, len(visit_ids), ID_CHUNK):
        rows = session.connection().execute(
            select(_VI.c.visit_id, _P.c.id, _P.c.name, _VI.c.quantity)
            .select_from(_VI.join(_P, _P.c.id == _VI.c.product_id))
            .where(_VI.c.visit_id.in_(list(visit_ids[start : start + ID_CHUNK])))
            .order_by(_VI.c.visit_id, _P.c.position, _P.c.name_key)
        )
        for visit_id, product_id, name, quantity in rows:
            found.setdefault(visit_id, []).append(ItemLine(product_id, name, quantity))
    return found


def items_field(items: Sequence[ItemLine]) -> str:
    """"Rye loaf:2; Oat latte:1": the visit's items as one plain field (exports), in the form
    ``visit --item`` takes."""
    return "; ".join(f"{i.name}:{i.quantity}" for i in items)


# -- what a customer buys -------------------------------------------------------------------
_ITEMS_OF_VISIT = (
    select(_P.c.id, _P.c.name, _VI.c.quantity)
    .select_from(_VI.join(_P, _P.c.id == _VI.c.product_id))
    .where(_VI.c.visit_id == bindparam("visit"))
    .order_by(_P.c.position, _P.c.name_key)
)
_PURCHASES = Prepared(
    select(_P.c.name, _V.c.id, _V.c.at, _VI.c.quantity, _P.c.id, _P.c.position, _P.c.name_key)
    .select_from(_V.join(_VI, _VI.c.visit_id == _V.c.id).join(_P, _P.c.id == _VI.c.product_id))
    .where(
        _V.c.customer_id == bindparam("customer"),
        _V.c.at >= bindparam("since"),
        _V.c.reversed_at.is_(None),
    )
)


_IMPORTED = Prepared(
    select(_P.c.name)
    .select_from(_II.join(_P, _P.c.id == _II.c.product_id))
    .where(_II.c.customer_id == bindparam("customer"))
    .order_by(_II.c.times.desc(), _P.c.position, _P.c.name_key)
    .limit(bindparam("limit"))
)


def imported_usual(
    connection: Connection, customer_id: int, *, limit: int = USUAL_SHOWN
) -> list[str]:
    """What an imported customer bought before Shopkeeper, most times first: "usually buys"
    while no live visit of the last 12 months names a product (one read by primary key)."""
    return _IMPORTED.scalars(connection, {"customer": customer_id, "limit": limit})


def imported_field(connection: Connection, customer_id: int) -> str:
    """"Rye loaf:12; Oat latte:3": a customer's whole imported item history as one plain field
    (their own copy of their data), most times first."""
    rows = connection.execute(
        select(_P.c.name, _II.c.times)
        .select_from(_II.join(_P, _P.c.id == _II.c.product_id))
        .where(_II.c.customer_id == customer_id)
        .order_by(_II.c.times.desc(), _P.c.position, _P.c.name_key)
    )
    return "; ".join(f"{name}:{times}" for name, times in rows)


@dataclass(frozen=True)
class Buying:
    usual_items: list[str]  # most frequent first (12 months; else the imported history)
    last_items: list[ItemLine]  # the latest live visit that named products
    last_items_at: datetime | None


def months_ago(now: datetime, months: int) -> datetime:
    """``months`` calendar-ish months before ``now`` (30.44 days each, as a year is 365.25)."""
    return now - timedelta(days=round(months * 365.25 / 12, 2))


def buying_in(
    connection: Connection, customer_id: int, now: datetime, *, months: int = USUAL_MONTHS
) -> Buying:
    """Usual and last items of one customer, inside a caller's session (``customer_summary``):
    one query over the visits of the last ``months`` months, on the scan-to-profile path.
    "Last time" is the latest of those visits that named products (older ones are not shown)."""
    rows = _PURCHASES.all(connection, {"customer": customer_id, "since": months_ago(now, months)})
    if not rows:
        return Buying(imported_usual(connection, customer_id), [], None)
    usual = rank_usual((Purchase(*row[:4]) for row in rows), limit=USUAL_SHOWN)
    last_visit = max(rows, key=lambda r: (r[2], r[1]))
    last = sorted(
        (r for r in rows if r[1] == last_visit[1]), key=lambda r: (r[5], r[6])
    )
    return Buying(usual, [ItemLine(r[4], r[0], r[3]) for r in last], last_visit[2])


def usual_items(
    db: Database, card_number: str, *, months: int = USUAL_MONTHS, limit: int = USUAL_SHOWN
) -> list[str]:
    """The products this customer bought on the most visits in the last ``months`` months (by
    the shop's clock), most frequent first, ties to the latest bought."""
    now = db.now()
    with db.read() as session:
        customer = customer_by_card(session, card_number)
        rows = _PURCHASES.all(
            session.connection(), {"customer": customer.id, "since": months_ago(now, months)}
        )
        live = rank_usual((Purchase(*row[:4]) for row in rows), limit=limit)
        return live or imported_usual(session.connection(), customer.id, limit=limit)


def last_items(db: Database, card_number: str) -> list[ItemLine]:
    """What the customer's latest live visit that named products had (in the last 12 months)."""
    now = db.now()
    with db.read() as session:
        customer = customer_by_card(session, card_number)
        return buying_in(session.connection(), customer.id, now).last_items



def favourites_in(
    connection: Connection, customer_ids: Sequence[int], until: datetime
) -> dict[int, str]:
    """Each customer's most usual product over the twelve months before ``until`` (the
    letters' ``{favourite}``); customers who bought none are absent. A shop without products
    costs one query."""
    if not customer_ids or connection.execute(select(_P.c.id).limit(1)).first() is None:
        return {}
    since = months_ago(until, USUAL_MONTHS)
    bought: dict[int, list[Purchase]] = {}
    for start in range(0, len(customer_ids), ID_CHUNK):
        chunk = list(customer_ids[start : start + ID_CHUNK])
        rows = connection.execute(
            select(_V.c.customer_id, _P.c.name, _V.c.id, _V.c.at, _VI.c.quantity)
            .select_from(
                _V.join(_VI, _VI.c.visit_id == _V.c.id).join(_P, _P.c.id == _VI.c.product_id)
            )
            .where(
                _V.c.customer_id.in_(chunk),
                _V.c.at >= since,
                _V.c.at < until,
                _V.c.reversed_at.is_(None),
            )
        )
        for customer_id, *purchase in rows:
            bought.setdefault(customer_id, []).append(Purchase(*purchase))
    return {cid: rank_usual(found, limit=1)[0] for cid, found in bought.items() if found}
