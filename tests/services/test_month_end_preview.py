"""Month-end's preview: the very counts closing will produce, and nothing written."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from shopkeeper.domain.calendar import Month
from shopkeeper.services import customers, month_end, programme, visits


def _rows(db) -> tuple[int, int, list]:  # noqa: ANN001
    with db.engine.connect() as connection:
        entries = connection.execute(text("SELECT COUNT(*) FROM ledger_entry")).scalar_one()
        changes = connection.execute(text("SELECT COUNT(*) FROM tier_change")).scalar_one()
        balances = connection.execute(
            text("SELECT card_number, points_balance, tier_id FROM customer ORDER BY id")
        ).all()
    return entries, changes, [tuple(r) for r in balances]


def test_the_preview_counts_what_closing_does_and_writes_nothing(db, clock) -> None:  # noqa: ANN001
    programme.update_rules(db, expiry_months=1)
    ona = customers.create_customer(db, name="Ona Žemaitė", birthday="1980-01-05").card_number
    jonas = customers.create_customer(db, name="Jonas Jonaitis").card_number
    visits.record_visit(db, card_number=jonas, amount_cents=2500)
    clock.set(datetime(2027, 1, 10, 10, tzinfo=UTC))
    month = Month(2026, 12)
    before = _rows(db)
    preview = month_end.month_end(db, month, dry_run=True)
    assert _rows(db) == before  # nothing written, not even the tier log
    assert (preview.expired_customers, preview.birthday_bonuses) == (2, 1)
    again = month_end.month_end(db, month, dry_run=True)
    assert again == preview  # a preview is repeatable
    done = month_end.month_end(db, month)
    assert done == preview  # closing does exactly what was shown
    assert _rows(db) != before and ona
    after = month_end.month_end(db, month, dry_run=True)
    assert not after.changed_anything  # and then there is nothing left to preview
