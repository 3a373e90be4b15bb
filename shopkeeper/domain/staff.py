"""Staff rules, without a database: what a PIN looks like, how it is kept (a salted, memory-hard
hash, never the digits), when wrong PINs lock a person out, and which role each action needs.

A PIN keeps a colleague from doing what their role does not allow; it is not encryption (anyone
with the database file can read the data). The hash only keeps the PIN itself from being read.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from shopkeeper.domain.acting import OWNER, ROLES, STAFF
from shopkeeper.domain.errors import InvalidInput, NotAllowed
from shopkeeper.i18n import N_, _, ngettext

PIN_MIN = 4
PIN_MAX = 8
NAME_MAX = 40
# scrypt cost: 16 MiB of memory and about 50 ms per try, so guessing all 10^8 eight-digit PINs
# from a stolen file costs months of one core, while a till feels no wait.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
_SALT_BYTES = 16
_HASH_BYTES = 32

# Shop settings (defaults; the shop may change them).
MAX_FAILURES = 5
LOCK_MINUTES = 15
IDLE_MINUTES = 10
CORRECTION_LIMIT = 100  # points: a manual correction above this (either sign) is the owner's


class Permission(StrEnum):
    """What an action needs. Everything that changes data needs at least ``CHANGE_DATA``."""

    CHANGE_DATA = "change_data"
    PRIVACY_ERASE = "privacy_erase"
    RESTORE = "restore"
    IMPORT = "import"
    MERGE = "merge"
    EXPORT_ALL = "export_all"
    PROGRAMME = "programme"  # earning rules, tiers, rewards
    LARGE_CORRECTION = "large_correction"
    MONTH_END = "month_end"
    MANAGE_STAFF = "manage_staff"


# The action's name as a person reads it (translated where shown).
PERMISSION_LABELS: dict[Permission, str] = {
    Permission.CHANGE_DATA: N_("change data"),
    Permission.PRIVACY_ERASE: N_("erase a customer's personal data"),
    Permission.RESTORE: N_("restore a backup"),
    Permission.IMPORT: N_("import data"),
    Permission.MERGE: N_("merge customers"),
    Permission.EXPORT_ALL: N_("export the whole database"),
    Permission.PROGRAMME: N_("change the programme (rules, tiers, rewards)"),
    Permission.LARGE_CORRECTION: N_("make a large points correction"),
    Permission.MONTH_END: N_("run month-end"),
    Permission.MANAGE_STAFF: N_("manage staff"),
}

ROLE_LABELS: dict[str, str] = {OWNER: N_("owner"), STAFF: N_("staff member")}


def needed_role(permission: Permission) -> str:
    """The least role allowed to do ``permission``."""
    return STAFF if permission is Permission.CHANGE_DATA else OWNER


def role_allows(role: str, permission: Permission) -> bool:
    return role == OWNER or needed_role(permission) == role


def correction_permission(points: int, limit: int) -> Permission:
    """A correction of more than ``limit`` points either way is the owner's."""
    return Permission.LARGE_CORRECTION if abs(points) > limit else Permission.CHANGE_DATA


def check_role(role: str) -> str:
    cleaned = (role or "").strip().lower()
    if cleaned not in ROLES:
        raise InvalidInput(
            _("The role must be owner or staff, not {role}.").format(role=repr(role[:20]))
        )
    return cleaned


def check_pin(pin: str) -> str:
    """4 to 8 digits (ASCII), nothing else."""
    if not (isinstance(pin, str) and PIN_MIN <= len(pin) <= PIN_MAX and pin.isascii()
            and pin.isdigit()):
        raise InvalidInput(
            _("A PIN is {low} to {high} digits.").format(low=PIN_MIN, high=PIN_MAX)
        )
    return pin


def check_name(name: str) -> str:
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise InvalidInput(_("A staff member needs a name."))
    if len(cleaned) > NAME_MAX:
        raise InvalidInput(
            _("A staff member's name is at most {n} characters.").format(n=NAME_MAX)
        )
    return cleaned


def name_key(name: str) -> str:
    """Names are unique regardless of case ("Ona" and "ONA" are one person)."""
    return " ".join(name.split()).casefold()


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        pin.encode("ascii"), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r + 2**20,
        dklen=_HASH_BYTES,
    )


def hash_pin(pin: str) -> str:
    """``scrypt$n$r$p$salt$hash`` (hex), with a fresh random salt each time."""
    check_pin(pin)
    salt = secrets.token_bytes(_SALT_BYTES)
    digest = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    """True when ``pin`` made ``stored``; compared in constant time. A malformed PIN or stored
    value is simply False."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = bytes.fromhex(digest)
        candidate = _scrypt(check_pin(pin), bytes.fromhex(salt), int(n), int(r), int(p))
    except (ValueError, InvalidInput):
        return False
    return hmac.compare_digest(candidate, expected)


@dataclass(frozen=True)
class Attempt:
    """The state after one PIN try: the new count of wrong PINs in a row and the lock."""

    failed_count: int
    locked_until: datetime | None
    just_locked: bool


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and now < locked_until


def after_wrong_pin(
    failed_count: int, now: datetime, *, max_failures: int, lock_minutes: int
) -> Attempt:
    """One more wrong PIN; the ``max_failures``-th in a row locks for ``lock_minutes`` and
    starts the count again."""
    count = failed_count + 1
    if count >= max_failures:
        return Attempt(0, now + timedelta(minutes=lock_minutes), True)
    return Attempt(count, None, False)


def _clock(instant: datetime) -> str:
    """The shop's local time of day, e.g. 14:05."""
    return instant.astimezone().strftime("%H:%M")


class RoleNeeded(NotAllowed):
    """The person at the till may not do this; ``needed_role`` may (the window offers that
    person's approval on the spot)."""

    def __init__(self, permission: Permission, needed: str, who: str | None = None) -> None:
        super().__init__(
            _("Only an owner may {action}; {name} is a staff member.").format(
                action=_(PERMISSION_LABELS[permission]), name=who or "?"
            )
        )
        self.permission = permission
        self.needed_role = needed


class IdentityNeeded(NotAllowed):
    """The shop has staff and nobody said who is at the till."""

    def __init__(self, permission: Permission) -> None:
        super().__init__(
            _(
                "Who is at the till? This shop has staff: give your name and PIN "
                "(--as NAME with $SHOPKEEPER_PIN, or sign in in the window) to {action}."
            ).format(action=_(PERMISSION_LABELS[permission]))
        )
        self.permission = permission
        self.needed_role = needed_role(permission)


class WrongPin(NotAllowed):
    def __init__(self, name: str, tries_left: int) -> None:
        super().__init__(
            ngettext(
                "Wrong name or PIN for {name}; {n} more wrong PIN locks it.",
                "Wrong name or PIN for {name}; {n} more wrong PINs lock it.",
                tries_left,
            ).format(name=name, n=tries_left)
        )
        self.name = name
        self.tries_left = tries_left


class UnknownStaff(NotAllowed):
    def __init__(self, name: str) -> None:
        super().__init__(
            _("No active staff member is called {name}.").format(name=repr(name[:40]))
        )
        self.name = name


class StaffLocked(NotAllowed):
    """Too many wrong PINs in a row; says when the lock ends."""

    def __init__(self, name: str, until: datetime) -> None:
        super().__init__(
            _(
                "{name} is locked after too many wrong PINs until {time}; "
                "an owner can unlock earlier."
            ).format(name=name, time=_clock(until))
        )
        self.name = name
        self.until = until
