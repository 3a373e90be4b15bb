"""The letters' and printing settings' changes are changes too: each writes one audit row with
who and before -> after, and the same change made twice writes nothing the second time."""

from __future__ import annotations

from shopkeeper.domain.calendar import Month
from shopkeeper.services import audit, customers, letters, print_settings
from shopkeeper.storage.database import Database

NOVEMBER = Month(2026, 11)


def _kinds(db: Database) -> list[str]:
    return [row.kind for row in reversed(audit.entries(db)) if row.kind != "customer.add"]


def test_wording_greetings_letters_sent_and_printing_are_audited(db: Database, shop) -> None:  # noqa: ANN001
    start = len(_kinds(db))
    card = customers.create_customer(db, name="Dalia", letters_consent=True).card_number
    letters.save_letter_template(db, "en", greeting="Hello {first_name},")
    letters.save_letter_template(db, "en", greeting="Hello {first_name},")  # no change
    letters.set_salutation(db, card, "Mieloji Dali,")
    letters.exclude_from_letters(db, [card], NOVEMBER)
    letters.include_in_letters(db, [card], NOVEMBER)
    (added,) = audit.entries(db, audit.AuditFilter(card=card, kind="customer.add"))
    letters.record_sent(db, NOVEMBER, [added.customer_id])
    other = "us10" if print_settings.load(db).envelope == "din5008" else "din5008"
    print_settings.update(db, envelope=other)
    letters.reset_letter_template(db, "en")
    assert _kinds(db)[start:] == [
        "letters.template", "customer.salutation", "letters.exclude", "letters.include",
        "letters.sent", "printing.settings", "letters.template",
    ]  # fmt: skip
    wording = audit.entries(db, audit.AuditFilter(kind="letters.template"))[-1]
    assert wording.subject == "en" and wording.after == {"greeting": "Hello {first_name},"}
    (greeting,) = audit.entries(db, audit.AuditFilter(card=card, kind="customer.salutation"))
    assert (greeting.before, greeting.after) == (
        {"salutation": None}, {"salutation": "Mieloji Dali,"}
    )
    (sent,) = audit.entries(db, audit.AuditFilter(kind="letters.sent"))
    assert sent.subject == "2026-11" and sent.after == {"letters": 1, "reprints": 0}
