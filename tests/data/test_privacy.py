"""A customer's copy of their data, and erasure on request: anonymous, complete, recorded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from shopkeeper.domain.calendar import Month
from shopkeeper.domain.errors import InvalidInput, NotAllowed, UnknownCard
from shopkeeper.services import letters, privacy
from shopkeeper.services.customers import create_customer
from shopkeeper.services.ledger import correct_points
from shopkeeper.services.month_end import month_end
from shopkeeper.services.notes import add_note
from shopkeeper.services.rewards import add_reward, donation_totals, redeem_reward
from shopkeeper.services.search import search_customers
from shopkeeper.services.summary import customer_summary
from shopkeeper.services.visits import record_visit
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock
from tests.old_notes import old_scored_note
from tests.services.support import ledger_sum, rows

NAME = "Žemaitė Unikalija"
PERSONAL = (NAME, "Unikalij", "unikali@example.lt", "+37061234567", "61234567",
            "Gedimino pr. 77", "Mėgsta šokoladą", "slapta pastaba", "zemaite")  # fmt: skip


@pytest.fixture
def ona(db: Database, clock: FakeClock) -> str:
    other = create_customer(db, name="Jonas Jonaitis", phone="+37069911122").card_number
    card = create_customer(
        db, name=NAME, phone="861234567", email="unikali@example.lt", birthday="1980-11-20",
        address="Gedimino pr. 77\nVilnius", language="lt", letters_consent=True,
        referred_by_card=other,
    ).card_number  # fmt: skip
    record_visit(db, card_number=card, amount_cents=2_500, note="slapta pastaba", staff="Rūta")
    record_visit(db, card_number=card, amount_cents=10_000)
    add_note(db, card_number=card, text="Mėgsta šokoladą", kind="preference", pinned=True)
    old_scored_note(db, card, "Skundėsi kava", 4)
    correct_points(db, card_number=card, points=7, reason="Unikalija: gimtadienio dovana")
    reward = add_reward(db, name="Kava", points_cost=50, cause="Gyvūnų prieglauda")
    redeem_reward(db, card_number=card, reward_id=reward.id)
    letters.record_sent(db, Month(2026, 10), [customer_summary(db, card).id])
    clock.advance(days=1)
    return card


def test_the_copy_holds_everything_about_the_customer(
    db: Database, ona: str, tmp_path: Path
) -> None:
    path = privacy.export_customer_data(db, ona, tmp_path / "ona.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    profile = data["profile"]
    assert (profile["name"], profile["phone"], profile["email"], profile["birthday"]) == (
        NAME, "+37061234567", "unikali@example.lt", "1980-11-20"
    )  # fmt: skip
    assert profile["postal_address"] == "Gedimino pr. 77\nVilnius"
    assert profile["referred_by_a_member"] is True  # but not who: that is another person's data
    assert [(v["amount"], v["note"]) for v in data["visits"]] == [
        ("25.00", "slapta pastaba"), ("100.00", None)
    ]  # fmt: skip
    assert [e["kind"] for e in data["ledger"]] == [
        "welcome_bonus", "visit", "visit", "correction", "redemption"
    ]  # fmt: skip
    assert sum(e["points"] for e in data["ledger"]) == profile["points_balance"]
    assert [n["text"] for n in data["notes"]] == ["Mėgsta šokoladą", "Skundėsi kava"]
    assert [(v["reward"], v["points"]) for v in data["vouchers"]] == [("Kava", 50)]
    assert [(x["month"], x["copies"]) for x in data["letters"]] == [("2026-10", 1)]
    text_ = path.read_text(encoding="utf-8")
    assert "Rūta" not in text_ and "Jonas" not in text_  # staff and other customers left out


def test_the_copy_as_a_readable_page_and_text(db: Database, ona: str, tmp_path: Path) -> None:
    page = privacy.export_customer_data(db, ona, tmp_path / "ona.html").read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert f"What Test Bakery holds about {NAME}" in page
    assert "<h2>Visits (2)</h2>" in page and "<h2>Letters sent (1)</h2>" in page
    assert "<td>Mėgsta šokoladą</td>" in page
    plain = privacy.export_customer_data(db, ona, tmp_path / "ona.txt").read_text("utf-8")
    assert "  Postal address: Gedimino pr. 77\n    Vilnius\n" in plain
    assert "NOTES (2)" in plain
    with pytest.raises(InvalidInput, match=r"\.json, \.html or \.txt"):
        privacy.export_customer_data(db, ona, tmp_path / "ona.pdf")


def test_markup_in_the_data_is_shown_not_run(db: Database, tmp_path: Path) -> None:
    card = create_customer(db, name="<script>alert(1)</script>").card_number
    page = privacy.export_customer_data(db, card, tmp_path / "x.html").read_text("utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_erasure_needs_confirmation(db: Database, ona: str) -> None:
    before = rows(db, "customer")
    with pytest.raises(NotAllowed, match="cannot be undone; confirm"):
        privacy.erase_customer(db, ona)
    assert rows(db, "customer") == before


def test_erasure_anonymises_and_keeps_the_shops_figures(
    db: Database, ona: str, db_path: Path, clock: FakeClock
) -> None:
    customer_id = customer_summary(db, ona).id
    balance = customer_summary(db, ona).points_balance
    with db.engine.connect() as c:
        liability = c.execute(text("SELECT sum(points_balance) FROM customer")).scalar()
        visits = c.execute(text("SELECT count(*), sum(amount_cents) FROM visit")).one()
    donations = donation_totals(db)
    done = privacy.erase_customer(db, ona, confirmed=True)
    assert (done.notes_deleted, done.visits_kept, done.ledger_entries_kept) == (2, 2, 5)
    assert (done.placeholder_name, done.points_balance) == (f"Erased customer {customer_id}",
                                                            balance)  # fmt: skip
    with pytest.raises(UnknownCard):
        customer_summary(db, ona)
    erased = customer_summary(db, f"ERASED-{customer_id}")
    assert (erased.name, erased.phone, erased.email, erased.address, erased.birthday) == (
        f"Erased customer {customer_id}", None, None, None, None
    )  # fmt: skip
    assert erased.archived and not erased.letters_consent and erased.notes == []
    # the shop's figures still add up
    with db.engine.connect() as c:
        assert c.execute(text("SELECT sum(points_balance) FROM customer")).scalar() == liability
        assert c.execute(text("SELECT count(*), sum(amount_cents) FROM visit")).one() == visits
        assert c.execute(text("SELECT count(*) FROM note WHERE customer_id = :i"),
                         {"i": customer_id}).scalar() == 0  # fmt: skip
        notes = c.execute(text("SELECT note FROM ledger_entry WHERE customer_id = :i "
                               "UNION SELECT note FROM visit WHERE customer_id = :i"),
                          {"i": customer_id}).all()  # fmt: skip
    assert notes == [(None,)]
    assert erased.points_balance == ledger_sum(db, customer_id) == balance
    assert donation_totals(db) == donations
    # recorded, with no personal data
    [record] = rows(db, "erasure")
    assert record[2:] == (customer_id, 2, 2, 5, balance)
    assert not any(p in repr(rows(db, "erasure")) for p in PERSONAL)
    # gone from the search, and gone for good: a second erasure is refused
    assert search_customers(db, "Unikalija", include_archived=True) == []
    assert search_customers(db, "612 34567", include_archived=True) == []
    with pytest.raises(NotAllowed, match="already been erased"):
        privacy.erase_customer(db, f"ERASED-{customer_id}", confirmed=True)
    # an archived row's points expire at month-ends like anyone's; no birthday bonus any more
    clock.advance(days=400)
    month_end(db)
    assert customer_summary(db, f"ERASED-{customer_id}").points_balance == 0


@pytest.mark.sqlite_only("reads the bytes of the SQLite file")
def test_no_trace_of_the_erased_text_is_left_in_the_database_file(
    db: Database, ona: str, db_path: Path
) -> None:
    for i in range(60):  # other customers around, so pages are shared with the erased one
        create_customer(db, name=f"Kitas Pirkėjas {i}", phone=f"+3706{1000000 + i}")
    privacy.erase_customer(db, ona, confirmed=True)
    db.dispose()
    files = [p for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)]
    for path in files:
        content = path.read_bytes()
        for secret in PERSONAL:
            assert secret.encode() not in content, (path.name, secret)
