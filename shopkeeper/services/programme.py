"""The shop's programme: shop profile, earning rules, tiers and the rewards catalogue."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from decimal import Decimal

from sqlmodel import Session, select

from shopkeeper.domain.codes import check_card_pattern
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.rules import EarningRules
from shopkeeper.domain.tiers import Tier, check_tier_ladder
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database


@dataclass(frozen=True)
class ShopProfile:
    name: str = "My Shop"
    address: str = ""
    country: str = "LT"  # default region for phone numbers
    currency: str = "EUR"
    # Cards brought from an earlier system: a regular expression the whole card matches. The
    # counter takes text for a card only in the shop's own format or this one.
    card_pattern: str = ""


@dataclass(frozen=True)
class Programme:
    shop: ShopProfile
    rules: EarningRules
    tiers: list[Tier]  # sorted by threshold


DEFAULT_TIERS = [
    ("Bronze", 0, "1", "#b0703c"),
    ("Silver", 250, "1.25", "#8a9597"),
    ("Gold", 750, "1.5", "#c9a227"),
]
DEFAULT_REWARDS = [
    # name, points, value in cents, days valid
    ("Free coffee", 100, 250, 90),
    ("Cake of your choice", 250, 600, 90),
    ("10 EUR off", 400, 1000, 60),
]


def _read_json(session: Session, key: str) -> dict:
    row = session.get(t.Setting, key)
    return json.loads(row.value) if row else {}


def _write_json(session: Session, key: str, value: dict) -> None:
    row = session.get(t.Setting, key)
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if row is None:
        session.add(t.Setting(key=key, value=text))
    else:
        row.value = text


def _rules_from(data: dict) -> EarningRules:
    known = {f.name for f in fields(EarningRules)}
    values = {k: v for k, v in data.items() if k in known}
    if "points_per_unit" in values:
        values["points_per_unit"] = Decimal(str(values["points_per_unit"]))
    return EarningRules(**values)


def tiers_in(session: Session) -> list[Tier]:
    rows = session.exec(select(t.Tier).order_by(t.Tier.threshold)).all()
    return [Tier(r.id, r.name, r.threshold, Decimal(r.multiplier), r.colour) for r in rows]


def load_in(session: Session) -> Programme:
    shop = _read_json(session, "shop")
    known = {f.name for f in fields(ShopProfile)}
    return Programme(
        shop=ShopProfile(**{k: v for k, v in shop.items() if k in known}),
        rules=_rules_from(_read_json(session, "earning")),
        tiers=tiers_in(session),
    )


def load(db: Database) -> Programme:
    with db.read() as session:
        return load_in(session)


def ensure_defaults(
    db: Database, *, shop_name: str | None = None, country: str | None = None
) -> bool:
    """Give a brand-new database a working programme (tiers, rewards, settings). Returns whether
    anything was written; an existing shop is never touched."""
    with db.write() as session:
        if session.get(t.Setting, "shop") is not None:
            return False
        profile = ShopProfile(
            name=shop_name or ShopProfile.name, country=(country or ShopProfile.country).upper()
        )
        _write_json(session, "shop", asdict(profile))
        rules = asdict(EarningRules())
        rules["points_per_unit"] = str(rules["points_per_unit"])
        _write_json(session, "earning", rules)
        if session.exec(select(t.Tier)).first() is None:
            for position, (name, threshold, multiplier, colour) in enumerate(DEFAULT_TIERS):
                session.add(
                    t.Tier(
                        name=name,
                        threshold=threshold,
                        multiplier=multiplier,
                        colour=colour,
                        position=position,
                    )
                )
        if session.exec(select(t.Reward)).first() is None:
            for name, cost, value, days in DEFAULT_REWARDS:
                session.add(
                    t.Reward(name=name, points_cost=cost, value_cents=value, valid_days=days)
                )
        return True


def update_shop_in(session: Session, **changes: str) -> ShopProfile:
    """``update_shop`` inside the caller's transaction (the demo shop names itself this way)."""
    current = asdict(load_in(session).shop)
    unknown = set(changes) - set(current)
    if unknown:
        raise InvalidInput(f"Unknown shop setting: {', '.join(sorted(unknown))}.")
    current.update(changes)
    if not str(current["name"]).strip():
        raise InvalidInput("The shop needs a name.")
    current["country"] = str(current["country"]).upper()
    current["card_pattern"] = check_card_pattern(str(current.get("card_pattern", "")))
    _write_json(session, "shop", current)
    return ShopProfile(**current)


def update_shop(db: Database, **changes: str) -> ShopProfile:
    """Change the shop profile (name, address, country, currency)."""
    with db.write() as session:
        return update_shop_in(session, **changes)


def update_rules(db: Database, **changes: object) -> EarningRules:
    """Change earning rules. Applies from now on: points already earned stay in the ledger."""
    with db.write() as session:
        current = asdict(load_in(session).rules)
        unknown = set(changes) - set(current)
        if unknown:
            raise InvalidInput(f"Unknown earning rule: {', '.join(sorted(unknown))}.")
        current.update(changes)
        rules = _rules_from(current)  # validates
        stored = asdict(rules)
        stored["points_per_unit"] = str(stored["points_per_unit"])
        _write_json(session, "earning", stored)
        return rules


def replace_tiers(db: Database, tiers: list[Tier]) -> list[Tier]:
    """Save the tier ladder (ids of existing tiers kept, new ones with id 0). Thresholds must
    increase. A tier that customers hold cannot be removed here."""
    check_tier_ladder(tiers)
    with db.write() as session:
        existing = {row.id: row for row in session.exec(select(t.Tier)).all()}
        keep = {tier.id for tier in tiers if tier.id}
        for tier_id, row in existing.items():
            if tier_id in keep:
                continue
            held = session.exec(select(t.Customer.id).where(t.Customer.tier_id == tier_id)).first()
            if held is not None:
                raise InvalidInput(f"Customers hold the tier {row.name}; it cannot be removed.")
            needs = session.exec(select(t.Reward).where(t.Reward.min_tier_id == tier_id)).first()
            if needs is not None:  # else the foreign key fails with no message a user can read
                raise InvalidInput(
                    f"The reward {needs.name} is for {row.name} members; change it first."
                )
            session.delete(row)
        for position, tier in enumerate(tiers):
            row = existing.get(tier.id) if tier.id else None
            if row is None:
                row = t.Tier(name=tier.name, threshold=tier.threshold)
                session.add(row)
            row.name, row.threshold = tier.name, tier.threshold
            row.multiplier, row.colour, row.position = str(tier.multiplier), tier.colour, position
        session.flush()
        return tiers_in(session)
