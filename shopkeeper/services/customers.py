"""Create, edit and archive customers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from shopkeeper.domain.calendar import local_date
from shopkeeper.domain.codes import card_number_for, clean_card_number
from shopkeeper.domain.contact import (
    check_birthday,
    clean_address,
    clean_email,
    clean_name,
    normalise_phone,
    parse_birthday,
)
from shopkeeper.domain.errors import DuplicateCard, DuplicatePhone, InvalidInput, NotAllowed
from shopkeeper.domain.ledger import Kind
from shopkeeper.domain.staff import Permission
from shopkeeper.domain.text import search_key
from shopkeeper.domain.tiers import tier_for
from shopkeeper.i18n import _
from shopkeeper.services import audit, programme, tier_history
from shopkeeper.services.authority import require
from shopkeeper.services.common import append_entry, customer_by_card
from shopkeeper.services.tier_history import Reason
from shopkeeper.storage import search as search_index
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database, RetryTransaction, advisory_lock

LANGUAGES = {"en", "lt", "zh-Hans", "zh-Hant", "de", "fr", "pl", "ru", "lv", "et"}


@dataclass(frozen=True)
class CustomerSaved:
    id: int
    card_number: str
    name: str
    points_balance: int
    welcome_bonus: int = 0


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET = _Unset()


def _birthday(value: str | date | None, today: date) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        check_birthday(value, today)
        return value
    return parse_birthday(value, today)


def _language(value: str) -> str:
    from shopkeeper.domain.shop import chinese_tag

    code = chinese_tag(value) or value.strip().lower()  # zh, zh-CN -> zh-Hans; zh-TW -> zh-Hant
    if code not in LANGUAGES:
        raise InvalidInput(
            _("Unknown language {language}; use one of {choices}.").format(
                language=repr(value), choices=", ".join(sorted(LANGUAGES))
            )
        )
    return code


def default_language(shop_language: str | None) -> str:
    """The language a new customer speaks unless told: the shop's, else English (a shop
    language no letter is written in, such as Spanish, falls back to English)."""
    try:
        return _language(shop_language or "en")
    except InvalidInput:
        return "en"


def _card_sequence(session: Session) -> t.Setting:
    """The row holding the next card number, locked: two tills never draw the same number (the
    second waits for the first to commit, then reads the number after)."""
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:  # the lock the new customer's row takes anyway, taken before the sequence's
        # row: an import (customers locked, then the sequence) never waits on us the other way
        session.execute(text("LOCK TABLE customer IN ROW EXCLUSIVE MODE"))
    insert = pg_insert if postgres else sqlite_insert
    session.execute(
        insert(t.Setting.__table__)
        .values(key="next_card_sequence", value="1")
        .on_conflict_do_nothing(index_elements=["key"])
    )
    return session.get(
        t.Setting, "next_card_sequence", with_for_update=True, populate_existing=True
    )


def _next_card(session: Session) -> str:
    """Next shop-issued card number; skips numbers an import may already have taken."""
    row = _card_sequence(session)
    sequence = int(row.value) if row else 1
    while True:
        card = card_number_for(sequence)
        sequence += 1
        if (
            session.exec(select(t.Customer.id).where(t.Customer.card_number == card)).first()
            is None
        ):
            break
    if row is None:
        session.add(t.Setting(key="next_card_sequence", value=str(sequence)))
    else:
        row.value = str(sequence)
    return card


def _check_phone_free(session: Session, phone: str, own_id: int | None) -> None:
    statement = select(t.Customer).where(t.Customer.phone == phone, t.Customer.archived_at == None)  # noqa: E711
    if own_id is not None:  # the edited row may already be flushed with the new phone
        statement = statement.where(t.Customer.id != own_id)
    other = session.exec(statement).first()
    if other is not None:
        raise DuplicatePhone(phone, other.name, other.card_number)


def _check_card_free(session: Session, card: str, own_id: int | None) -> None:
    other = session.exec(select(t.Customer.id).where(t.Customer.card_number == card)).first()
    if other is not None and other != own_id:
        raise DuplicateCard(card)


def create_customer(
    db: Database,
    *,
    name: str,
    phone: str | None = None,
    email: str | None = None,
    birthday: str | date | None = None,
    address: str | None = None,
    language: str | None = None,
    letters_consent: bool = False,
    card_number: str | None = None,
    referred_by_card: str | None = None,
    allow_duplicate_phone: bool = False,
) -> CustomerSaved:
    """A new member: validated, given a card number and the welcome bonus, searchable at once.

    Without a ``language`` the customer speaks the shop's (read in the same transaction), so a
    Lithuanian shop's letters go out in Lithuanian unless the customer asks otherwise."""
    require(db, Permission.CHANGE_DATA)
    now = db.now()
    today = local_date(now)
    clean = dict(
        name=clean_name(name),
        email=clean_email(email) if email else None,
        birthday=_birthday(birthday, today),
        address=clean_address(address) if address else None,
        language=_language(language) if language else None,
    )

    def work(session: Session) -> CustomerSaved:
        prog = programme.load_in(session)
        fields = dict(clean, language=clean["language"] or default_language(prog.shop.language))
        phone_e164 = normalise_phone(phone, prog.shop.country) if phone else None
        if phone_e164:  # two tills adding the same phone: the second waits, then is asked
            advisory_lock(session, f"phone:{phone_e164}")
        if phone_e164 and not allow_duplicate_phone:
            _check_phone_free(session, phone_e164, None)
        if card_number:
            card = clean_card_number(card_number)
            _check_card_free(session, card, None)
        else:
            card = _next_card(session)
        referrer = customer_by_card(session, referred_by_card) if referred_by_card else None
        tier = tier_for(0, prog.tiers)
        customer = t.Customer(
            card_number=card,
            name_key=search_key(clean["name"]),
            sort_key=search_index.sort_keyer(session.connection())(clean["name"]),
            phone=phone_e164,
            letters_consent=letters_consent,
            joined_at=now,
            referred_by_id=referrer.id if referrer else None,
            tier_id=tier.id if tier else None,
            **fields,
        )
        session.add(customer)
        try:
            session.flush()
        except IntegrityError as error:
            if card_number:
                raise DuplicateCard(card) from None
            raise RetryTransaction() from error  # taken by another till's own number meanwhile
        tier_history.record(
            session.connection(),
            [tier_history.change_row(customer.id, now, None, tier, Reason.JOIN)],
        )
        bonus = prog.rules.welcome_bonus
        if bonus:
            append_entry(session, customer, points=bonus, kind=Kind.WELCOME_BONUS, at=now)
        search_index.index_customer(
            session.connection(), customer.id, customer.name_key, phone_e164
        )
        audit.record(
            session, db, kind="customer.add", customer_id=customer.id, subject=f"card {card}",
            after={**{k: v for k, v in _profile(customer).items() if v is not None},
                   "welcome_bonus": bonus},
        )  # fmt: skip
        return CustomerSaved(customer.id, card, customer.name, customer.points_balance, bonus)

    return db.transaction(work)


