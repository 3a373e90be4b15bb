"""Setting a new shop up: its name, country, currency and language, chosen once by the person
who starts it (the first-run welcome, or ``shopkeeper shop init``).

"No shop yet" (``first_run_needed``) means: the shop's SQLite file does not exist, is empty, or
holds neither a shop profile nor a customer. Every file a version of Shopkeeper has opened
holds a profile (the composition root writes one at first opening), so a shop already in use
never sees the welcome. A PostgreSQL database is set up by ``shopkeeper db init``: never "new"
here. Nothing is written before the person chooses how to go on, so closing the welcome or
looking around the demo shop leaves no file behind.

``start_shop`` refuses to start a shop over one that has customers, always: their points and
history are the shop's. Over a shop set up before (by the welcome or ``shop init``) it asks for
``force``; it then changes the profile only (earning rules, tiers and rewards stay).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func
from sqlmodel import select

from shopkeeper import settings
from shopkeeper.domain.calendar import local_date
from shopkeeper.domain.errors import InvalidInput, NotAllowed
from shopkeeper.domain.shop import (
    ShopLocale,
    check_country,
    check_currency,
    check_language,
    currency_of,
    from_locale,
)
from shopkeeper.domain.text import clean_line
from shopkeeper.i18n import _, ngettext
from shopkeeper.services import backups, programme
from shopkeeper.storage import migrate
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database, advisory_lock, database_url

SETUP_KEY = "setup"  # {"at": ISO time, "how": "window" | "import" | "cli"}
HOW = ("window", "import", "cli")
MAX_NAME = 120


@dataclass(frozen=True)
class NewShop:
    """What a new shop starts with before anyone changes it: the machine's locale."""

    name: str
    country: str
    currency: str
    language: str


@dataclass(frozen=True)
class Whereabouts:
    """Where a shop's data lives and where its daily backups go (nothing is opened to say it)."""

    database: str  # the file's path, or the server's URL without its password
    backup_folder: str | None  # None: a PostgreSQL shop, backed up with the server's tools


@dataclass(frozen=True)
class ShopStarted:
    name: str
    country: str
    currency: str
    language: str
    shop_id: str
    database: str
    backup_folder: str | None
    how: str
    at: datetime
    created: bool  # the shop's file did not exist before


def system_defaults() -> NewShop:
    """Country, currency and language of this machine's locale (``LANG`` and friends)."""
    local = from_locale(settings.system_locale())
    return NewShop("", local.country, local.currency, local.language)


def defaults_for(
    *,
    name: str | None = None,
    country: str | None = None,
    currency: str | None = None,
    language: str | None = None,
) -> NewShop:
    """The profile asked for, the machine's locale filling the gaps: a currency left out follows
    the country given (``--country TW`` on a Lithuanian machine is TWD, not EUR). Checked."""
    local = system_defaults()
    chosen_country = check_country(country) if country is not None else local.country
    if currency is None:
        currency = local.currency if country is None else currency_of(chosen_country)
    return check_profile(
        name=name or "",
        country=chosen_country,
        currency=currency,
        language=language if language is not None else local.language,
    )


def check_profile(*, name: str, country: str, currency: str, language: str) -> NewShop:
    """The domain's checks of a new shop's profile; raises ``InvalidInput`` with one line."""
    cleaned = clean_line(name, field=_("shop name"), max_length=MAX_NAME)
    if not cleaned:
        raise InvalidInput(_("The shop needs a name."))
    return NewShop(
        cleaned, check_country(country), check_currency(currency), check_language(language)
    )


def whereabouts(db: Database) -> Whereabouts:
    """For the welcome: said without connecting (a new shop's file must not appear yet)."""
    path = db.sqlite_path
    if path is None:
        return Whereabouts(db.engine.url.render_as_string(hide_password=True), None)
    return Whereabouts(str(path), str(backups.default_folder()))


def _sqlite_file(target: str | Path) -> Path | None:
    url = database_url(target)
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


