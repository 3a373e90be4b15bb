"""Programme settings as the back office edits them: shop profile with its logo, the tier ladder,
the rewards catalogue and the causes donations go to.

Changes apply from now on; the ledger is never rewritten. A change that would leave data pointing
at nothing (a tier customers hold, a reward with unused vouchers) is never refused outright nor
cascaded silently: without ``confirm=True`` it raises ``NeedsConfirmation`` whose message says
what would happen, and the face asks the owner before calling again with ``confirm=True``.
``tier_impact`` / ``reward_impact`` give the same answer without trying.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import func, update
from sqlmodel import Session, select

from shopkeeper.domain.calendar import local_date
from shopkeeper.domain.catalogue import clean_reward
from shopkeeper.domain.errors import InvalidInput, NotAllowed, UnknownRecord
from shopkeeper.domain.products import clean_category
from shopkeeper.domain.staff import Permission
from shopkeeper.domain.text import clean_line
from shopkeeper.domain.tiers import Tier, check_tier_ladder
from shopkeeper.i18n import _, ngettext, pgettext
from shopkeeper.services import audit, print_settings, programme, tier_history
from shopkeeper.services.authority import require
from shopkeeper.services.common import join_sentences
from shopkeeper.services.rewards import RewardInfo
from shopkeeper.services.tier_history import Reason
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database, advisory_lock

_COUNTRY = re.compile(r"^[A-Z]{2}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


NONE = (0, 0, 0)  # no donations yet
UNCHANGED: object = object()  # an edit that leaves this part as it is


class NeedsConfirmation(NotAllowed):
    """The change would affect existing data; ``str(error)`` explains how. Ask, then call again
    with ``confirm=True``."""


# -- shop profile ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ShopSettings:
    name: str
    address: str
    country: str
    currency: str
    logo_path: str | None


def shop_settings(db: Database) -> ShopSettings:
    with db.read() as session:
        shop = programme.load_in(session).shop
        logo = print_settings.load_in(session).logo_path
        return ShopSettings(shop.name, shop.address, shop.country, shop.currency, logo)


def save_shop(
    db: Database,
    *,
    name: str,
    address: str,
    country: str,
    currency: str,
    logo_path: str | None,
) -> ShopSettings:
    """Save the profile and the logo together (one transaction): all is checked first."""
    require(db, Permission.PROGRAMME)
    name = clean_line(name, field=_("shop name"), max_length=120)
    if not name:
        raise InvalidInput(_("The shop needs a name."))
    lines = [line.strip() for line in address.replace("\r", "").split("\n")]
    address = "\n".join(line for line in lines if line)
    country = country.strip().upper()
    if not _COUNTRY.match(country):
        raise InvalidInput(
            _("{text} is not a country code; use two letters such as LT or CN.").format(
                text=repr(country)
            )
        )
    currency = currency.strip().upper()
    if not _CURRENCY.match(currency):
        raise InvalidInput(
            _("{text} is not a currency code; use three letters such as EUR.").format(
                text=repr(currency)
            )
        )
    with db.write() as session:
        advisory_lock(session, "settings")  # read-modify-write: one till at a time
        current = asdict(print_settings.load_in(session))
        logo_before = current["logo_path"]
        current["logo_path"] = logo_path.strip() if logo_path and logo_path.strip() else None
        printing = print_settings._check(print_settings.PrintSettings(**current))
        # update_shop_in keeps what this form does not show (language, shop_id)
        shop_before = asdict(programme.load_in(session).shop)
        shop = programme.update_shop_in(
            session, name=name, address=address, country=country, currency=currency
        )
        programme._write_json(session, print_settings.SETTING_KEY, asdict(printing))
        audit.record_changes(
            session, db, kind="programme.shop",
            before={**shop_before, "logo_path": logo_before},
            after={**asdict(shop), "logo_path": printing.logo_path},
        )  # fmt: skip
        return ShopSettings(name, address, country, currency, printing.logo_path)


# -- tiers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RemovedTier:
    name: str
    customers: int  # who hold it now
    rewards: tuple[str, ...]  # rewards for its members and above
    moves_to: str | None  # where they go (None: no tier / every customer)


@dataclass(frozen=True)
class TierImpact:
    removed: tuple[RemovedTier, ...]

    @property
    def needs_confirmation(self) -> bool:
        return any(r.customers or r.rewards for r in self.removed)

    def message(self) -> str:
        parts = []
        for r in self.removed:
            if r.customers and r.moves_to:
                parts.append(
                    ngettext(
                        "{n} customer holds {tier}; they move to {target} now (the month-end "
                        "review then places them by their points as usual).",
                        "{n} customers hold {tier}; they move to {target} now (the month-end "
                        "review then places them by their points as usual).",
                        r.customers,
                    ).format(n=r.customers, tier=r.name, target=r.moves_to)
                )
            elif r.customers:
                parts.append(
                    ngettext(
                        "{n} customer holds {tier}; they move to no tier now (the month-end "
                        "review then places them by their points as usual).",
                        "{n} customers hold {tier}; they move to no tier now (the month-end "
                        "review then places them by their points as usual).",
                        r.customers,
                    ).format(n=r.customers, tier=r.name)
                )
            rewards = pgettext("list separator", ", ").join(r.rewards)
            if r.rewards and r.moves_to:
                parts.append(
                    _("{rewards} will be for {tier} members and above.").format(
                        rewards=rewards, tier=r.moves_to
                    )
                )
            elif r.rewards:
                parts.append(_("{rewards} will be for every customer.").format(rewards=rewards))
        parts.append(_("Points already earned stay in the ledger."))
        return join_sentences(parts)


def _target(removed_threshold: int, ladder: Sequence[Tier]) -> Tier | None:
    """The highest tier of the new ladder at or below the removed one's threshold."""
    below = [x for x in ladder if x.threshold <= removed_threshold]
    return below[-1] if below else None


