"""Creating, editing and archiving customers: validated, searchable at once, nothing half-saved."""

from __future__ import annotations

from datetime import date

import pytest

from shopkeeper.domain.errors import (
    DuplicateCard,
    DuplicatePhone,
    InvalidInput,
    NotAllowed,
    UnknownCard,
)
from shopkeeper.services.customers import archive_customer, create_customer, edit_customer
from shopkeeper.services.search import search_customers
from shopkeeper.services.summary import customer_summary
from shopkeeper.storage.database import Database
from tests.services.support import counts, ledger_kinds, rows, snapshot


def test_new_customer_gets_a_card_the_welcome_bonus_and_is_findable(db: Database) -> None:
    saved = create_customer(
        db,
        name=" Žemaitė Ona ",
        phone="8 612 34567",
        email="Ona@Example.LT",
        birthday="1990-02-28",
        address="Gedimino pr. 1|x".replace("|", "\n"),
        language="LT",
        letters_consent=True,
    )
    assert saved.card_number == "200000016"
    assert (saved.name, saved.points_balance, saved.welcome_bonus) == ("Žemaitė Ona", 50, 50)
    assert ledger_kinds(db, saved.id) == [("welcome_bonus", 50)]
    summary = customer_summary(db, saved.card_number)
    assert summary.phone == "+370 612 34567"
    assert (summary.email, summary.birthday, summary.language) == (
        "ona@example.lt",
        date(1990, 2, 28),
        "lt",
    )
    assert summary.address == "Gedimino pr. 1\nx"
    assert summary.letters_consent and summary.tier == "Bronze"
    assert summary.joined_at == db.now()
    assert [h.card_number for h in search_customers(db, "zemaite")] == [saved.card_number]
    second = create_customer(db, name="王小明")
    assert second.card_number == "200000024"


def test_an_existing_card_number_can_be_given(db: Database) -> None:
    saved = create_customer(db, name="Ona", card_number=" ab-77 ")
    assert saved.card_number == "AB-77"
    assert customer_summary(db, "ab-77").name == "Ona"


def test_shop_numbering_skips_a_card_already_imported(db: Database) -> None:
    create_customer(db, name="Imported", card_number="200000016")
    assert create_customer(db, name="New").card_number == "200000024"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "  "}, "The name cannot be empty."),
        ({"name": "Ona", "email": "ona@"}, "'ona@' is not an email address."),
        ({"name": "Ona", "phone": "12"}, "not a valid phone number for LT"),
        ({"name": "Ona", "birthday": "2030-01-01"}, "not a plausible birthday"),
        ({"name": "Ona", "birthday": "1.1.1990"}, "not a date"),
        ({"name": "Ona", "language": "klingon"}, "Unknown language 'klingon'"),
        ({"name": "Ona", "card_number": "no spaces; please"}, "is not a card number"),
        ({"name": "Ona", "referred_by_card": "999"}, "No customer has card number '999'."),
        ({"name": "x" * 121}, "The name is too long (121 characters, at most 120)."),
    ],
)
def test_invalid_customers_are_refused_and_nothing_is_written(
    db: Database, fields: dict, message: str
) -> None:
    create_customer(db, name="Existing", phone="861234567")
    before = snapshot(db)
    with pytest.raises((InvalidInput, UnknownCard)) as caught:
        create_customer(db, **fields)
    assert message in str(caught.value)
    assert snapshot(db) == before


def test_duplicate_card_is_refused(db: Database) -> None:
    create_customer(db, name="Ona", card_number="C-1")
    before = counts(db)
    with pytest.raises(DuplicateCard, match="'C-1' already belongs to another customer"):
        create_customer(db, name="Jonas", card_number="c-1")
    assert counts(db) == before


def test_duplicate_phone_is_refused_unless_allowed(db: Database) -> None:
    ona = create_customer(db, name="Ona", phone="+37061234567")
    before = snapshot(db)
    with pytest.raises(DuplicatePhone) as caught:
        create_customer(db, name="Jonas", phone="861234567")
    assert (caught.value.other_name, caught.value.other_card) == ("Ona", ona.card_number)
    assert (
        str(caught.value) == f"Phone +37061234567 already belongs to Ona (card {ona.card_number})."
    )
    assert snapshot(db) == before
    jonas = create_customer(db, name="Jonas", phone="861234567", allow_duplicate_phone=True)
    assert customer_summary(db, jonas.card_number).phone == "+370 612 34567"


def test_an_archived_customers_phone_is_free_again(db: Database) -> None:
    ona = create_customer(db, name="Ona", phone="861234567")
    archive_customer(db, ona.card_number)
    assert create_customer(db, name="Jonas", phone="861234567").name == "Jonas"


def test_edit_changes_only_what_is_given_and_reindexes(db: Database) -> None:
    ona = create_customer(db, name="Ona", phone="861234567", email="ona@example.lt")
    saved = edit_customer(db, ona.card_number, name="Žemaitė", email=None, language="zh-TW")
    assert saved.name == "Žemaitė"
    summary = customer_summary(db, ona.card_number)
    assert (summary.name, summary.email, summary.language) == ("Žemaitė", None, "zh-Hant")
    assert summary.phone == "+370 612 34567"  # untouched
    assert [h.name for h in search_customers(db, "zemaite")] == ["Žemaitė"]
    assert search_customers(db, "ona") == []


def test_a_lost_card_gets_a_new_number(db: Database) -> None:
    ona = create_customer(db, name="Ona")
    create_customer(db, name="Jonas", card_number="X-2")
    with pytest.raises(DuplicateCard):
        edit_customer(db, ona.card_number, new_card_number="x-2")
    edit_customer(db, ona.card_number, new_card_number="X-3")
    assert customer_summary(db, "X-3").name == "Ona"
    with pytest.raises(UnknownCard):
        customer_summary(db, ona.card_number)


def test_edit_with_a_bad_field_changes_nothing(db: Database) -> None:
    ona = create_customer(db, name="Ona", phone="861234567")
    create_customer(db, name="Jonas", phone="861234568")
    before = snapshot(db)
    with pytest.raises(InvalidInput):
        edit_customer(db, ona.card_number, name="Ona Nauja", email="not-an-email")
    with pytest.raises(DuplicatePhone):
        edit_customer(db, ona.card_number, name="Ona Nauja", phone="861234568")
    with pytest.raises(InvalidInput, match="name cannot be empty"):
        edit_customer(db, ona.card_number, name=" ")
    assert snapshot(db) == before
    # keeping one's own phone is no duplicate
    assert edit_customer(db, ona.card_number, phone="+370 612 34567").name == "Ona"


def test_archive_hides_and_refuses_a_second_archive(db: Database) -> None:
    ona = create_customer(db, name="Ona")
    archive_customer(db, ona.card_number)
    assert customer_summary(db, ona.card_number).archived
    assert search_customers(db, "ona") == []
    assert [h.archived for h in search_customers(db, "ona", include_archived=True)] == [True]
    stored = rows(db, "customer")
    with pytest.raises(NotAllowed, match="Ona is already archived."):
        archive_customer(db, ona.card_number)
    assert rows(db, "customer") == stored
    archive_customer(db, ona.card_number, archived=False)
    assert not customer_summary(db, ona.card_number).archived
    assert [h.name for h in search_customers(db, "ona")] == ["Ona"]


def test_unknown_card(db: Database) -> None:
    with pytest.raises(UnknownCard, match="No customer has card number '123'."):
        edit_customer(db, "123", name="X")
    with pytest.raises(UnknownCard):
        archive_customer(db, "123")
