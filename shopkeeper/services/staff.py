"""Staff members: add, list, change, unlock, and ``authenticate`` (name + PIN -> ``Actor``).

The first staff member needs no identity and must be an owner; after that, managing staff is
the owner's. The shop is never left without an active owner. Wrong PINs are counted and lock
the person out (both limits are shop settings); lock times come from the shop's clock.
"""

from __future__ import annotations

import json
import time
import weakref
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from shopkeeper.domain import staff as rules
from shopkeeper.domain.acting import OWNER, Actor
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.staff import Permission, StaffLocked, UnknownStaff, WrongPin
from shopkeeper.i18n import _
from shopkeeper.services import audit
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database

SETTINGS_KEY = "staff"
_CACHE_SECONDS = 5.0  # another till adding the first staff member is seen within this
_exist_cache: weakref.WeakKeyDictionary[Database, tuple[bool, float]] = (
    weakref.WeakKeyDictionary()
)


@dataclass(frozen=True)
class StaffInfo:
    id: int
    name: str
    role: str
    active: bool
    failed_count: int
    locked_until: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class StaffSettings:
    max_failures: int = rules.MAX_FAILURES
    lock_minutes: int = rules.LOCK_MINUTES
    idle_minutes: int = rules.IDLE_MINUTES
    correction_limit: int = rules.CORRECTION_LIMIT


def _info(row: t.Staff) -> StaffInfo:
    return StaffInfo(
        row.id, row.name, row.role, row.active, row.failed_count, row.locked_until,
        row.created_at,
    )


def _forget(db: Database) -> None:
    _exist_cache.pop(db, None)


def staff_exist(db: Database) -> bool:
    """Whether this shop has any staff member (then identities are asked for). Cached per
    ``Database`` for a few seconds and dropped on every staff change made here."""
    cached = _exist_cache.get(db)
    now = time.monotonic()
    if cached is not None and now - cached[1] < _CACHE_SECONDS:
        return cached[0]
    with db.read() as session:
        exists = session.exec(select(t.Staff.id).limit(1)).first() is not None
    _exist_cache[db] = (exists, now)
    return exists


def _settings_in(session: Session) -> StaffSettings:
    row = session.get(t.Setting, SETTINGS_KEY)
    data = json.loads(row.value) if row is not None else {}
    known = StaffSettings.__dataclass_fields__
    return StaffSettings(**{k: int(v) for k, v in data.items() if k in known})


def staff_settings(db: Database) -> StaffSettings:
    with db.read() as session:
        return _settings_in(session)


def save_staff_settings(db: Database, **changes: int) -> StaffSettings:
    """Change the lockout, idle and correction limits (owner only)."""
    from shopkeeper.services.authority import require

    require(db, Permission.MANAGE_STAFF)
    for key, value in changes.items():
        if key not in StaffSettings.__dataclass_fields__:
            raise InvalidInput(_("Unknown staff setting {key}.").format(key=repr(key)))
        if not isinstance(value, int) or value < 1:
            raise InvalidInput(
                _("The staff setting {key} must be a whole number of at least 1.").format(
                    key=key
                )
            )

    def work(session: Session) -> StaffSettings:
        current = _settings_in(session)
        merged = {**current.__dict__, **changes}
        row = session.get(t.Setting, SETTINGS_KEY)
        text = json.dumps(merged, sort_keys=True)
        if row is None:
            session.add(t.Setting(key=SETTINGS_KEY, value=text))
        else:
            row.value = text
        audit.record_changes(
            session, db, kind="staff.settings", before=current.__dict__, after=merged
        )
        return StaffSettings(**merged)

    return db.transaction(work)


def _by_name(session: Session, name: str, *, for_update: bool = False) -> t.Staff | None:
    statement = select(t.Staff).where(t.Staff.name_key == rules.name_key(name))
    if for_update:
        statement = statement.with_for_update().execution_options(populate_existing=True)
    return session.exec(statement).first()


def _audit(
    session: Session,
    db: Database,
    kind: str,
    row: t.Staff,
    *,
    before: dict | None = None,
    after: dict | None = None,
) -> None:
    """A staff event in the audit log, in the same transaction (who acted: ``db.actor``;
    about whom: ``row``). Never the PIN or its hash."""
    audit.record(session, db, kind=kind, subject=row.name, before=before, after=after)


def add_staff(db: Database, *, name: str, role: str, pin: str) -> StaffInfo:
    """The first staff member needs no identity and must be an owner; later ones need an
    owner at the till."""
    from shopkeeper.services.authority import require

    cleaned = rules.check_name(name)
    role = rules.check_role(role)
    pin_hash = rules.hash_pin(rules.check_pin(pin))
    first = not staff_exist(db)
    if not first:
        require(db, Permission.MANAGE_STAFF)

    def work(session: Session) -> StaffInfo:
        any_staff = session.exec(select(t.Staff.id).limit(1)).first() is not None
        if any_staff and first:  # another till added the first one meanwhile
            from shopkeeper.services.authority import require

            _forget(db)
            require(db, Permission.MANAGE_STAFF)
        if not any_staff and role != OWNER:
            raise InvalidInput(_("The first staff member must be an owner."))
        if _by_name(session, cleaned) is not None:
            raise InvalidInput(
                _("A staff member called {name} already exists.").format(name=cleaned)
            )
        row = t.Staff(
            name=cleaned, name_key=rules.name_key(cleaned), role=role, pin_hash=pin_hash,
            active=True, created_at=db.now(),
        )
        session.add(row)
        session.flush()
        _audit(session, db, "staff.add", row, after={"name": row.name, "role": role})
        return _info(row)

    try:
        return db.transaction(work)
    finally:
        _forget(db)


