"""What a printed loyalty card or voucher shows, read in one transaction each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import select

from shopkeeper.domain.calendar import local_date, local_midnight
from shopkeeper.domain.codes import clean_card_number, clean_voucher_code
from shopkeeper.domain.errors import InvalidInput, NotAllowed, UnknownCard
from shopkeeper.domain.letters import letter_language
from shopkeeper.i18n import _
from shopkeeper.services import print_settings, programme, rewards
from shopkeeper.services.print_settings import ShopHeader
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database

MAX_BATCH = 10_000


@dataclass(frozen=True)
class CardInfo:
    card_number: str
    name: str
    tier: str | None
    tier_colour: str | None
    joined_at: datetime


@dataclass(frozen=True)
class CardBatch:
    shop: ShopHeader
    layout: str  # "single", "a4" or "letter"
    cards: list[CardInfo]


@dataclass(frozen=True)
class VoucherPrint:
    shop: ShopHeader
    voucher: rewards.Voucher
    language: str = "en"  # printed in the customer's language, else the shop's


def _info(row: t.Customer, tiers: dict[int, tuple[str, str]]) -> CardInfo:
    tier = tiers.get(row.tier_id) if row.tier_id else None
    return CardInfo(
        row.card_number,
        row.name,
        tier[0] if tier else None,
        tier[1] if tier else None,
        row.joined_at,
    )


def card_batch(
    db: Database,
    *,
    card_numbers: Sequence[str] = (),
    since: date | None = None,
    layout: str | None = None,
) -> CardBatch:
    """Cards to print: the chosen cards in the order given, and/or every active customer who
    joined on or after ``since`` (oldest first). ``layout`` defaults to the shop's setting."""
    if not card_numbers and since is None:
        raise InvalidInput(
            _("Choose the cards to print: give card numbers or a date (--since).")
        )
    wanted = list(dict.fromkeys(clean_card_number(c) for c in card_numbers))
    with db.read() as session:
        settings = print_settings.load_in(session)
        layout = layout or settings.card_layout
        if layout not in print_settings.CARD_LAYOUTS:
            raise InvalidInput(
                _("Unknown card layout {layout!r}; use one of {layouts}.").format(
                    layout=layout, layouts=", ".join(print_settings.CARD_LAYOUTS)
                )
            )
        tiers = {tier.id: (tier.name, tier.colour) for tier in programme.tiers_in(session)}
        cards: list[CardInfo] = []
        if wanted:
            rows = {
                row.card_number: row
                for row in session.exec(
                    select(t.Customer).where(t.Customer.card_number.in_(wanted))
                ).all()
            }
            for card in wanted:
                if card not in rows:
                    raise UnknownCard(card)
                cards.append(_info(rows[card], tiers))
        if since is not None:
            if since > local_date(db.now()):
                raise InvalidInput(
                    _("{day} is in the future.").format(day=since.isoformat())
                )
            seen = {c.card_number for c in cards}
            rows = session.exec(
                select(t.Customer)
                .where(
                    t.Customer.joined_at >= local_midnight(since),
                    t.Customer.archived_at == None,  # noqa: E711
                )
                .order_by(t.Customer.joined_at, t.Customer.id)
                .limit(MAX_BATCH + 1)
            ).all()
            if len(rows) > MAX_BATCH:
                raise InvalidInput(
                    _("More than {n} cards since {day}; choose a later date.").format(
                        n=MAX_BATCH, day=since.isoformat()
                    )
                )
            cards.extend(_info(row, tiers) for row in rows if row.card_number not in seen)
        return CardBatch(print_settings.shop_header_in(session), layout, cards)


def voucher_print(db: Database, code: str) -> VoucherPrint:
    """A voucher ready to print. A used, expired or donation voucher is refused: printing it
    would hand out something the counter will not accept."""
    code = clean_voucher_code(code)
    with db.read() as session:
        row, voucher = rewards._voucher(session, code)  # the lookup the counter uses
        shop = print_settings.shop_header_in(session)
        customer = session.get(t.Customer, row.customer_id)
        language = letter_language(
            customer.language if customer else None, programme.load_in(session).shop.language
        )
    if voucher.cause:
        raise NotAllowed(
            _("Voucher {code} is a donation to {cause}; there is nothing to redeem.").format(
                code=voucher.code, cause=voucher.cause
            )
        )
    if voucher.used_at is not None:
        raise NotAllowed(
            _("Voucher {code} was already used on {day}.").format(
                code=voucher.code, day=local_date(voucher.used_at)
            )
        )
    if voucher.valid_until < local_date(db.now()):
        raise NotAllowed(
            _("Voucher {code} expired on {day}.").format(
                code=voucher.code, day=voucher.valid_until.isoformat()
            )
        )
    return VoucherPrint(shop, voucher, language)