def _impact_in(session: Session, tiers: Sequence[Tier]) -> tuple[TierImpact, list[t.Tier]]:
    existing = session.exec(select(t.Tier)).all()
    keep = {x.id for x in tiers if x.id}
    removed_rows = [row for row in existing if row.id not in keep]
    removed = []
    for row in removed_rows:
        held = session.exec(
            select(func.count()).select_from(t.Customer).where(t.Customer.tier_id == row.id)
        ).one()
        rewards = session.exec(
            select(t.Reward.name).where(t.Reward.min_tier_id == row.id).order_by(t.Reward.name)
        ).all()
        target = _target(row.threshold, tiers)
        removed.append(
            RemovedTier(row.name, int(held), tuple(rewards), target.name if target else None)
        )
    return TierImpact(tuple(removed)), removed_rows


def _check_tiers(tiers: Sequence[Tier]) -> None:
    names = [x.name.strip() for x in tiers]
    if any(not n for n in names):
        raise InvalidInput(_("Every tier needs a name."))
    if len({n.casefold() for n in names}) != len(names):
        raise InvalidInput(_("Two tiers have the same name."))
    for x in tiers:
        if not _COLOUR.match(x.colour):
            raise InvalidInput(
                _("The colour of {tier} must look like #c9a227.").format(tier=x.name)
            )
    check_tier_ladder(tiers)


def tier_impact(db: Database, tiers: Sequence[Tier]) -> TierImpact:
    """What saving this ladder would do to customers and rewards of the tiers it drops."""
    _check_tiers(tiers)
    with db.read() as session:
        return _impact_in(session, tiers)[0]


def save_tiers(db: Database, tiers: Sequence[Tier], *, confirm: bool = False) -> list[Tier]:
    """Save the ladder in the order given (ids of existing tiers kept, new ones with id 0).

    Thresholds must increase in that order. Dropping a tier that customers hold or a reward
    needs asks first (``NeedsConfirmation``); confirmed, its customers and rewards move to the
    highest remaining tier at or below it. Nothing is written unless everything is valid.
    """
    require(db, Permission.PROGRAMME)
    _check_tiers(tiers)
    with db.write() as session:
        advisory_lock(session, "settings")  # read-modify-write: one till at a time
        impact, removed_rows = _impact_in(session, tiers)
        if impact.needs_confirmation and not confirm:
            raise NeedsConfirmation(impact.message())
        ladder_before = programme.ladder_in(session)
        existing = {row.id: row for row in session.exec(select(t.Tier)).all()}
        saved: list[Tier] = []
        for position, tier in enumerate(tiers):
            row = existing.get(tier.id) if tier.id else None
            if tier.id and row is None:
                raise UnknownRecord(_("There is no tier number {id}.").format(id=tier.id))
            if row is None:
                row = t.Tier(name=tier.name, threshold=tier.threshold)
            row.name, row.threshold = tier.name.strip(), tier.threshold
            row.multiplier, row.colour, row.position = str(tier.multiplier), tier.colour, position
            session.add(row)
            session.flush()
            saved.append(Tier(row.id, row.name, row.threshold, tier.multiplier, row.colour))
        now = db.now()
        for row in removed_rows:
            target = _target(row.threshold, saved)
            new_id = target.id if target else None
            holders = session.exec(select(t.Customer.id).where(t.Customer.tier_id == row.id)).all()
            tier_history.record(
                session.connection(),
                (
                    tier_history.change_row(cid, now, row.id, target, Reason.SETTINGS)
                    for cid in holders
                ),
            )
            session.execute(
                update(t.Customer).where(t.Customer.tier_id == row.id).values(tier_id=new_id)
            )
            session.execute(
                update(t.Reward).where(t.Reward.min_tier_id == row.id).values(min_tier_id=new_id)
            )
            session.delete(row)
        session.flush()
        programme.record_ladder(session, db, ladder_before)
        return programme.tiers_in(session)