def list_staff(db: Database) -> list[StaffInfo]:
    with db.read() as session:
        rows = session.exec(select(t.Staff).order_by(t.Staff.name_key)).all()
        return [_info(row) for row in rows]


def _active_owners(session: Session) -> int:
    return session.exec(
        select(func.count()).select_from(t.Staff).where(
            t.Staff.role == OWNER, t.Staff.active == True  # noqa: E712 - SQL
        )
    ).one()


def set_staff(
    db: Database,
    name: str,
    *,
    role: str | None = None,
    pin: str | None = None,
    active: bool | None = None,
) -> StaffInfo:
    """Change a staff member's role, PIN or active flag (owner only); never leaves the shop
    without an active owner. A new PIN also lifts a lock."""
    from shopkeeper.services.authority import require

    require(db, Permission.MANAGE_STAFF)
    role = rules.check_role(role) if role is not None else None
    pin_hash = rules.hash_pin(pin) if pin is not None else None

    def work(session: Session) -> StaffInfo:
        row = _by_name(session, name, for_update=True)
        if row is None:
            raise UnknownStaff(name)
        before = {"role": row.role, "active": row.active}
        if role is not None:
            row.role = role
        if active is not None:
            row.active = active
        if pin_hash is not None:
            row.pin_hash = pin_hash
            row.failed_count = 0
            row.locked_until = None
        session.flush()
        if _active_owners(session) == 0:
            raise InvalidInput(
                _("This would leave the shop without an active owner; add another owner first.")
            )
        after = {"role": row.role, "active": row.active}
        if pin_hash is not None:
            after["pin"] = "changed"
        _audit(session, db, "staff.change", row, before=before, after=after)
        return _info(row)

    try:
        return db.transaction(work)
    finally:
        _forget(db)


def unlock_staff(db: Database, name: str) -> StaffInfo:
    """Lift a lockout before it ends (owner only)."""
    from shopkeeper.services.authority import require

    require(db, Permission.MANAGE_STAFF)

    def work(session: Session) -> StaffInfo:
        row = _by_name(session, name, for_update=True)
        if row is None:
            raise UnknownStaff(name)
        row.failed_count = 0
        row.locked_until = None
        session.flush()
        _audit(session, db, "staff.unlock", row)
        return _info(row)

    return db.transaction(work)


@dataclass(frozen=True)
class _Outcome:
    actor: Actor | None
    error: Exception | None


def authenticate(db: Database, name: str, pin: str) -> Actor:
    """The staff member ``name`` if ``pin`` is theirs. A wrong PIN is counted; the
    ``max_failures``-th in a row locks them for ``lock_minutes`` of the shop's clock
    (``StaffLocked`` names when the lock ends)."""
    with db.read() as session:
        row = _by_name(session, name)
        settings = _settings_in(session)
        found = None if row is None or not row.active else _info(row)
        pin_hash = row.pin_hash if found is not None else ""
    if found is None:
        raise UnknownStaff(name)
    now = db.now()
    if rules.is_locked(found.locked_until, now):
        raise StaffLocked(found.name, found.locked_until)
    right = rules.verify_pin(pin, pin_hash)  # slow (scrypt): outside the transaction

    def work(session: Session) -> _Outcome:
        current = _by_name(session, name, for_update=True)
        if current is None or not current.active:
            return _Outcome(None, UnknownStaff(name))
        if rules.is_locked(current.locked_until, now):
            return _Outcome(None, StaffLocked(current.name, current.locked_until))
        if right:
            if current.failed_count or current.locked_until is not None:
                current.failed_count = 0
                current.locked_until = None
            return _Outcome(Actor(current.id, current.name, current.role), None)
        attempt = rules.after_wrong_pin(
            current.failed_count, now,
            max_failures=settings.max_failures, lock_minutes=settings.lock_minutes,
        )
        current.failed_count = attempt.failed_count
        current.locked_until = attempt.locked_until
        session.flush()
        if attempt.just_locked:
            _audit(
                session, db, "lockout", current,
                after={"locked_until": attempt.locked_until.isoformat()},
            )
            return _Outcome(None, StaffLocked(current.name, attempt.locked_until))
        return _Outcome(
            None, WrongPin(current.name, settings.max_failures - attempt.failed_count)
        )

    outcome = db.transaction(work)
    if outcome.error is not None:
        raise outcome.error
    return outcome.actor


def approve(db: Database, owner_name: str, pin: str, permission: Permission) -> Actor:
    """An owner approves one action on the spot with their PIN: returns the owner (the window
    runs that one action as them) and records the approval for the person at the till."""
    from shopkeeper.domain.staff import RoleNeeded, needed_role

    owner = authenticate(db, owner_name, pin)
    if not owner.is_owner:
        raise RoleNeeded(permission, needed_role(permission), owner.name)

    def work(session: Session) -> None:
        row = session.get(t.Staff, owner.staff_id)
        _audit(
            session, db, "staff.approve", row,
            after={"action": permission.value, "approved_by": owner.name},
        )

    db.transaction(work)
    return owner
