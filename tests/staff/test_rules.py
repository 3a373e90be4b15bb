"""Staff rules without a database: PIN format, PIN hashing, lockout timing, roles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shopkeeper.domain import staff as rules
from shopkeeper.domain.acting import OWNER, STAFF
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.staff import Permission

NOON = datetime(2026, 11, 16, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("pin", ["1234", "12345678", "0000", "007007"])
def test_pins_of_four_to_eight_digits_are_accepted(pin: str) -> None:
    assert rules.check_pin(pin) == pin


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "", " 1234", "１２３４", "12.4"])
def test_other_pins_are_refused_with_the_rule(pin: str) -> None:
    with pytest.raises(InvalidInput, match="4 to 8 digits"):
        rules.check_pin(pin)


def test_a_hash_is_salted_scrypt_and_verifies_only_its_pin() -> None:
    first = rules.hash_pin("48213579")
    second = rules.hash_pin("48213579")
    assert first.startswith("scrypt$16384$8$1$")
    assert len(first.split("$")) == 6
    assert first != second  # a fresh salt each time
    assert "48213579" not in first  # 8 digits: never found in the hex by chance
    assert rules.verify_pin("48213579", first) and rules.verify_pin("48213579", second)
    assert not rules.verify_pin("48213578", first)
    assert not rules.verify_pin("482135790", first)
    assert not rules.verify_pin("abcdefgh", first)
    assert not rules.verify_pin("48213579", "plain$48213579")
    assert not rules.verify_pin("48213579", "scrypt$x$y$z$00$00")


def test_the_fifth_wrong_pin_in_a_row_locks_for_the_set_minutes() -> None:
    count = 0
    for _ in range(4):
        attempt = rules.after_wrong_pin(count, NOON, max_failures=5, lock_minutes=15)
        assert not attempt.just_locked and attempt.locked_until is None
        count = attempt.failed_count
    assert count == 4
    fifth = rules.after_wrong_pin(count, NOON, max_failures=5, lock_minutes=15)
    assert fifth.just_locked
    assert fifth.locked_until == NOON + timedelta(minutes=15)
    assert fifth.failed_count == 0
    assert rules.is_locked(fifth.locked_until, NOON + timedelta(minutes=14, seconds=59))
    assert not rules.is_locked(fifth.locked_until, NOON + timedelta(minutes=15))
    assert not rules.is_locked(None, NOON)


def test_the_limits_are_the_shops() -> None:
    attempt = rules.after_wrong_pin(1, NOON, max_failures=3, lock_minutes=2)
    assert not attempt.just_locked
    attempt = rules.after_wrong_pin(2, NOON, max_failures=3, lock_minutes=2)
    assert attempt.locked_until == NOON + timedelta(minutes=2)


def test_only_changing_data_is_open_to_staff() -> None:
    owner_only = set(Permission) - {Permission.CHANGE_DATA}
    assert {Permission.PRIVACY_ERASE, Permission.RESTORE, Permission.IMPORT, Permission.MERGE,
            Permission.EXPORT_ALL, Permission.PROGRAMME, Permission.LARGE_CORRECTION,
            Permission.MONTH_END, Permission.MANAGE_STAFF} == owner_only
    for permission in owner_only:
        assert rules.needed_role(permission) == OWNER
        assert not rules.role_allows(STAFF, permission)
        assert rules.role_allows(OWNER, permission)
    assert rules.role_allows(STAFF, Permission.CHANGE_DATA)


def test_a_correction_above_the_limit_either_way_is_the_owners() -> None:
    assert rules.correction_permission(100, 100) is Permission.CHANGE_DATA
    assert rules.correction_permission(-100, 100) is Permission.CHANGE_DATA
    assert rules.correction_permission(101, 100) is Permission.LARGE_CORRECTION
    assert rules.correction_permission(-250, 100) is Permission.LARGE_CORRECTION


def test_names_and_roles() -> None:
    assert rules.check_name("  Ona   Petraitė ") == "Ona Petraitė"
    assert rules.name_key("ONA") == rules.name_key("ona")
    assert rules.check_role(" Owner ") == OWNER
    with pytest.raises(InvalidInput):
        rules.check_name("   ")
    with pytest.raises(InvalidInput, match="owner or staff"):
        rules.check_role("boss")
