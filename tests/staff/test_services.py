"""Staff through the services, on a real database: roles refused with the role named, the
one-person shop untouched, lockout on the shop's clock, the shop never without an owner."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from shopkeeper.domain.acting import Actor
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.staff import (
    IdentityNeeded,
    Permission,
    RoleNeeded,
    StaffLocked,
    UnknownStaff,
    WrongPin,
)
from shopkeeper.services import (
    backups,
    customers,
    export,
    importing,
    ledger,
    merge,
    month_end,
    notes,
    privacy,
    programme,
    rewards,
    visits,
)
from shopkeeper.services import staff as staff_service
from shopkeeper.services.authority import acting_as, require
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database

OWNER_PIN = "4821"
STAFF_PIN = "7301"


def _shop_with_staff(db: Database) -> tuple[Actor, Actor]:
    staff_service.add_staff(db, name="Asta", role="owner", pin=OWNER_PIN)
    owner = staff_service.authenticate(db, "Asta", OWNER_PIN)
    db.actor = owner
    staff_service.add_staff(db, name="Rasa", role="staff", pin=STAFF_PIN)
    clerk = staff_service.authenticate(db, "rasa", STAFF_PIN)
    return owner, clerk


def _customer(db: Database, name: str = "Jonas") -> str:
    return customers.create_customer(db, name=name).card_number


def test_a_shop_without_staff_is_never_asked_who_is_there(db: Database) -> None:
    assert not staff_service.staff_exist(db)
    assert require(db, Permission.PRIVACY_ERASE) is None
    card = _customer(db)
    booked = visits.record_visit(db, card_number=card, amount_cents=2000)
    assert ledger.correct_points(db, card_number=card, points=500, reason="paper card") > 500
    month_end.month_end(db)
    privacy.erase_customer(db, card, confirmed=True)
    with db.read() as session:
        visit = session.get(t.Visit, booked.visit_id)
        assert visit.staff is None


def test_the_first_staff_member_is_an_owner_and_later_ones_need_one(db: Database) -> None:
    with pytest.raises(InvalidInput, match="first staff member must be an owner"):
        staff_service.add_staff(db, name="Rasa", role="staff", pin=STAFF_PIN)
    staff_service.add_staff(db, name="Asta", role="owner", pin=OWNER_PIN)
    assert staff_service.staff_exist(db)
    with pytest.raises(IdentityNeeded, match="Who is at the till"):
        staff_service.add_staff(db, name="Rasa", role="staff", pin=STAFF_PIN)
    db.actor = staff_service.authenticate(db, "Asta", OWNER_PIN)
    staff_service.add_staff(db, name="Rasa", role="staff", pin=STAFF_PIN)
    with pytest.raises(InvalidInput, match="already exists"):
        staff_service.add_staff(db, name="RASA", role="staff", pin="1111")
    db.actor = staff_service.authenticate(db, "Rasa", STAFF_PIN)
    with pytest.raises(RoleNeeded, match="Only an owner may manage staff; Rasa"):
        staff_service.add_staff(db, name="Mantas", role="staff", pin="2222")
    assert [p.name for p in staff_service.list_staff(db)] == ["Asta", "Rasa"]


def test_once_staff_exist_changing_data_needs_someone_at_the_till(db: Database) -> None:
    card = _customer(db)
    _shop_with_staff(db)
    db.actor = None
    for change in (
        lambda: visits.record_visit(db, card_number=card, amount_cents=1000),
        lambda: customers.create_customer(db, name="Ona"),
        lambda: notes.add_note(db, card_number=card, text="likes rye"),
        lambda: customers.edit_customer(db, card, phone="+37060000000"),
    ):
        with pytest.raises(IdentityNeeded, match="Who is at the till"):
            change()
    with db.read() as session:  # nothing was written
        assert session.exec(select(t.Visit)).all() == []
        assert session.exec(select(t.Note)).all() == []


def test_a_staff_member_is_refused_owner_actions_naming_the_owner_role(
    db: Database, tmp_path
) -> None:
    keep, other = _customer(db, "Jonas"), _customer(db, "Jonas B.")
    _, clerk = _shop_with_staff(db)
    db.actor = clerk
    refused = {
        "erase a customer's personal data":
            lambda: privacy.erase_customer(db, keep, confirmed=True),
        "restore a backup": lambda: backups.restore_into(db, tmp_path / "old.db"),
        "import data": lambda: importing.import_sheet(db, None, {}),
        "merge customers": lambda: merge.merge_customers(db, keep=keep, other=other),
        "export the whole database": lambda: export.export_database(db, tmp_path / "all.zip"),
        "run month-end": lambda: month_end.month_end(db),
        "change the programme (rules, tiers, rewards)":
            lambda: programme.update_rules(db, welcome_bonus=10),
        "make a large points correction":
            lambda: ledger.correct_points(db, card_number=keep, points=101, reason="x"),
    }
    for action, attempt in refused.items():
        with pytest.raises(RoleNeeded) as caught:
            attempt()
        assert str(caught.value) == f"Only an owner may {action}; Rasa is a staff member."
        assert caught.value.needed_role == "owner"
    with pytest.raises(RoleNeeded):
        rewards.add_reward(db, name="Cake", points_cost=50)
    assert not (tmp_path / "all.zip").exists()
    with db.read() as session:
        assert session.get(t.Customer, 2).archived_at is None  # not merged
        assert programme.load_in(session).rules.welcome_bonus == 50
    # ... while the ordinary work of the till is theirs, and records who did it
    booked = visits.record_visit(db, card_number=keep, amount_cents=1500)
    balance = ledger.correct_points(db, card_number=keep, points=100, reason="paper card")
    note = notes.add_note(db, card_number=keep, text="birthday cake order")
    dry = month_end.month_end(db, dry_run=True)  # looking is not closing
    assert dry is not None
    with db.read() as session:
        assert session.get(t.Visit, booked.visit_id).staff == "Rasa"
        entries = session.exec(select(t.LedgerEntry).where(t.LedgerEntry.kind == "correction"))
        assert [e.staff for e in entries] == ["Rasa"]
    assert note.staff == "Rasa" and balance > 100


def test_the_owner_may_do_it_and_the_rule_change_names_them(db: Database) -> None:
    card = _customer(db)
    owner, clerk = _shop_with_staff(db)
    db.actor = clerk
    with acting_as(db, owner):  # the owner approving on the spot
        programme.update_rules(db, welcome_bonus=30)
        ledger.correct_points(db, card_number=card, points=300, reason="lost card")
    assert db.actor == clerk  # the till goes back to who was at it
    history = programme.rules_history(db)
    assert history[-1].changed_by == "Asta"


def test_the_correction_limit_is_a_shop_setting(db: Database) -> None:
    card = _customer(db)
    owner, clerk = _shop_with_staff(db)
    db.actor = clerk
    with pytest.raises(RoleNeeded):
        staff_service.save_staff_settings(db, correction_limit=20)
    db.actor = owner
    assert staff_service.save_staff_settings(db, correction_limit=20).correction_limit == 20
    db.actor = clerk
    with pytest.raises(RoleNeeded, match="large points correction"):
        ledger.correct_points(db, card_number=card, points=-21, reason="typo")
    ledger.correct_points(db, card_number=card, points=-20, reason="typo")


def test_five_wrong_pins_lock_for_fifteen_minutes_of_the_shops_clock(db: Database, clock) -> None:
    owner, _ = _shop_with_staff(db)
    db.actor = None
    for left in (4, 3, 2, 1):
        with pytest.raises(WrongPin) as wrong:
            staff_service.authenticate(db, "Rasa", "0000")
        assert wrong.value.tries_left == left
    with pytest.raises(StaffLocked) as locked:
        staff_service.authenticate(db, "Rasa", "0000")
    assert locked.value.until == clock.now + timedelta(minutes=15)
    local = locked.value.until.astimezone().strftime("%H:%M")
    assert f"until {local}" in str(locked.value)
    # the right PIN does not help while locked
    clock.advance(minutes=14, seconds=59)
    with pytest.raises(StaffLocked):
        staff_service.authenticate(db, "Rasa", STAFF_PIN)
    clock.advance(seconds=1)
    assert staff_service.authenticate(db, "Rasa", STAFF_PIN).name == "Rasa"
    # a good PIN starts the count again
    with pytest.raises(WrongPin) as wrong:
        staff_service.authenticate(db, "Rasa", "0000")
    assert wrong.value.tries_left == 4
    with db.read() as session:
        kinds = session.exec(select(t.AuditEntry.kind, t.AuditEntry.subject)).all()
    assert ("lockout", "Rasa") in kinds


def test_an_owner_unlocks_early_and_the_limits_are_settings(db: Database, clock) -> None:
    owner, clerk = _shop_with_staff(db)
    db.actor = owner
    staff_service.save_staff_settings(db, max_failures=2, lock_minutes=60)
    for _ in range(2):
        with pytest.raises((WrongPin, StaffLocked)):
            staff_service.authenticate(db, "Rasa", "9999")
    with pytest.raises(StaffLocked):
        staff_service.authenticate(db, "Rasa", STAFF_PIN)
    db.actor = clerk
    with pytest.raises(RoleNeeded):
        staff_service.unlock_staff(db, "Rasa")
    db.actor = owner
    staff_service.unlock_staff(db, "Rasa")
    assert staff_service.authenticate(db, "Rasa", STAFF_PIN) == clerk
    with db.read() as session:
        rows = session.exec(
            select(t.AuditEntry.kind, t.AuditEntry.staff_name, t.AuditEntry.subject)
        ).all()
    assert ("staff.unlock", "Asta", "Rasa") in rows


def test_the_shop_is_never_left_without_an_active_owner(db: Database) -> None:
    owner, clerk = _shop_with_staff(db)
    db.actor = owner
    with pytest.raises(InvalidInput, match="without an active owner"):
        staff_service.set_staff(db, "Asta", role="staff")
    with pytest.raises(InvalidInput, match="without an active owner"):
        staff_service.set_staff(db, "Asta", active=False)
    staff_service.set_staff(db, "Rasa", role="owner")
    staff_service.set_staff(db, "Asta", active=False)  # another owner remains
    with pytest.raises(UnknownStaff):
        staff_service.authenticate(db, "Asta", OWNER_PIN)
    with (
        pytest.raises(InvalidInput, match="without an active owner"),
        acting_as(db, Actor(clerk.staff_id, "Rasa", "owner")),
    ):
        staff_service.set_staff(db, "Rasa", active=False)
    assert {(p.name, p.role, p.active) for p in staff_service.list_staff(db)} == {
        ("Asta", "owner", False), ("Rasa", "owner", True)
    }


def test_a_new_pin_replaces_the_old_one(db: Database) -> None:
    owner, _ = _shop_with_staff(db)
    staff_service.set_staff(db, "Rasa", pin="55667788")
    with pytest.raises(WrongPin):
        staff_service.authenticate(db, "Rasa", STAFF_PIN)
    assert staff_service.authenticate(db, "Rasa", "55667788").role == "staff"
    with db.read() as session:
        changes = session.exec(
            select(t.AuditEntry.after).where(t.AuditEntry.kind == "staff.change")
        ).all()
    assert STAFF_PIN not in str(changes) and "55667788" not in str(changes)


def test_owner_approval_is_recorded_and_only_an_owner_approves(db: Database) -> None:
    _, clerk = _shop_with_staff(db)
    db.actor = clerk
    with pytest.raises(RoleNeeded):
        staff_service.approve(db, "Rasa", STAFF_PIN, Permission.MONTH_END)
    approver = staff_service.approve(db, "Asta", OWNER_PIN, Permission.MONTH_END)
    assert approver.is_owner and db.actor == clerk
    with db.read() as session:
        row = session.exec(
            select(t.AuditEntry.staff_name, t.AuditEntry.subject, t.AuditEntry.after).where(
                t.AuditEntry.kind == "staff.approve"
            )
        ).one()
    assert row[0] == "Rasa" and row[1] == "Asta" and "month_end" in row[2]


def test_staff_exist_is_cheap_and_sees_the_first_staff_member_at_once(db: Database) -> None:
    import time

    assert not staff_service.staff_exist(db)
    staff_service.add_staff(db, name="Asta", role="owner", pin=OWNER_PIN)
    assert staff_service.staff_exist(db)  # the change dropped the cached answer
    times = []
    for _ in range(200):
        start = time.perf_counter()
        staff_service.staff_exist(db)
        times.append(time.perf_counter() - start)
    times.sort()
    assert times[int(len(times) * 0.95)] < 0.001


def test_products_and_touchpoints_are_the_owners_and_feedback_names_the_clerk(
    db: Database,
) -> None:
    from shopkeeper.services import audit, feedback, products

    card = _customer(db)
    owner, clerk = _shop_with_staff(db)
    db.actor = clerk
    with pytest.raises(RoleNeeded):
        products.add_product(db, name="Rye loaf", quick_key="r")
    with pytest.raises(RoleNeeded):
        feedback.set_touchpoints(db, ["counter", "market stall"])
    answer = feedback.record_feedback(db, card, 4, comment="waited long")
    assert answer.staff == "Rasa" and answer.problem_note_id is not None
    db.actor = owner
    products.add_product(db, name="Rye loaf", quick_key="r")
    products.edit_product(db, "rye loaf", quick_key=None)
    feedback.set_touchpoints(db, ["counter", "market stall"])
    db.actor = None
    rows = audit.entries(db, audit.AuditFilter(kind="programme."))
    assert [(r.kind, r.staff_name) for r in rows][:3] == [
        ("programme.touchpoints", owner.name),
        ("programme.product", owner.name),
        ("programme.product", owner.name),
    ]
    assert rows[1].before == {**rows[1].after, "quick_key": "r"}
    (answer_row,) = audit.entries(db, audit.AuditFilter(kind="feedback"))
    assert (answer_row.staff_name, answer_row.after["score"]) == ("Rasa", 4)
    with db.read() as session:
        assert session.exec(select(t.Product)).one().quick_key is None