# -- rewards --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RewardImpact:
    reward: str
    open_vouchers: int  # unused and unexpired
    latest_valid_until: date | None

    def message(self) -> str:
        if not self.open_vouchers:
            return ""
        return ngettext(
            "{n} customer voucher for {reward} is not used yet. Deactivated, the reward can no "
            "longer be chosen, but those vouchers stay valid until they expire (the last on "
            "{day}).",
            "{n} customer vouchers for {reward} are not used yet. Deactivated, the reward can no "
            "longer be chosen, but those vouchers stay valid until they expire (the last on "
            "{day}).",
            self.open_vouchers,
        ).format(
            n=self.open_vouchers, reward=self.reward, day=self.latest_valid_until.isoformat()
        )


def _reward_impact_in(session: Session, row: t.Reward, today: date) -> RewardImpact:
    count, latest = session.exec(
        select(func.count(), func.max(t.Redemption.valid_until)).where(
            t.Redemption.reward_id == row.id,
            t.Redemption.used_at == None,  # noqa: E711
            t.Redemption.valid_until >= today,
        )
    ).one()
    return RewardImpact(row.name, int(count), latest)


def reward_impact(db: Database, reward_id: int) -> RewardImpact:
    """The open vouchers deactivating this reward would leave behind."""
    with db.read() as session:
        row = session.get(t.Reward, reward_id)
        if row is None:
            raise UnknownRecord(_("There is no reward number {id}.").format(id=reward_id))
        return _reward_impact_in(session, row, local_date(db.now()))


def _cause_row(session: Session, cause: str | None) -> t.Cause | None:
    if not cause or not cause.strip():
        return None
    name = clean_line(cause, field=_("cause"), max_length=120)
    row = session.exec(select(t.Cause).where(t.Cause.name == name)).first()
    if row is None:
        row = t.Cause(name=name)
        session.add(row)
        session.flush()
    return row


def _reward_fields(row: t.Reward) -> dict[str, object]:
    return {
        "reward": row.id, "name": row.name, "points_cost": row.points_cost,
        "value_cents": row.value_cents, "valid_days": row.valid_days,
        "min_tier": row.min_tier_id, "active": row.active, "cause": row.cause_id,
    }  # fmt: skip


def update_reward(
    db: Database,
    reward_id: int,
    *,
    name: str,
    points_cost: int,
    value_cents: int,
    valid_days: int,
    min_tier_id: int | None,
    active: bool,
    cause: str | None,
    confirm: bool = False,
    category: str | None | object = UNCHANGED,
) -> RewardInfo:
    """Edit a catalogue entry. Vouchers already issued keep their points and dates; deactivating
    a reward that has open vouchers asks first (``NeedsConfirmation``). ``category`` left out
    keeps the reward's; None or "" makes it for any purchase."""
    require(db, Permission.PROGRAMME)
    name = clean_reward(name, points_cost, value_cents, valid_days)
    if category is not UNCHANGED:
        category = clean_category(category)  # type: ignore[arg-type]
    with db.write() as session:
        advisory_lock(session, "settings")  # read-modify-write: one till at a time
        row = session.get(t.Reward, reward_id)
        if row is None:
            raise UnknownRecord(_("There is no reward number {id}.").format(id=reward_id))
        if min_tier_id is not None and session.get(t.Tier, min_tier_id) is None:
            raise UnknownRecord(_("There is no tier number {id}.").format(id=min_tier_id))
        if row.active and not active and not confirm:
            impact = _reward_impact_in(session, row, local_date(db.now()))
            if impact.open_vouchers:
                raise NeedsConfirmation(impact.message())
        cause_row = _cause_row(session, cause)
        before = _reward_fields(row)
        row.name, row.points_cost, row.value_cents = name, points_cost, value_cents
        row.valid_days, row.min_tier_id, row.active = valid_days, min_tier_id, active
        row.cause_id = cause_row.id if cause_row else None
        if category is not UNCHANGED:
            row.category = category  # type: ignore[assignment]
        session.add(row)
        session.flush()
        audit.record_changes(
            session, db, kind="programme.reward", before=before, after=_reward_fields(row)
        )
        tiers = {x.id: x.name for x in programme.tiers_in(session)}
        return RewardInfo(
            row.id,
            row.name,
            row.points_cost,
            row.value_cents,
            tiers.get(row.min_tier_id),
            row.active,
            row.valid_days,
            cause_row.name if cause_row else None,
            row.category,
        )


