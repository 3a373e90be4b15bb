"""The shop's programme: shop profile, earning rules, tiers and the rewards catalogue.

Every shop has a ``shop_id`` (a UUID given at creation, or by migration 0009) that never
changes: a restore compares it to tell the shop's own backups from another shop's file.
A change of the earning rules is recorded with its date and who made it (``rule_change``) and
applies to points earned after it; ``rules_history`` gives the record, which expiry reads.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from decimal import Decimal
from functools import lru_cache

from sqlalchemy import Connection
from sqlalchemy import select as sa_select
from sqlmodel import Session, select

from shopkeeper.domain.codes import check_card_pattern
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.rules import EarningRules
from shopkeeper.domain.shop import (
    FALLBACK_COUNTRY,
    FALLBACK_CURRENCY,
    FALLBACK_LANGUAGE,
    ShopLocale,
    check_country,
    check_currency,
    check_language,
)
from shopkeeper.domain.staff import Permission
from shopkeeper.domain.text import clean_line
from shopkeeper.domain.tiers import Tier, check_tier_ladder
from shopkeeper.i18n import LANGUAGES, N_, _, babel_locale, ngettext, speaking
from shopkeeper.present.numbers import money
from shopkeeper.services import audit
from shopkeeper.services.authority import acting_name, require
from shopkeeper.storage import search as search_index
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database, advisory_lock
from shopkeeper.storage.prepared import Prepared

_log = logging.getLogger(__name__)
MAX_CHANGED_BY = 80


@dataclass(frozen=True)
class ShopProfile:
    name: str = "My Shop"
    address: str = ""
    country: str = FALLBACK_COUNTRY  # default region for phone numbers
    currency: str = FALLBACK_CURRENCY
    language: str = FALLBACK_LANGUAGE  # BCP 47: en, lt, zh-Hans, zh-Hant
    shop_id: str = ""  # a UUID; "" only in a profile not stored yet
    # Cards brought from an earlier system: a regular expression the whole card matches. The
    # counter takes text for a card only in the shop's own format or this one.
    card_pattern: str = ""


@dataclass(frozen=True)
class RuleChangeInfo:
    at: datetime
    rules: EarningRules
    changed_by: str | None
    changed: tuple[str, ...]  # the rules that differ from the previous record; () for the first


@dataclass(frozen=True)
class Programme:
    shop: ShopProfile
    rules: EarningRules
    tiers: list[Tier]  # sorted by threshold


# A new shop's programme: seeded in English, named in the shop's language when the shop is set up
# in it (``default_names_in``: the first-run welcome, ``shop init``, a demo of a country).
DEFAULT_TIERS = [
    (N_("Bronze"), 0, "1", "#b0703c"),
    (N_("Silver"), 250, "1.25", "#8a9597"),
    (N_("Gold"), 750, "1.5", "#c9a227"),
]
DEFAULT_REWARDS = [
    # name, points, value in cents, days valid; "{amount}" is the value in the shop's money
    (N_("Free coffee"), 100, 250, 90),
    (N_("Cake of your choice"), 250, 600, 90),
    (N_("{amount} off"), 400, 1000, 60),
]


def _default_name(name: str, value_cents: int, currency: str, language: str) -> str:
    with speaking(language):
        return _(name).format(amount=money(value_cents, currency, babel_locale(language)))


def default_names_in(session: Session, language: str, currency: str) -> int:
    """Name the default tiers and rewards in ``language`` where they still carry a default
    name of any language (a shop's own names are never touched): a Lithuanian shop starts with
    "Auksinis" and "Nemokama kava", a Taiwanese one with "金卡". Returns how many were renamed."""
    renamed = 0
    tiers = {row.name: row for row in session.exec(select(t.Tier)).all()}
    for name, *_rest in DEFAULT_TIERS:
        for tag in LANGUAGES:
            row = tiers.get(_default_name(name, 0, currency, tag))
            wanted = _default_name(name, 0, currency, language)
            if row is not None and row.name != wanted:
                row.name, renamed = wanted, renamed + 1
                break
    rewards = session.exec(select(t.Reward)).all()
    for name, _cost, value, _days in DEFAULT_REWARDS:
        wanted = _default_name(name, value, currency, language)
        defaults = {_default_name(name, value, c, tag) for tag in LANGUAGES for c in _CURRENCIES}
        defaults.add(_SEEDED.get(name, name))
        for row in rewards:
            if row.name in defaults and row.value_cents == value and row.name != wanted:
                row.name, renamed = wanted, renamed + 1
    return renamed


_CURRENCIES = ("EUR", "CNY", "TWD", "GBP", "USD")  # a shop's first currency, before it chose
_SEEDED = {"{amount} off": "10 EUR off"}  # the English name a new database is seeded with


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


def _stored_rules(rules: EarningRules) -> dict:
    stored = asdict(rules)
    stored["points_per_unit"] = str(stored["points_per_unit"])
    return stored


def _rules_from(data: dict) -> EarningRules:
    known = {f.name for f in fields(EarningRules)}
    values = {k: v for k, v in data.items() if k in known}
    if "points_per_unit" in values:
        values["points_per_unit"] = Decimal(str(values["points_per_unit"]))
    return EarningRules(**values)


_TIER = t.Tier.__table__
# Prebuilt, plain columns: read on every scan at the counter (``customer_summary``).
_TIERS = Prepared(
    sa_select(
        _TIER.c.id, _TIER.c.name, _TIER.c.threshold, _TIER.c.multiplier, _TIER.c.colour
    ).order_by(_TIER.c.threshold)
)


def tiers_in(session: Session) -> list[Tier]:
    return tiers_on(session.connection())


def tiers_on(connection: Connection) -> list[Tier]:
    rows = _TIERS.all(connection)
    return list(_tiers_of(tuple(tuple(r) for r in rows)))


@lru_cache(maxsize=16)
def _tiers_of(rows: tuple[tuple, ...]) -> tuple[Tier, ...]:
    return tuple(Tier(i, name, low, Decimal(rate), colour) for i, name, low, rate, colour in rows)


_SETTING = t.Setting.__table__
# Both settings in one row, read on every booking and scan.
_PROGRAMME_TEXTS = sa_select(
    sa_select(_SETTING.c.value).where(_SETTING.c.key == "shop").scalar_subquery(),
    sa_select(_SETTING.c.value).where(_SETTING.c.key == "earning").scalar_subquery(),
)


@lru_cache(maxsize=16)
def _profile_of(text: str | None) -> ShopProfile:
    """Parsed once per stored text (frozen, so shared safely): the counter reads the programme
    on every booking and scan, and it changes a few times a year."""
    shop = json.loads(text) if text else {}
    known = {f.name for f in fields(ShopProfile)}
    return ShopProfile(**{k: v for k, v in shop.items() if k in known})


@lru_cache(maxsize=16)
def _rules_of(text: str | None) -> EarningRules:
    return _rules_from(json.loads(text) if text else {})


def load_in(session: Session) -> Programme:
    session.flush()  # a change made earlier in this unit of work is read back as it now is
    shop_text, earning_text = session.connection().execute(_PROGRAMME_TEXTS).one()
    return Programme(
        shop=_profile_of(shop_text), rules=_rules_of(earning_text), tiers=tiers_in(session)
    )


def load(db: Database) -> Programme:
    with db.read() as session:
        return load_in(session)


def ensure_defaults(
    db: Database,
    *,
    shop_name: str | None = None,
    country: str | None = None,
    defaults: ShopLocale | None = None,
) -> bool:
    """Give a brand-new database a working programme (tiers, rewards, settings), its
    ``shop_id``, and the country, currency and language of ``defaults`` (the machine's locale,
    read by the composition root). Returns whether anything was written; an existing shop is
    never touched."""
    with db.write() as session:
        advisory_lock(session, "settings")  # read-modify-write: one till at a time
        if session.get(t.Setting, "shop") is not None:
            return False
        local = defaults or ShopLocale(FALLBACK_COUNTRY, FALLBACK_CURRENCY, FALLBACK_LANGUAGE)
        profile = ShopProfile(
            name=shop_name or ShopProfile.name,
            country=check_country(country or local.country),
            currency=local.currency,
            language=local.language,
            shop_id=str(uuid.uuid4()),
        )
        _write_json(session, "shop", asdict(profile))
        rules = _stored_rules(EarningRules())
        _write_json(session, "earning", rules)
        session.add(t.RuleChange(at=db.now(), rules=json.dumps(rules, sort_keys=True)))
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
                shown = _SEEDED.get(name, name)  # English until the shop is set up in its language
                session.add(
                    t.Reward(name=shown, points_cost=cost, value_cents=value, valid_days=days)
                )
        return True


def update_shop_in(session: Session, **changes: str) -> ShopProfile:
    """``update_shop`` inside the caller's transaction (the demo shop names itself this way)."""
    current = asdict(load_in(session).shop)
    unknown = set(changes) - (set(current) - {"shop_id"})
    if unknown:
        raise InvalidInput(
            ngettext(
                "Unknown shop setting: {names}.", "Unknown shop settings: {names}.", len(unknown)
            ).format(names=", ".join(sorted(unknown)))
        )
    current.update({k: v for k, v in changes.items() if v is not None})
    current["name"] = clean_line(str(current["name"]), field=_("shop name"), max_length=120)
    if not current["name"]:
        raise InvalidInput(_("The shop needs a name."))
    current["country"] = check_country(str(current["country"]))
    current["currency"] = check_currency(str(current["currency"]))
    current["language"] = check_language(str(current["language"]))
    if not current["shop_id"]:  # a profile written before shop ids: give it one now
        current["shop_id"] = str(uuid.uuid4())
    current["card_pattern"] = check_card_pattern(str(current.get("card_pattern", "")))
    before = _read_json(session, "shop").get("language")
    _write_json(session, "shop", current)
    if current["language"] != before:  # names sort by the shop's language: their keys follow
        session.flush()
        search_index.rebuild_sort_keys(session.connection(), current["language"])
    return ShopProfile(**current)


def update_shop(db: Database, **changes: str | None) -> ShopProfile:
    """Change the shop profile (name, address, country, currency, language); ``None`` keeps a
    value. The ``shop_id`` never changes."""
    require(db, Permission.PROGRAMME)
    with db.write() as session:
        advisory_lock(session, "settings")  # read-modify-write: one till at a time
        before = load_in(session).shop
        shop = update_shop_in(session, **changes)
        audit.record_changes(
            session, db, kind="programme.shop", before=asdict(before), after=asdict(shop)
        )
    changed = [k for k in ("name", "country", "currency", "language") if
               getattr(before, k) != getattr(shop, k)]
    if changed:
        _log.info("shop settings changed: %s", ", ".join(
            f"{k} {getattr(before, k)!r} -> {getattr(shop, k)!r}" for k in changed))
    return shop


def ladder_in(session: Session) -> list[dict]:
    """The tier ladder as the audit log shows it."""
    return [
        {"id": x.id, "name": x.name, "threshold": x.threshold, "multiplier": str(x.multiplier),
         "colour": x.colour}
        for x in tiers_in(session)
    ]  # fmt: skip


def record_ladder(session: Session, db: Database, before: list[dict]) -> None:
    """An audit row for a changed tier ladder (the whole ladder before -> after)."""
    session.flush()
    after = ladder_in(session)
    if after != before:
        audit.record(session, db, kind="programme.tiers", before={"tiers": before},
                     after={"tiers": after})  # fmt: skip


def _clean_by(changed_by: str | None) -> str | None:
    if changed_by is None:
        return None
    return clean_line(changed_by, field=_("name of who made the change"),
                      max_length=MAX_CHANGED_BY) or None


def update_rules(db: Database, *, changed_by: str | None = None, **changes: object) -> EarningRules:
    """Change earning rules. They apply to points earned from now on: points already earned
    keep the rules they were earned under (expiry included). The change is recorded with the
    shop clock's time and ``changed_by`` (free text until staff accounts exist)."""
    require(db, Permission.PROGRAMME)
    changed_by = acting_name(db, changed_by)
    by = _clean_by(changed_by)
    with db.write() as session:
        advisory_lock(session, "settings")  # read-modify-write: one till at a time
        before = load_in(session).rules
        current = asdict(before)
        unknown = set(changes) - set(current)
        if unknown:
            raise InvalidInput(
                ngettext(
                    "Unknown earning rule: {names}.", "Unknown earning rules: {names}.",
                    len(unknown),
                ).format(names=", ".join(sorted(unknown)))
            )
        current.update(changes)
        rules = _rules_from(current)  # validates
        if rules == before:
            return rules
        stored = _stored_rules(rules)
        _write_json(session, "earning", stored)
        session.add(
            t.RuleChange(at=db.now(), rules=json.dumps(stored, sort_keys=True), changed_by=by)
        )
        audit.record_changes(
            session, db, kind="programme.rules", before=asdict(before), after=asdict(rules)
        )
    changed = _differences(before, rules)
    _log.info(
        "earning rules changed by %s: %s",
        by or "(not given)",
        ", ".join(f"{k} {getattr(before, k)} -> {getattr(rules, k)}" for k in changed),
    )
    return rules


def _differences(before: EarningRules | None, after: EarningRules) -> tuple[str, ...]:
    return tuple(
        f.name
        for f in fields(EarningRules)
        if before is None or getattr(before, f.name) != getattr(after, f.name)
    )


def rules_history_in(session: Session) -> list[RuleChangeInfo]:
    """Every recorded rule set, oldest first. The first one also covers the points earned
    before it was recorded (a shop upgraded from before the record keeps its rules)."""
    rows = session.exec(select(t.RuleChange).order_by(t.RuleChange.at, t.RuleChange.id)).all()
    out: list[RuleChangeInfo] = []
    previous = None
    for row in rows:
        rules = _rules_from(json.loads(row.rules))
        changed = _differences(previous, rules) if previous is not None else ()
        out.append(RuleChangeInfo(row.at, rules, row.changed_by, changed))
        previous = rules
    return out


def rules_history(db: Database) -> list[RuleChangeInfo]:
    with db.read() as session:
        return rules_history_in(session)


def replace_tiers(db: Database, tiers: list[Tier]) -> list[Tier]:
    """Save the tier ladder (ids of existing tiers kept, new ones with id 0). Thresholds must
    increase. A tier that customers hold cannot be removed here."""
    require(db, Permission.PROGRAMME)
    check_tier_ladder(tiers)
    with db.write() as session:
        advisory_lock(session, "settings")  # read-modify-write: one till at a time
        ladder_before = ladder_in(session)
        existing = {row.id: row for row in session.exec(select(t.Tier)).all()}
        keep = {tier.id for tier in tiers if tier.id}
        for tier_id, row in existing.items():
            if tier_id in keep:
                continue
            held = session.exec(select(t.Customer.id).where(t.Customer.tier_id == tier_id)).first()
            if held is not None:
                raise InvalidInput(
                    _("Customers hold the tier {tier}; it cannot be removed.").format(
                        tier=row.name
                    )
                )
            needs = session.exec(select(t.Reward).where(t.Reward.min_tier_id == tier_id)).first()
            if needs is not None:  # else the foreign key fails with no message a user can read
                raise InvalidInput(
                    _("The reward {reward} is for {tier} members; change it first.").format(
                        reward=needs.name, tier=row.name
                    )
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
        record_ladder(session, db, ladder_before)
        return tiers_in(session)
