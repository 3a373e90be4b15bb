"""The shop's printing settings: card layout, envelope window, logo. Stored in the ``setting``
table under ``printing`` as JSON, like the rest of the shop's settings."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from sqlmodel import Session

from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.staff import Permission
from shopkeeper.i18n import _
from shopkeeper.services import audit, programme
from shopkeeper.services.authority import require
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database, advisory_lock

SETTING_KEY = "printing"
CARD_LAYOUTS = ("single", "a4", "letter")  # one card per page, or sheets of ten
ENVELOPES = ("din5008", "us10")  # DIN 5008 form B on A4 / US #10 window on US Letter
US_PAPER_COUNTRIES = {"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PA", "DO", "PR"}
LOGO_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp"}


@dataclass(frozen=True)
class PrintSettings:
    card_layout: str = "single"
    envelope: str = "din5008"
    logo_path: str | None = None


@dataclass(frozen=True)
class ShopHeader:
    """What printed things say about the shop: letterhead, card band, voucher top."""

    name: str
    address_lines: tuple[str, ...]
    logo_path: str | None


def _defaults_for(country: str) -> PrintSettings:
    """Letter paper and the US #10 window where Letter paper is the norm; A4 and DIN elsewhere."""
    us = country.upper() in US_PAPER_COUNTRIES
    return PrintSettings(card_layout="single", envelope="us10" if us else "din5008")


def _check(settings: PrintSettings) -> PrintSettings:
    if settings.card_layout not in CARD_LAYOUTS:
        raise InvalidInput(
            _("Unknown card layout {layout!r}; use one of {layouts}.").format(
                layout=settings.card_layout, layouts=", ".join(CARD_LAYOUTS)
            )
        )
    if settings.envelope not in ENVELOPES:
        raise InvalidInput(
            _("Unknown envelope {envelope!r}; use one of {envelopes}.").format(
                envelope=settings.envelope, envelopes=", ".join(ENVELOPES)
            )
        )
    if settings.logo_path:
        path = Path(settings.logo_path).expanduser()
        if not path.is_file():
            raise InvalidInput(
                _("The logo file {path!r} does not exist.").format(path=str(path))
            )
        if path.suffix.lower() not in LOGO_SUFFIXES:
            raise InvalidInput(_("The logo must be a PNG, JPEG, GIF or BMP image."))
    return settings


def load_in(session: Session) -> PrintSettings:
    country = programme.load_in(session).shop.country
    base = asdict(_defaults_for(country))
    row = session.get(t.Setting, SETTING_KEY)
    if row is not None:
        known = {f.name for f in fields(PrintSettings)}
        base.update({k: v for k, v in json.loads(row.value).items() if k in known})
    return PrintSettings(**base)


def load(db: Database) -> PrintSettings:
    with db.read() as session:
        return load_in(session)


def update(db: Database, **changes: object) -> PrintSettings:
    """Change printing settings (``card_layout``, ``envelope``, ``logo_path``; None clears the
    logo). Validated before anything is stored."""
    require(db, Permission.CHANGE_DATA)
    with db.write() as session:
        advisory_lock(session, "settings")  # read-modify-write: one till at a time
        stored = load_in(session)
        current = asdict(stored)
        unknown = set(changes) - set(current)
        if unknown:
            raise InvalidInput(
                _("Unknown printing setting: {names}.").format(names=", ".join(sorted(unknown)))
            )
        current.update(changes)
        if current["logo_path"]:
            current["logo_path"] = str(Path(str(current["logo_path"])).expanduser().resolve())
        else:
            current["logo_path"] = None
        settings = _check(PrintSettings(**current))
        text = json.dumps(asdict(settings), ensure_ascii=False, sort_keys=True)
        row = session.get(t.Setting, SETTING_KEY)
        if row is None:
            session.add(t.Setting(key=SETTING_KEY, value=text))
        else:
            row.value = text
        audit.record_changes(
            session, db, kind="printing.settings", before=asdict(stored), after=asdict(settings)
        )
        return settings


def shop_header_in(session: Session) -> ShopHeader:
    shop = programme.load_in(session).shop
    logo = load_in(session).logo_path
    lines = tuple(line.strip() for line in shop.address.replace("|", "\n").split("\n"))
    return ShopHeader(
        name=shop.name,
        address_lines=tuple(line for line in lines if line),
        # A logo moved away since it was chosen prints no logo rather than failing the batch.
        logo_path=logo if logo and Path(logo).is_file() else None,
    )


def shop_header(db: Database) -> ShopHeader:
    with db.read() as session:
        return shop_header_in(session)
