"""At start: a damaged database gets a clear message and the offer of its latest good backup,
never a traceback. The questions go through ``ui.dialogs`` (tests replace ``ask``/``inform``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from shopkeeper.domain.errors import DatabaseDamaged, ShopkeeperError
from shopkeeper.i18n import N_, _, ngettext
from shopkeeper.services import backups
from shopkeeper.storage.backup import ensure_sound
from shopkeeper.ui import dialogs

TITLE = N_("Shopkeeper — the database is damaged")


def _customers(n: int) -> str:
    return ngettext("{n} customer", "{n} customers", n).format(n=n)


def offer_restore_if_damaged(parent: QWidget | None, path: str | Path) -> bool:
    """Call before ``open_database``. True when the file can be opened: it is sound (or new, or
    a server URL), or it was damaged and the latest good backup has just been restored. False
    when it is damaged and was not restored (no backup, or the user said no): the message has
    been shown, and the window should not open."""
    if "://" in str(path):
        return True
    path = Path(path)
    try:
        ensure_sound(path)
        return True
    except DatabaseDamaged as damaged:
        problem = str(damaged)
    backup = backups.latest_good_backup(path)
    if backup is None:
        advice = _(
            "No good backup of it was found in {folder} or the folder chosen for backups. Copy a "
            "backup file there, or ask for help; the damaged file has not been changed."
        ).format(folder=backups.default_folder())
        dialogs.inform(parent, _(TITLE), f"{problem}\n\n{advice}", warning=True)
        return False
    try:
        check = backups.check_backup_file(backup.path)
    except ShopkeeperError as error:
        dialogs.inform(parent, _(TITLE), f"{problem}\n\n{error}", warning=True)
        return False
    taken = backup.at.astimezone().strftime("%Y-%m-%d %H:%M")
    offer = _(
        "Restore the latest good backup, taken {when} ({customers})? What was recorded after it "
        "will be missing. The damaged file is kept beside it."
    ).format(when=taken, customers=_customers(check.customers))
    if not dialogs.ask(parent, _(TITLE), f"{problem}\n\n{offer}"):
        return False
    try:
        done = backups.restore_backup(path, backup.path)
    except ShopkeeperError as error:
        dialogs.inform(
            parent,
            _(TITLE),
            _("The backup could not be restored: {error}").format(error=error),
            warning=True,
        )
        return False
    dialogs.inform(
        parent,
        _("Shopkeeper"),
        _(
            "The backup taken {when} is restored ({customers}). The damaged file is kept as "
            "{file}."
        ).format(when=taken, customers=_customers(done.customers), file=done.kept_aside),
    )
    return True