@dataclass(frozen=True)
class RewardSettings:
    """A catalogue entry as the editor needs it (ids, not names, for tier and cause)."""

    id: int
    name: str
    points_cost: int
    value_cents: int
    min_tier_id: int | None
    active: bool
    valid_days: int
    cause: str | None
    category: str | None = None  # for any product of this category (products' categories)


def reward_settings(db: Database) -> list[RewardSettings]:
    """Every reward, inactive ones too, cheapest first."""
    with db.read() as session:
        causes = {c.id: c.name for c in session.exec(select(t.Cause)).all()}
        rows = session.exec(select(t.Reward).order_by(t.Reward.points_cost, t.Reward.name)).all()
        return [
            RewardSettings(
                r.id,
                r.name,
                r.points_cost,
                r.value_cents,
                r.min_tier_id,
                r.active,
                r.valid_days,
                causes.get(r.cause_id),
                r.category,
            )
            for r in rows
        ]


# -- causes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CauseInfo:
    id: int
    name: str
    active: bool
    rewards: int  # catalogue entries donating to it
    donations: int
    points: int
    value_cents: int  # what customers have given so far


def list_causes(db: Database) -> list[CauseInfo]:
    """The causes with what customers have given to each so far."""
    with db.read() as session:
        given = {
            cause_id: (int(n), int(points or 0), int(value or 0))
            for cause_id, n, points, value in session.exec(
                select(
                    t.Redemption.cause_id,
                    func.count(),
                    func.sum(t.Redemption.points),
                    func.sum(t.Redemption.value_cents),
                )
                .where(t.Redemption.cause_id != None)  # noqa: E711
                .group_by(t.Redemption.cause_id)
            ).all()
        }
        rewards = dict(
            session.exec(
                select(t.Reward.cause_id, func.count())
                .where(t.Reward.cause_id != None)  # noqa: E711
                .group_by(t.Reward.cause_id)
            ).all()
        )
        return [
            CauseInfo(
                c.id, c.name, c.active, int(rewards.get(c.id, 0)), *given.get(c.id, (0, 0, 0))
            )
            for c in session.exec(select(t.Cause).order_by(t.Cause.name)).all()
        ]


def add_cause(db: Database, name: str) -> CauseInfo:
    require(db, Permission.PROGRAMME)
    with db.write() as session:
        advisory_lock(session, "settings")  # read-modify-write: one till at a time
        clean = clean_line(name, field=_("cause"), max_length=120)
        if not clean:
            raise InvalidInput(_("The cause needs a name."))
        if session.exec(select(t.Cause).where(t.Cause.name == clean)).first() is not None:
            raise InvalidInput(_("The cause {cause} is already listed.").format(cause=clean))
        row = t.Cause(name=clean)
        session.add(row)
        session.flush()
        audit.record_changes(
            session, db, kind="programme.cause",
            before={}, after={"cause": row.id, "name": clean, "active": True},
        )  # fmt: skip
        return CauseInfo(row.id, row.name, True, 0, 0, 0, 0)


def set_cause_active(db: Database, cause_id: int, active: bool) -> None:
    """A retired cause keeps its history (what was given); its rewards stay as they are."""
    require(db, Permission.PROGRAMME)
    with db.write() as session:
        advisory_lock(session, "settings")  # read-modify-write: one till at a time
        row = session.get(t.Cause, cause_id)
        if row is None:
            raise UnknownRecord(_("There is no cause number {id}.").format(id=cause_id))
        was, row.active = row.active, active
        session.add(row)
        audit.record_changes(
            session, db, kind="programme.cause",
            before={"cause": row.id, "active": was}, after={"cause": row.id, "active": active},
        )  # fmt: skip
