"""Setting a new shop up (``services.shop_setup``): what counts as "no shop yet", the machine's
locale as the new shop's defaults, and a shop in use that is never started over."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from shopkeeper.bootstrap import open_database
from shopkeeper.domain.errors import InvalidInput, NotAllowed
from shopkeeper.services import customers, programme, shop_setup
from shopkeeper.storage import migrate
from shopkeeper.storage.database import Database

pytestmark = pytest.mark.sqlite_only("a new shop is a new SQLite file")


@pytest.fixture
def machine(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """Set the machine's locale as ``LANG`` (nothing else set)."""

    def use(lang: str | None) -> None:
        for name in ("SHOPKEEPER_LOCALE", "LC_ALL", "LC_MESSAGES", "LANG"):
            monkeypatch.delenv(name, raising=False)
        if lang is not None:
            monkeypatch.setenv("LANG", lang)

    return use


@pytest.fixture
def new_shop(tmp_path: Path, clock) -> Iterator[Database]:  # noqa: ANN001
    database = Database.open(tmp_path / "new" / "shop.db", clock=clock)
    yield database
    database.dispose()


def profile_of(db: Database) -> tuple[str, str, str, str, str]:
    shop = programme.load(db).shop
    return shop.name, shop.country, shop.currency, shop.language, shop.shop_id


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh_TW.UTF-8", ("TW", "TWD", "zh-Hant")),
        ("zh_CN.UTF-8", ("CN", "CNY", "zh-Hans")),
        ("lt_LT", ("LT", "EUR", "lt")),
        ("en_GB.UTF-8", ("GB", "GBP", "en")),
        ("C", ("LT", "EUR", "en")),  # no usable locale: the fallback
        (None, ("LT", "EUR", "en")),
    ],
)
def test_a_new_shop_takes_the_machines_locale(machine, lang, expected) -> None:  # noqa: ANN001
    machine(lang)
    found = shop_setup.system_defaults()
    assert (found.country, found.currency, found.language) == expected


def test_a_currency_left_out_follows_the_country_given(machine) -> None:  # noqa: ANN001
    machine("lt_LT.UTF-8")
    assert shop_setup.defaults_for(name="Tea", country="tw") == shop_setup.NewShop(
        "Tea", "TW", "TWD", "lt"
    )
    assert shop_setup.defaults_for(name="Tea").currency == "EUR"
    assert shop_setup.defaults_for(name="Tea", country="GB", currency="eur").currency == "EUR"
    for wrong, message in (
        ({"country": "XX"}, "'XX' is not a country code"),
        ({"currency": "EURO"}, "'EURO' is not a currency code"),
        ({"language": "klingon"}, "'klingon' is not a language"),
        ({"name": "  "}, "The shop needs a name."),
        ({"name": "a\x07b"}, "The shop name contains control characters."),
    ):
        with pytest.raises(InvalidInput, match=message):
            shop_setup.defaults_for(**{"name": "Tea", **wrong})


def test_what_counts_as_no_shop_yet(tmp_path: Path, clock) -> None:  # noqa: ANN001
    missing = tmp_path / "missing" / "shop.db"
    assert shop_setup.first_run_needed(missing)
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    assert shop_setup.first_run_needed(empty)
    bare = tmp_path / "bare.db"  # the schema alone: no profile, no customer
    database = Database.open(bare)
    migrate.upgrade(database)
    database.dispose()
    assert shop_setup.first_run_needed(bare)
    # a shop any version opened has a profile: in use, even without customers yet
    opened = tmp_path / "opened.db"
    open_database(opened).dispose()
    assert not shop_setup.first_run_needed(opened)
    # customers without a profile: an old shop, in use
    old = tmp_path / "old.db"
    database = open_database(old, clock=clock)
    customers.create_customer(database, name="Ona Žemaitė")
    database.dispose()
    with closing(sqlite3.connect(old)) as connection, connection:
        connection.execute("DELETE FROM setting WHERE key = 'shop'")
    assert not shop_setup.first_run_needed(old)
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)
    assert not shop_setup.first_run_needed(damaged)  # the usual opening explains it
    assert not shop_setup.first_run_needed(tmp_path)  # a folder
    assert not shop_setup.first_run_needed("postgresql+psycopg://shop:pw@localhost/none")
    # looking wrote nothing
    assert not missing.exists() and empty.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "bare.db", "damaged.db", "empty.db", "old.db", "opened.db",
    ]  # fmt: skip