def first_run_needed(target: str | Path) -> bool:
    """True when no shop exists at ``target`` yet (see the module's docstring). Only reads
    the file (no write, no -wal left behind); a file that cannot be read is not "new": the
    usual opening explains it."""
    path = _sqlite_file(target)
    if path is None or path.is_dir():
        return False
    if not path.exists() or path.stat().st_size == 0:
        return True
    try:
        connection = sqlite3.connect(path, timeout=5)  # read-only mode would leave -wal/-shm
    except sqlite3.Error:
        return False
    try:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        customers = "customer" in names and connection.execute(
            "SELECT 1 FROM customer LIMIT 1"
        ).fetchone() is not None
        profile = "setting" in names and connection.execute(
            "SELECT 1 FROM setting WHERE key = 'shop'"
        ).fetchone() is not None
    except sqlite3.Error:
        return False
    finally:
        connection.close()
    return not customers and not profile


def _prepare(db: Database, shop: NewShop) -> bool:
    """The schema and default programme a first opening writes; True if the file is new."""
    path = db.sqlite_path
    created = path is not None and (not path.exists() or path.stat().st_size == 0)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise InvalidInput(
                _("The shop cannot be created at {path}: {reason}.").format(
                    path=path, reason=error.strerror or error
                )
            ) from None
    if migrate.current_revision(db) != migrate.head_revision():
        migrate.upgrade(db)
    programme.ensure_defaults(
        db,
        shop_name=shop.name,
        defaults=ShopLocale(shop.country, shop.currency, shop.language),
    )
    return created


def start_shop(
    db: Database,
    *,
    name: str,
    country: str,
    currency: str,
    language: str,
    how: str = "window",
    force: bool = False,
) -> ShopStarted:
    """Set the new shop up with the profile given (one transaction after the schema exists).
    Refused, with nothing changed, over a shop with customers, and over one set up before
    unless ``force``."""
    if how not in HOW:
        raise ValueError(f"unknown way of setting up: {how!r}")
    shop = check_profile(name=name, country=country, currency=currency, language=language)
    created = _prepare(db, shop)
    at = db.now()
    with db.write() as session:
        advisory_lock(session, "settings")  # read-modify-write: one till at a time
        customers = session.exec(select(func.count()).select_from(t.Customer)).one()
        current = programme.load_in(session).shop
        if customers:
            raise NotAllowed(
                ngettext(
                    "The shop {name} already has {n} customer: a new shop is never started "
                    "over it. Change its details with `shopkeeper shop set` or in Settings.",
                    "The shop {name} already has {n} customers: a new shop is never started "
                    "over it. Change its details with `shopkeeper shop set` or in Settings.",
                    customers,
                ).format(name=current.name, n=customers)
            )
        row = session.get(t.Setting, SETUP_KEY)
        if row is not None and not force:
            before = json.loads(row.value)
            raise NotAllowed(
                _(
                    "The shop {name} was already set up on {date}. Change its details with "
                    "`shopkeeper shop set`, or give --force to set it up again."
                ).format(name=current.name, date=_day(before.get("at")))
            )
        profile = programme.update_shop_in(
            session,
            name=shop.name,
            country=shop.country,
            currency=shop.currency,
            language=shop.language,
        )
        programme.default_names_in(session, profile.language, profile.currency)
        value = json.dumps({"at": at.isoformat(), "how": how}, sort_keys=True)
        if row is None:
            session.add(t.Setting(key=SETUP_KEY, value=value))
        else:
            row.value = value
    where = whereabouts(db)
    return ShopStarted(
        profile.name,
        profile.country,
        profile.currency,
        profile.language,
        profile.shop_id,
        where.database,
        where.backup_folder,
        how,
        at,
        created,
    )


def _day(text: object) -> str:
    try:
        return local_date(datetime.fromisoformat(str(text))).isoformat()
    except ValueError:
        return "?"


def set_up_at(db: Database) -> datetime | None:
    """When the shop was set up by the welcome or ``shop init`` (None: before this existed)."""
    with db.read() as session:
        row = session.get(t.Setting, SETUP_KEY)
        value = row.value if row is not None else None
    return datetime.fromisoformat(json.loads(value)["at"]) if value else None