def edit_customer(
    db: Database,
    card_number: str,
    *,
    name: str | _Unset = UNSET,
    phone: str | None | _Unset = UNSET,
    email: str | None | _Unset = UNSET,
    birthday: str | date | None | _Unset = UNSET,
    address: str | None | _Unset = UNSET,
    language: str | _Unset = UNSET,
    letters_consent: bool | _Unset = UNSET,
    new_card_number: str | _Unset = UNSET,
    allow_duplicate_phone: bool = False,
) -> CustomerSaved:
    """Change what is given; ``None`` clears an optional field. A lost card gets a new number."""
    require(db, Permission.CHANGE_DATA)
    today = local_date(db.now())

    def work(session: Session) -> CustomerSaved:
        customer = customer_by_card(session, card_number, for_update=True)
        before = _profile(customer)
        if not isinstance(name, _Unset):
            customer.name = clean_name(name)
            customer.name_key = search_key(customer.name)
            customer.sort_key = search_index.sort_keyer(session.connection())(customer.name)
        if not isinstance(phone, _Unset):
            if phone:
                country = programme.load_in(session).shop.country
                customer.phone = normalise_phone(phone, country)
                if not allow_duplicate_phone:
                    _check_phone_free(session, customer.phone, customer.id)
            else:
                customer.phone = None
        if not isinstance(email, _Unset):
            customer.email = clean_email(email) if email else None
        if not isinstance(birthday, _Unset):
            customer.birthday = _birthday(birthday, today)
        if not isinstance(address, _Unset):
            customer.address = clean_address(address) if address else None
        if not isinstance(language, _Unset):
            customer.language = _language(language)
        if not isinstance(letters_consent, _Unset):
            customer.letters_consent = bool(letters_consent)
        if not isinstance(new_card_number, _Unset):
            card = clean_card_number(new_card_number)
            _check_card_free(session, card, customer.id)
            customer.card_number = card
        session.add(customer)
        try:
            session.flush()
        except IntegrityError:
            raise DuplicateCard(customer.card_number) from None
        search_index.index_customer(
            session.connection(), customer.id, customer.name_key, customer.phone
        )
        after = _profile(customer)
        changed = [key for key in after if after[key] != before[key]]
        if changed:
            audit.record(
                session, db, kind="customer.edit", customer_id=customer.id,
                subject=f"card {customer.card_number}",
                before={k: before[k] for k in changed}, after={k: after[k] for k in changed},
            )  # fmt: skip
        return CustomerSaved(
            customer.id, customer.card_number, customer.name, customer.points_balance
        )

    return db.transaction(work)


def _profile(customer: t.Customer) -> dict[str, object]:
    """The fields of a customer an audit row shows before -> after."""
    return {
        "card_number": customer.card_number, "name": customer.name, "phone": customer.phone,
        "email": customer.email, "birthday": customer.birthday, "address": customer.address,
        "language": customer.language, "letters_consent": customer.letters_consent,
    }  # fmt: skip


def archive_customer(db: Database, card_number: str, *, archived: bool = True) -> CustomerSaved:
    """Archive (or bring back) a customer: hidden from the counter's search, history kept."""
    require(db, Permission.CHANGE_DATA)

    def work(session: Session) -> CustomerSaved:
        customer = customer_by_card(session, card_number, for_update=True)
        if archived and customer.archived_at is not None:
            raise NotAllowed(_("{name} is already archived.").format(name=customer.name))
        was = customer.archived_at
        customer.archived_at = db.now() if archived else None
        session.add(customer)
        audit.record(
            session, db, kind="customer.archive" if archived else "customer.restore",
            customer_id=customer.id, subject=f"card {customer.card_number}",
            before={"archived_at": was}, after={"archived_at": customer.archived_at},
        )  # fmt: skip
        return CustomerSaved(
            customer.id, customer.card_number, customer.name, customer.points_balance
        )

    return db.transaction(work)