def test_starting_a_new_shop_creates_it_as_chosen(new_shop: Database, clock) -> None:  # noqa: ANN001
    path = new_shop.sqlite_path
    assert not path.exists()
    started = shop_setup.start_shop(
        new_shop, name=" Arbatinė ", country="tw", currency="twd", language="zh-hant"
    )
    assert (started.name, started.country, started.currency, started.language) == (
        "Arbatinė", "TW", "TWD", "zh-Hant",
    )  # fmt: skip
    assert started.created and started.at == clock.now and started.how == "window"
    assert started.database == str(path) and started.backup_folder.endswith("backups")
    assert profile_of(new_shop)[:4] == ("Arbatinė", "TW", "TWD", "zh-Hant")
    assert profile_of(new_shop)[4] == started.shop_id != ""
    prog = programme.load(new_shop)
    assert [t.name for t in prog.tiers] == ["銅卡", "銀卡", "金卡"]  # working, in zh-Hant
    assert migrate.current_revision(new_shop) == migrate.head_revision()
    assert shop_setup.set_up_at(new_shop) == clock.now
    assert not shop_setup.first_run_needed(path)


def test_a_refused_profile_creates_no_file(new_shop: Database) -> None:
    with pytest.raises(InvalidInput, match="'XX' is not a country code"):
        shop_setup.start_shop(new_shop, name="Tea", country="XX", currency="EUR", language="lt")
    assert not new_shop.sqlite_path.exists()


def test_twice_in_a_row_is_refused_and_force_sets_it_up_again(
    new_shop: Database, clock  # noqa: ANN001
) -> None:
    first = shop_setup.start_shop(
        new_shop, name="Tea", country="LT", currency="EUR", language="lt"
    )
    clock.advance(days=1)
    with pytest.raises(NotAllowed, match="The shop Tea was already set up on 2026-11-16"):
        shop_setup.start_shop(new_shop, name="Cafe", country="GB", currency="GBP", language="en")
    assert profile_of(new_shop) == ("Tea", "LT", "EUR", "lt", first.shop_id)  # unchanged
    again = shop_setup.start_shop(
        new_shop, name="Cafe", country="GB", currency="GBP", language="en", force=True, how="cli"
    )
    assert not again.created and again.at == clock.now
    assert profile_of(new_shop) == ("Cafe", "GB", "GBP", "en", first.shop_id)  # the id stays
    with closing(sqlite3.connect(new_shop.sqlite_path)) as connection:
        (value,) = connection.execute("SELECT value FROM setting WHERE key='setup'").fetchone()
    assert json.loads(value) == {"at": clock.now.isoformat(), "how": "cli"}


def test_a_shop_with_customers_is_never_started_over(db: Database) -> None:
    before = profile_of(db)
    customers.create_customer(db, name="Ona Žemaitė", phone="861234567")
    for force in (False, True):
        with pytest.raises(NotAllowed, match="already has 1 customer: a new shop is never"):
            shop_setup.start_shop(
                db, name="Other", country="GB", currency="GBP", language="en", force=force
            )
    assert profile_of(db) == before
    assert shop_setup.set_up_at(db) is None


def test_a_shop_opened_before_without_customers_can_be_set_up(db: Database) -> None:
    """A file the CLI or an older version opened (a profile from the locale, no customers):
    ``shop init`` sets it up without --force; its programme is kept."""
    programme.update_rules(db, expiry_months=24)
    started = shop_setup.start_shop(
        db, name="Kepyklėlė", country="LT", currency="EUR", language="lt", how="cli"
    )
    assert not started.created
    assert programme.load(db).rules.expiry_months == 24
    assert profile_of(db)[0] == "Kepyklėlė"
