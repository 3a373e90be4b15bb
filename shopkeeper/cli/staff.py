"""``shopkeeper staff ...`` (add, list, set, unlock, settings) and ``--as NAME``: the till's person.

With ``--as NAME`` the PIN comes from ``$SHOPKEEPER_PIN`` or is asked on the terminal (never
echoed), and every database the command opens (the shop's own) gets that person as its actor.
Commands that change data refuse in the services when the shop has staff and nobody said who
they are; read-only commands need no identity.
"""

from __future__ import annotations

import argparse
import getpass
import os

from shopkeeper import bootstrap, settings
from shopkeeper.bootstrap import open_database
from shopkeeper.cli.output import emit_json, when
from shopkeeper.domain.acting import ROLES, Actor
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.staff import ROLE_LABELS
from shopkeeper.i18n import _, ngettext
from shopkeeper.services import staff as staff_service
from shopkeeper.storage.database import Database, database_url

ENV_PIN = "SHOPKEEPER_PIN"


class Identity:
    """``--as NAME``: authenticates once against the shop's database, then reuses the person
    for every reopening of it in this command."""

    def __init__(self, name: str, url: str) -> None:
        self.name = name
        self.url = url
        self._actor: Actor | None = None

    def pin(self) -> str:
        pin = os.environ.get(ENV_PIN)
        if pin is None:
            try:
                pin = getpass.getpass(_("PIN for {name}: ").format(name=self.name))
            except EOFError:
                pin = ""
        return pin.strip()

    def __call__(self, db: Database, url: str) -> None:
        if url != self.url or not staff_service.staff_exist(db):
            return  # another database (a copy's target), or a shop without staff
        if self._actor is None:
            self._actor = staff_service.authenticate(db, self.name, self.pin())
        db.actor = self._actor


def install_identity(args: argparse.Namespace) -> None:
    """Called by ``cli.main`` before the command runs."""
    name = getattr(args, "acting_as", None)
    if not name:
        bootstrap.set_identity(None)
        return
    url = database_url(settings.database_target(args.db))
    bootstrap.set_identity(Identity(name, url))


def _db(args: argparse.Namespace) -> Database:
    return open_database(settings.database_target(args.db))


def _new_pin(args: argparse.Namespace) -> str:
    pin = args.pin
    if pin is None:
        pin = getpass.getpass(_("New PIN: "))
    return pin


def _active(value: str | None) -> bool | None:
    return None if value is None else value == "yes"


def add(args: argparse.Namespace) -> int:
    db = _db(args)
    info = staff_service.add_staff(db, name=args.name, role=args.role, pin=_new_pin(args))
    if args.json:
        emit_json({"added": info.name, "role": info.role, "staff": _by(db)})
    else:
        print(
            _("Added {name} ({role}).").format(name=info.name, role=_(ROLE_LABELS[info.role]))
        )
    return 0


def _by(db: Database) -> str | None:
    return db.actor.name if db.actor is not None else None


def list_(args: argparse.Namespace) -> int:
    db = _db(args)
    people = staff_service.list_staff(db)
    if args.json:
        emit_json([
            {"name": p.name, "role": p.role, "active": p.active,
             "locked_until": p.locked_until, "created_at": p.created_at}
            for p in people
        ])
        return 0
    if not people:
        print(_("No staff: the shop works without names and PINs."))
    now = db.now()
    for p in people:
        state = _("active") if p.active else _("inactive")
        if p.locked_until is not None and p.locked_until > now:
            state = _("locked until {time}").format(
                time=p.locked_until.astimezone().strftime("%H:%M")
            )
        print(f"{p.name:<24} {_(ROLE_LABELS[p.role]):<14} {state:<20} {when(p.created_at)}")
    return 0


def set_(args: argparse.Namespace) -> int:
    if args.role is None and args.pin is None and args.active is None:
        raise InvalidInput(_("Nothing to change: give --role, --pin or --active."))
    db = _db(args)
    info = staff_service.set_staff(
        db, args.name, role=args.role, pin=args.pin, active=_active(args.active)
    )
    if args.json:
        emit_json({"name": info.name, "role": info.role, "active": info.active,
                   "staff": _by(db)})
    else:
        print(_("Saved {name}.").format(name=info.name))
    return 0


def unlock(args: argparse.Namespace) -> int:
    db = _db(args)
    info = staff_service.unlock_staff(db, args.name)
    if args.json:
        emit_json({"unlocked": info.name, "staff": _by(db)})
    else:
        print(_("{name} is unlocked.").format(name=info.name))
    return 0


SETTING_OPTIONS = {  # option -> StaffSettings field
    "lock_after": "max_failures",
    "lock_minutes": "lock_minutes",
    "idle_minutes": "idle_minutes",
    "correction_limit": "correction_limit",
}


def settings_(args: argparse.Namespace) -> int:
    db = _db(args)
    changes = {
        field: getattr(args, option)
        for option, field in SETTING_OPTIONS.items()
        if getattr(args, option) is not None
    }
    found = (
        staff_service.save_staff_settings(db, **changes)
        if changes
        else staff_service.staff_settings(db)
    )
    if args.json:
        emit_json({**found.__dict__, "staff": _by(db) if changes else None})
        return 0
    print(_("Wrong PINs before a lock: {n}").format(n=found.max_failures))
    print(_("Minutes a lock lasts: {n}").format(n=found.lock_minutes))
    print(_("Idle minutes before the till asks for a PIN again: {n}").format(n=found.idle_minutes))
    limit = found.correction_limit
    print(
        ngettext(
            "Largest correction a staff member may make: {n} point",
            "Largest correction a staff member may make: {n} points",
            limit,
        ).format(n=limit)
    )
    return 0


def add_global_option(common: argparse.ArgumentParser) -> None:
    common.add_argument(
        "--as",
        dest="acting_as",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help=_("who is at the till (the PIN from $SHOPKEEPER_PIN, else asked)"),
    )


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``staff`` to the main parser."""
    staff = sub.add_parser("staff", help=_("the people at the till: names, roles and PINs"))
    ssub = staff.add_subparsers(dest="action", metavar="ACTION", required=True)

    def command(name: str, handler, help_text: str) -> argparse.ArgumentParser:  # noqa: ANN001
        p = ssub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    p = command("add", add, _("add a staff member (the first one is the owner)"))
    p.add_argument("--name", required=True)
    p.add_argument("--role", choices=ROLES, required=True)
    p.add_argument("--pin", help=_("4 to 8 digits (asked when left out)"))
    command("list", list_, _("list the staff (never their PINs)"))
    p = command("set", set_, _("change a staff member's role, PIN or active flag"))
    p.add_argument("name")
    p.add_argument("--role", choices=ROLES)
    p.add_argument("--pin")
    p.add_argument("--active", choices=["yes", "no"])
    p = command("unlock", unlock, _("lift a lock after wrong PINs"))
    p.add_argument("name")
    p = command(
        "settings",
        settings_,
        _("show or change the lockout, idle and correction limits (changing is the owner's)"),
    )
    p.add_argument("--lock-after", type=int, metavar="N", help=_("wrong PINs in a row"))
    p.add_argument("--lock-minutes", type=int, metavar="M")
    p.add_argument("--idle-minutes", type=int, metavar="M")
    p.add_argument("--correction-limit", type=int, metavar="POINTS")
