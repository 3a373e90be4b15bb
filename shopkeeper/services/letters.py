"""The monthly reward letters: who gets one and what it says (``plan_letters``), the shop's
wording in each language (``save_letter_template``), a customer's own greeting line
(``set_salutation``), and the record of who was sent which month (``record_sent``).

Each letter is written in its customer's language, else the shop's (``LetterData.language``),
with that language's wording (``LetterPlan.template_for``).

Printing is the caller's job (``shopkeeper.printing.letters``): plan, print, and only once the
PDF is safely written or sent to the printer, record it. A second run for the same month then
skips those customers unless a reprint is asked for.

What a letter for month M says (decisions, in one place):

- figures: visits in M (not reversed) and points earned in M (visits and bonuses, less visits
  taken back; corrections and redemptions are not "earned"); the balance, tier and progress
  are as of printing;
- rewards claimable now: the active rewards the balance pays for and the tier allows (the
  counter's rule), cheapest first, five at most;
- points expiring soon: what closing M+1 will expire, by the month-end job's own FIFO rule
  (``domain.expiry``) with everything spent so far;
- birthday line: for customers born in M+1, the month the letter is read in, with the bonus
  month-end already gave for it;
- voucher block: the customer's newest unused, unexpired voucher (not a donation). A voucher is
  a redemption, whether made at the counter or issued by a month-end job, so "a reward is due"
  means exactly "there is a voucher to bring".

Every figure is read with a handful of grouped queries over the whole batch (never one query per
customer), so planning ten thousand letters takes well under a second.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.orm import aliased
from sqlmodel import Session

from shopkeeper.domain.calendar import Month, local_date
from shopkeeper.domain.codes import clean_card_number
from shopkeeper.domain.errors import InvalidInput, UnknownCard
from shopkeeper.domain.expiry import points_to_expire
from shopkeeper.domain.ledger import TIER_KINDS, Kind
from shopkeeper.domain.letters import (
    LETTER_LANGUAGES,
    SKIP_ALREADY_SENT,
    CatalogueReward,
    LetterTemplate,
    addressing,
    check_template,
    check_template_text,
    claimable,
    default_template,
    is_birthday_letter,
    letter_language,
    mailing_month,
    next_expiry,
    skip_kind,
    skip_text,
    template_from,
)
from shopkeeper.domain.staff import Permission
from shopkeeper.domain.text import clean_text
from shopkeeper.domain.tiers import progress
from shopkeeper.i18n import _, supported_language
from shopkeeper.services import audit, print_settings, products, programme
from shopkeeper.services.authority import require
from shopkeeper.services.common import TIER_WINDOW, customer_by_card, spent_entries
from shopkeeper.services.print_settings import ShopHeader
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database, advisory_lock

TEMPLATE_KEY = "letter_template"  # + ":<language>", e.g. "letter_template:lt" (0016)
MAX_SALUTATION = 120
# Points "earned" in a month: visits and bonuses, less visits taken back. Not corrections.
EARNED_KINDS = (
    Kind.VISIT,
    Kind.REVERSAL,
    Kind.WELCOME_BONUS,
    Kind.BIRTHDAY_BONUS,
    Kind.REFERRAL_BONUS,
)
MAX_REWARD_LINES = 5
_CHUNK = 500  # ids per IN (...) list, well under every database's parameter limit

C = t.Customer.__table__
L = t.LedgerEntry.__table__
V = t.Visit.__table__
R = t.Redemption.__table__
W = t.Reward.__table__
S = t.LetterSent.__table__
X = t.LetterExclusion.__table__


@dataclass(frozen=True)
class RewardLine:
    name: str
    points_cost: int


@dataclass(frozen=True)
class VoucherLine:
    code: str
    reward: str
    valid_until: date


@dataclass(frozen=True)
class LetterData:
    customer_id: int
    card_number: str
    name: str
    first_name: str  # as the letter addresses them (vocative in Lithuanian)
    address_lines: tuple[str, ...]
    language: str  # the letter's language: the customer's, else the shop's (en, lt, zh-Hans...)
    visits: int  # in the month
    points_earned: int  # in the month
    balance: int  # now
    tier: str | None
    tier_colour: str | None
    next_tier: str | None
    points_to_next: int
    tier_fraction: float
    rewards: tuple[RewardLine, ...]  # claimable now, cheapest first
    more_rewards: int  # claimable beyond those listed
    expiring_points: int
    birthday: bool
    birthday_bonus: int
    voucher: VoucherLine | None
    reprint: bool  # this month's letter was printed before
    dear: str = "Dear"  # the word of address before the name, for the letter's language
    salutation: str | None = None  # the shop's own greeting line for this customer
    favourite: str = ""  # the product they buy most often (services.products), for {favourite}


@dataclass(frozen=True)
class Skipped:
    customer_id: int
    card_number: str
    name: str
    reason: str  # shown to the shop, in the language spoken when planning
    kind: str = ""  # which ``domain.letters.SKIP_*`` (not translated)


@dataclass(frozen=True)
class LetterPlan:
    month: str  # "2026-11"
    printed_on: date
    shop: ShopHeader
    envelope: str  # "din5008" or "us10"
    template: LetterTemplate  # the shop's language's wording
    expiry_date: date | None  # when the "expiring" points go; None if points never expire
    letters: list[LetterData]
    skipped: list[Skipped]
    templates: dict[str, LetterTemplate] | None = None  # per letter language
    shop_language: str = "en"
    currency: str = "EUR"

    def template_for(self, language: str) -> LetterTemplate:
        """The wording of a letter in ``language`` (the shop's wording when there is none)."""
        return (self.templates or {}).get(language, self.template)

    @property
    def customer_ids(self) -> list[int]:
        return [letter.customer_id for letter in self.letters]

    def skipped_by_reason(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for s in self.skipped:
            key = _(s.kind) if s.kind == SKIP_ALREADY_SENT else s.reason
            counts[key] = counts.get(key, 0) + 1
        return counts


# --- the template -------------------------------------------------------------------------


def _language(session: Session, language: str | None) -> str:
    """A letter language from a tag; None is the shop's language. An unknown tag is refused."""
    if language is None:
        return letter_language(programme.load_in(session).shop.language, None)
    chosen = supported_language(language)
    if chosen is None:
        raise InvalidInput(
            _("The letters are written in {languages}, not {language!r}.").format(
                languages=", ".join(LETTER_LANGUAGES), language=language
            )
        )
    return chosen


def _key(language: str) -> str:
    return f"{TEMPLATE_KEY}:{language}"


def _stored_template(session: Session, language: str) -> LetterTemplate:
    row = session.get(t.Setting, _key(language))
    return template_from(json.loads(row.value), language) if row else default_template(language)


def letter_template(db: Database, language: str | None = None) -> LetterTemplate:
    """The wording in ``language`` (default: the shop's) as stored, with the language's default
    for parts never edited."""
    with db.read() as session:
        return _stored_template(session, _language(session, language))


def shop_letter_language(db: Database) -> str:
    """The language of the shop's letters (for customers whose own the program does not speak)."""
    with db.read() as session:
        return _language(session, None)


def letter_templates(db: Database) -> dict[str, LetterTemplate]:
    """The wording in every language letters are written in."""
    with db.read() as session:
        return {lang: _stored_template(session, lang) for lang in LETTER_LANGUAGES}


def save_letter_template(db: Database, language: str | None = None, **parts: str) -> LetterTemplate:
    """Change parts of the wording in ``language`` (default: the shop's), e.g.
    ``greeting="Labas, {first_name}!"``. Every placeholder is checked first: an unknown one is
    an ``InvalidInput`` naming it, and nothing is saved."""
    require(db, Permission.CHANGE_DATA)
    cleaned = {name: check_template_text(name, text) for name, text in parts.items()}
    with db.write() as session:
        advisory_lock(session, "settings")  # read-modify-write: one till at a time
        language = _language(session, language)
        was = asdict(_stored_template(session, language))
        template = LetterTemplate(**{**was, **cleaned})
        text = json.dumps(asdict(template), ensure_ascii=False, sort_keys=True)
        row = session.get(t.Setting, _key(language))
        if row is None:
            session.add(t.Setting(key=_key(language), value=text))
        else:
            row.value = text
        audit.record_changes(
            session, db, kind="letters.template", subject=language,
            before=was, after=asdict(template),
        )  # fmt: skip
        return template


def reset_letter_template(db: Database, language: str | None = None) -> LetterTemplate:
    """Back to the default wording of ``language`` (default: the shop's)."""
    require(db, Permission.CHANGE_DATA)
    with db.write() as session:
        advisory_lock(session, "settings")  # read-modify-write: one till at a time
        language = _language(session, language)
        row = session.get(t.Setting, _key(language))
        if row is not None:
            session.delete(row)
            audit.record(
                session, db, kind="letters.template", subject=language,
                after={"reset": True},
            )  # fmt: skip
    return default_template(language)


@dataclass(frozen=True)
class Salutation:
    card_number: str
    name: str
    salutation: str | None  # None: the letter greets by the rules


def customer_salutation(db: Database, card_number: str) -> Salutation:
    """The customer's own greeting line, if the shop wrote one."""
    with db.read() as session:
        customer = customer_by_card(session, card_number)
        return Salutation(customer.card_number, customer.name, customer.salutation)


def set_salutation(db: Database, card_number: str, salutation: str | None) -> Salutation:
    """The greeting line of this customer's letters ("Mieloji Dali,"), for a name the rules
    decline wrongly; "" or None goes back to the rules. Printed as written, no placeholders."""
    require(db, Permission.CHANGE_DATA)
    text = (salutation or "").strip()
    if text:
        text = clean_text(text, field=_("salutation"), max_length=MAX_SALUTATION)
    with db.write() as session:
        customer = customer_by_card(session, card_number)
        was, customer.salutation = customer.salutation, text or None
        session.add(customer)
        if was != customer.salutation:
            audit.record(
                session, db, kind="customer.salutation", customer_id=customer.id,
                before={"salutation": was}, after={"salutation": customer.salutation},
            )  # fmt: skip
        return Salutation(customer.card_number, customer.name, customer.salutation)


# --- planning -----------------------------------------------------------------------------


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _grouped(connection, statement, ids: Sequence[int], column) -> dict[int, int]:  # noqa: ANN001
    """Run a ``customer_id, value`` grouped query for the batch, a chunk of ids at a time."""
    out: dict[int, int] = {}
    for chunk in _chunks(ids):
        for customer_id, value in connection.execute(statement.where(column.in_(chunk))).all():
            out[customer_id] = int(value or 0)
    return out


def _customers(session: Session, cards: Sequence[str] | None) -> list:
    columns = (
        C.c.id,
        C.c.card_number,
        C.c.name,
        C.c.address,
        C.c.letters_consent,
        C.c.archived_at,
        C.c.tier_id,
        C.c.points_balance,
        C.c.birthday,
        C.c.language,
        C.c.joined_at,
        C.c.salutation,
    )
    connection = session.connection()
    if cards is None:
        return connection.execute(select(*columns).order_by(C.c.name_key, C.c.id)).all()
    wanted = list(dict.fromkeys(clean_card_number(c) for c in cards))
    found = {}
    for i in range(0, len(wanted), _CHUNK):
        rows = connection.execute(
            select(*columns).where(C.c.card_number.in_(wanted[i : i + _CHUNK]))
        ).all()
        found.update({row.card_number: row for row in rows})
    for card in wanted:
        if card not in found:
            raise UnknownCard(card)
    return [found[card] for card in wanted]


def plan_letters(
    db: Database,
    month: Month,
    *,
    reprint: bool = False,
    cards: Sequence[str] | None = None,
) -> LetterPlan:
    """Who gets ``month``'s letter and everything it says; everyone else with the reason.

    One letter per active customer who consented to letters and has a postal address, was not
    left out of this month by the shop (``exclude_from_letters``) and was not sent this month's
    letter yet (``reprint`` includes those too). ``cards`` limits the
    batch to chosen customers ("reprint November for these 3"). The stored template is checked
    before anything else, so a broken template stops the batch before a single page is printed.
    """
    now = db.now()
    if month.start() > now:
        raise InvalidInput(
            _("{month} has not started yet; there is nothing to write about.").format(month=month)
        )
    today = local_date(now)
    start, end = month.start(), month.end()
    with db.read() as session:
        prog = programme.load_in(session)
        shop_language = letter_language(prog.shop.language, None)
        templates = {
            lang: check_template(_stored_template(session, lang)) for lang in LETTER_LANGUAGES
        }
        settings = print_settings.load_in(session)
        shop = print_settings.shop_header_in(session)
        connection = session.connection()
        customers = _customers(session, cards)
        sent_rows = connection.execute(
            select(S.c.customer_id, S.c.last_sent_at).where(S.c.month == str(month))
        ).all()
        sent = {customer_id: local_date(at) for customer_id, at in sent_rows}
        excluded = set(
            connection.execute(select(X.c.customer_id).where(X.c.month == str(month))).scalars()
        )

        skipped: list[Skipped] = []
        chosen = []
        for row in customers:
            kind = skip_kind(
                archived=row.archived_at is not None,
                consent=row.letters_consent,
                address=row.address,
                sent_on=sent.get(row.id),
                reprint=reprint,
                joined_after=row.joined_at >= end,
                excluded=row.id in excluded,
            )
            if kind is None:
                chosen.append(row)
            else:
                reason = skip_text(kind, sent.get(row.id))
                skipped.append(Skipped(row.id, row.card_number, row.name, reason, kind))
        ids = [row.id for row in chosen]

        visits = _grouped(
            connection,
            select(V.c.customer_id, func.count(V.c.id))
            .where(V.c.at >= start, V.c.at < end, V.c.reversed_at.is_(None))
            .group_by(V.c.customer_id),
            ids,
            V.c.customer_id,
        )
        earned = _grouped(
            connection,
            select(L.c.customer_id, func.sum(L.c.points))
            .where(
                L.c.at >= start,
                L.c.at < end,
                L.c.kind.in_([str(k) for k in EARNED_KINDS]),
                L.c.redemption_id.is_(None),
            )
            .group_by(L.c.customer_id),
            ids,
            L.c.customer_id,
        )
        last_12 = _grouped(
            connection,
            select(L.c.customer_id, func.sum(L.c.points))
            .where(
                L.c.kind.in_([str(k) for k in TIER_KINDS]),
                L.c.redemption_id.is_(None),
                L.c.at > now - TIER_WINDOW,
            )
            .group_by(L.c.customer_id),
            ids,
            L.c.customer_id,
        )
        window = next_expiry(month, prog.rules.expiry_months)
        expiring: dict[int, int] = {}
        if window is not None:
            before = _grouped(
                connection,
                select(L.c.customer_id, func.sum(L.c.points))
                .where(L.c.points > 0, L.c.kind != str(Kind.REVERSAL), L.c.at < window.cutoff)
                .group_by(L.c.customer_id),
                ids,
                L.c.customer_id,
            )
            original = aliased(L)
            taken_back = _grouped(
                connection,
                select(L.c.customer_id, func.sum(L.c.points))
                .join(original, L.c.reverses_id == original.c.id)
                .where(
                    L.c.kind == str(Kind.REVERSAL),
                    L.c.redemption_id.is_(None),
                    original.c.at < window.cutoff,
                )
                .group_by(L.c.customer_id),
                ids,
                L.c.customer_id,
            )
            spent = _grouped(
                connection,
                select(L.c.customer_id, -func.sum(L.c.points))
                .where(spent_entries())
                .group_by(L.c.customer_id),
                ids,
                L.c.customer_id,
            )
            for row in chosen:
                expiring[row.id] = points_to_expire(
                    before.get(row.id, 0) + taken_back.get(row.id, 0),
                    spent.get(row.id, 0),
                    row.points_balance,
                )
        birthday_period = str(mailing_month(month).year)
        birthday_points = _grouped(
            connection,
            select(L.c.customer_id, func.sum(L.c.points))
            .where(L.c.kind == str(Kind.BIRTHDAY_BONUS), L.c.period == birthday_period)
            .group_by(L.c.customer_id),
            ids,
            L.c.customer_id,
        )
        vouchers: dict[int, VoucherLine] = {}
        for chunk in _chunks(ids):
            for customer_id, code, reward, valid_until in connection.execute(
                select(R.c.customer_id, R.c.voucher_code, W.c.name, R.c.valid_until)
                .join(W, W.c.id == R.c.reward_id)
                .where(
                    and_(
                        R.c.customer_id.in_(chunk),
                        R.c.used_at.is_(None),
                        R.c.cause_id.is_(None),
                        R.c.valid_until >= today,
                    )
                )
                .order_by(R.c.at, R.c.id)
            ).all():
                vouchers[customer_id] = VoucherLine(code, reward, valid_until)  # newest wins
        catalogue = [
            CatalogueReward(name, cost, min_tier)
            for name, cost, min_tier in connection.execute(
                select(W.c.name, W.c.points_cost, W.c.min_tier_id).where(W.c.active.is_(True))
            ).all()
        ]

        favourites = products.favourites_in(connection, ids, min(now, end))
        tiers = prog.tiers
        by_id = {tier.id: tier for tier in tiers}
        letters = []
        for row in chosen:
            tier = by_id.get(row.tier_id)
            step = progress(tier, last_12.get(row.id, 0), tiers)
            can_claim = claimable(catalogue, row.points_balance, tier, tiers)
            language = letter_language(row.language, shop_language)
            address = addressing(row.name, language, row.salutation)
            letters.append(
                LetterData(
                    customer_id=row.id,
                    card_number=row.card_number,
                    name=row.name,
                    first_name=address.first_name,
                    address_lines=tuple(
                        line.strip() for line in row.address.split("\n") if line.strip()
                    ),
                    language=language,
                    visits=visits.get(row.id, 0),
                    points_earned=earned.get(row.id, 0),
                    balance=row.points_balance,
                    tier=tier.name if tier else None,
                    tier_colour=tier.colour if tier else None,
                    next_tier=step.next_tier.name if step.next_tier else None,
                    points_to_next=step.points_to_next,
                    tier_fraction=step.fraction,
                    rewards=tuple(
                        RewardLine(r.name, r.points_cost) for r in can_claim[:MAX_REWARD_LINES]
                    ),
                    more_rewards=max(0, len(can_claim) - MAX_REWARD_LINES),
                    expiring_points=expiring.get(row.id, 0),
                    birthday=is_birthday_letter(row.birthday, month),
                    birthday_bonus=birthday_points.get(row.id, 0)
                    if is_birthday_letter(row.birthday, month)
                    else 0,
                    voucher=vouchers.get(row.id),
                    reprint=row.id in sent,
                    dear=address.dear,
                    salutation=address.salutation,
                    favourite=favourites.get(row.id, ""),
                )
            )
        return LetterPlan(
            month=str(month),
            printed_on=today,
            shop=shop,
            envelope=settings.envelope,
            template=templates[shop_language],
            expiry_date=window.last_day if window else None,
            letters=letters,
            skipped=skipped,
            templates=templates,
            shop_language=shop_language,
            currency=prog.shop.currency,
        )


# --- the record of letters sent -----------------------------------------------------------


@dataclass(frozen=True)
class SentRecord:
    month: str
    first_time: int  # customers sent this month's letter for the first time
    reprinted: int  # customers who had it already (a reprint)


def record_sent(db: Database, month: Month, customer_ids: Sequence[int]) -> SentRecord:
    """Record that ``month``'s letter went to these customers (after the PDF was written or
    printed). A reprint keeps the first date and counts the copy."""
    require(db, Permission.CHANGE_DATA)
    ids = list(dict.fromkeys(customer_ids))
    now: datetime = db.now()
    key = str(month)

    def work(session: Session) -> tuple[int, int]:
        # Two tills printing the same month's letters: the second waits, then counts reprints.
        advisory_lock(session, f"letters:{key}")
        connection = session.connection()
        first = again = 0
        for chunk in _chunks(ids):
            existing = set(
                connection.execute(
                    select(S.c.customer_id).where(S.c.month == key, S.c.customer_id.in_(chunk))
                ).scalars()
            )
            new = [cid for cid in chunk if cid not in existing]
            if new:
                connection.execute(
                    insert(S),
                    [
                        {
                            "customer_id": cid,
                            "month": key,
                            "sent_at": now,
                            "last_sent_at": now,
                            "copies": 1,
                        }
                        for cid in new
                    ],
                )
            if existing:
                connection.execute(
                    update(S)
                    .where(S.c.month == key, S.c.customer_id.in_(sorted(existing)))
                    .values(copies=S.c.copies + 1, last_sent_at=now)
                )
            first += len(new)
            again += len(existing)
        audit.record(
            session, db, kind="letters.sent", subject=key,
            after={"letters": first, "reprints": again},
        )  # fmt: skip
        return first, again

    first, again = db.transaction(work)
    return SentRecord(key, first, again)


@dataclass(frozen=True)
class SentLetter:
    month: str
    sent_at: datetime
    last_sent_at: datetime
    copies: int


def letters_sent(db: Database, card_number: str) -> list[SentLetter]:
    """The months a customer's letter was printed, newest first."""
    with db.read() as session:
        connection = session.connection()
        customer_id = customer_by_card(session, card_number).id  # a merged card: the kept one
        rows = connection.execute(
            select(S.c.month, S.c.sent_at, S.c.last_sent_at, S.c.copies)
            .where(S.c.customer_id == customer_id)
            .order_by(S.c.month.desc())
        ).all()
        return [SentLetter(*row) for row in rows]


# --- the shop's exclusions ----------------------------------------------------------------


@dataclass(frozen=True)
class ExclusionChange:
    month: str
    changed: int  # customers excluded (or included again) by this call
    unchanged: int  # already so before


@dataclass(frozen=True)
class Excluded:
    card_number: str
    name: str
    at: datetime  # when the shop left them out


def _customer_ids(connection, cards: Sequence[str]) -> list[int]:  # noqa: ANN001
    """Ids for the cards, in order; an unknown card is refused before anything is written."""
    wanted = list(dict.fromkeys(clean_card_number(c) for c in cards))
    found: dict[str, int] = {}
    for i in range(0, len(wanted), _CHUNK):
        found.update(
            connection.execute(
                select(C.c.card_number, C.c.id).where(C.c.card_number.in_(wanted[i : i + _CHUNK]))
            ).all()
        )
    for card in wanted:
        if card not in found:
            raise UnknownCard(card)
    return [found[card] for card in wanted]


def exclude_from_letters(db: Database, cards: Sequence[str], month: Month) -> ExclusionChange:
    """Leave these customers out of ``month``'s letters (the shop's choice for that month; their
    consent stays as it was). Idempotent; one transaction; an unknown card writes nothing."""
    require(db, Permission.CHANGE_DATA)
    key = str(month)
    now = db.now()

    def work(session: Session) -> tuple[list[int], int]:
        advisory_lock(session, f"letter-exclusions:{key}")
        connection = session.connection()
        ids = _customer_ids(connection, cards)
        new = 0
        for chunk in _chunks(ids):
            done = set(
                connection.execute(
                    select(X.c.customer_id).where(X.c.month == key, X.c.customer_id.in_(chunk))
                ).scalars()
            )
            rows = [
                {"customer_id": cid, "month": key, "at": now} for cid in chunk if cid not in done
            ]
            if rows:
                connection.execute(insert(X), rows)
            new += len(rows)
        if new:
            audit.record(
                session, db, kind="letters.exclude", subject=key, after={"left_out": new}
            )
        return ids, new

    ids, new = db.transaction(work)
    return ExclusionChange(key, new, len(ids) - new)


def include_in_letters(db: Database, cards: Sequence[str], month: Month) -> ExclusionChange:
    """Undo ``exclude_from_letters``: these customers get ``month``'s letter again if the usual
    rules allow. Idempotent; one transaction; an unknown card writes nothing."""
    require(db, Permission.CHANGE_DATA)
    key = str(month)

    def work(session: Session) -> tuple[list[int], int]:
        advisory_lock(session, f"letter-exclusions:{key}")
        connection = session.connection()
        ids = _customer_ids(connection, cards)
        removed = 0
        for chunk in _chunks(ids):
            removed += connection.execute(
                delete(X).where(X.c.month == key, X.c.customer_id.in_(chunk))
            ).rowcount
        if removed:
            audit.record(
                session, db, kind="letters.include", subject=key, after={"back_in": removed}
            )
        return ids, removed

    ids, removed = db.transaction(work)
    return ExclusionChange(key, removed, len(ids) - removed)


def letter_exclusions(db: Database, month: Month) -> list[Excluded]:
    """Who the shop left out of ``month``'s letters, by name."""
    with db.read() as session:
        rows = session.connection().execute(
            select(C.c.card_number, C.c.name, X.c.at)
            .join(C, C.c.id == X.c.customer_id)
            .where(X.c.month == str(month))
            .order_by(C.c.name_key, C.c.id)
        )
        return [Excluded(*row) for row in rows.all()]
