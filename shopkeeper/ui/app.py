"""Starting the window: ``shopkeeper`` (your shop) or ``shopkeeper --demo`` (the demo shop).

The demo shop is built on first use into its own file, on a worker thread while a busy dialog
shows; it is written under a temporary name and renamed when complete, so an interrupted build
is never opened as a half-filled shop.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QProgressDialog

from shopkeeper import settings
from shopkeeper.bootstrap import open_database
from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.i18n import _
from shopkeeper.resources import ICON_SIZES, ICONS
from shopkeeper.services import shop_setup
from shopkeeper.storage.database import Database
from shopkeeper.ui import collector, dialogs, errors, language
from shopkeeper.ui.data.damaged import offer_restore_if_damaged
from shopkeeper.ui.main_window import MainWindow
from shopkeeper.ui.none_refs import NoneKeeper
from shopkeeper.ui.operations import Operations, Worker

ORGANISATION = "Shopkeeper"
APPLICATION = "Shopkeeper"
DEMO_CUSTOMERS = 2_000
DEMO_MONTHS = 18
DEMO_SEED = 1
DEMO_SHOP_NAME = "Demo Bakery"


def application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setDesktopFileName("shopkeeper")  # Wayland matches the window to shopkeeper.desktop
    app.setWindowIcon(application_icon())
    # One keeper for the process, owned by the application: a timer owned by a passing object
    # (an ``Operations``) could be freed by Python's collector on a worker thread, leaving Qt
    # a timer to fire on freed memory (the suite's intermittent segfaults came from that).
    if app.findChild(NoneKeeper) is None:
        NoneKeeper(app)
    collector.install(app)  # cycles are freed on this thread, never on a worker
    return app  # type: ignore[return-value]


def application_icon() -> QIcon:
    """The awning-and-stamp-card icon, every size drawn (the window, the task bar, Alt+Tab)."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(ICONS / f"shopkeeper-{size}.png"))
    return icon


def user_settings() -> QSettings:
    """Window settings: the platform's place for them, or beside the data of a portable install
    (``SHOPKEEPER_DATA_DIR``, which tests set too)."""
    if os.environ.get(settings.ENV_DATA_DIR):
        return QSettings(str(settings.data_dir() / "window.ini"), QSettings.Format.IniFormat)
    return QSettings(ORGANISATION, APPLICATION)


def _remove_sqlite_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def build_demo(path: Path, *, customers: int = DEMO_CUSTOMERS, months: int = DEMO_MONTHS) -> None:
    """Fill a new demo shop at ``path`` (runs on a worker thread: no widgets here)."""
    from shopkeeper.services.demo import build_demo_shop

    part = path.with_name(path.name + ".part")
    _remove_sqlite_files(part)
    db = open_database(part, shop_name=DEMO_SHOP_NAME)
    try:
        build_demo_shop(db, customers=customers, months=months, seed=DEMO_SEED)
    finally:
        db.dispose()  # the last connection closing folds the WAL back into the file
    part.replace(path)


def build_demo_with_progress(path: Path) -> bool:
    """Build the demo shop off the GUI thread while a busy dialog shows; True when ready."""
    dialog = QProgressDialog(
        _(
            "Building the demo shop: {customers} customers and {months} months of "
            "visits.\nThis happens once and takes a little while…"
        ).format(customers=f"{DEMO_CUSTOMERS:,}", months=DEMO_MONTHS),
        "",
        0,
        0,
    )
    dialog.setWindowTitle(_("Shopkeeper"))
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.setMinimumWidth(440)
    dialog.show()
    loop = QEventLoop()
    outcome: list[bool] = []
    worker = Worker()

    def finish(ok: bool) -> None:
        outcome.append(ok)
        loop.quit()

    def refused(error: ShopkeeperError) -> None:
        dialog.hide()
        dialogs.inform(
            None,
            _("Shopkeeper"),
            _("The demo shop could not be built: {error}").format(error=error),
            warning=True,
        )
        finish(False)

    worker.start(
        lambda: build_demo(path),
        on_done=lambda _result: finish(True),
        on_error=refused,
        on_crash=lambda _error: finish(False),
    )
    if not outcome:
        loop.exec()
    dialog.close()
    worker.wait()
    return outcome == [True]


def open_shop(args: argparse.Namespace) -> Database | None:
    """The database the arguments ask for (building the demo on first use), or None."""
    if getattr(args, "demo", False):
        path = settings.demo_database()
        if not path.exists() and not build_demo_with_progress(path):
            return None
        target = str(path)
    else:
        target = settings.database_target(getattr(args, "db", None))
    if not offer_restore_if_damaged(None, target):
        return None  # damaged and not restored: the message has been shown
    return open_database(target)


def show_main_window(db: Database, window_settings: QSettings, *, demo: bool) -> MainWindow:
    """Build and show the window, then take everything built so far out of the garbage
    collector's full passes: a full pass over the imported libraries took 30-80 ms, long enough
    to stall typing in the search field (``gc.freeze``; new objects are still collected)."""
    window = MainWindow(db, window_settings, demo=demo)
    window.show()
    window.raise_()
    window.activateWindow()  # the search field is to take the first keystroke
    gc.collect()
    gc.freeze()
    return window


def speak_for_welcome(app: QApplication, args: argparse.Namespace) -> str:
    """Before any shop exists: speak ``--lang``, else this till's choice, else the system
    locale's language (the one the welcome prefills). Once the shop is set up,
    ``language.start`` switches to the language the person picked for it."""
    chosen = language.window_language(
        flag=getattr(args, "lang", None), till=language.till_language(user_settings())
    )
    return language.apply_language(app, chosen)


def welcome(args: argparse.Namespace) -> str | None:
    """When no shop exists yet, the first-run welcome: the way on the person chose ("start",
    "import", "demo"), "" when a shop exists, None when they closed the welcome. Its
    ``Database`` is not connected until the person starts the shop: no file appears before."""
    target = settings.database_target(getattr(args, "db", None))
    if getattr(args, "demo", False) or not shop_setup.first_run_needed(target):
        return ""
    from shopkeeper.ui import first_run  # only before a shop exists: not on every start

    db = Database.open(target)
    try:
        return first_run.ask(Operations(db))
    finally:
        db.dispose()


def run(args: argparse.Namespace) -> int:
    """The window's main loop; returns the exit code."""
    app = application()
    errors.install()
    try:
        speak_for_welcome(app, args)
        way = welcome(args)
        if way is None:
            return 0
        if way == "demo":
            args = argparse.Namespace(**{**vars(args), "demo": True})
        db = open_shop(args)
    except ShopkeeperError as error:
        dialogs.inform(None, _("Shopkeeper"), str(error), warning=True)
        return 1
    if db is None:
        return 1
    try:
        window_settings = user_settings()
        language.start(app, db, window_settings, flag=getattr(args, "lang", None))
        window = show_main_window(db, window_settings, demo=bool(getattr(args, "demo", False)))
        window.start_automatic_backups()
        if way == "import":
            window.import_customers()
        if getattr(args, "quit_after", None):  # a smoke test of a build: open, then close
            QTimer.singleShot(int(args.quit_after * 1000), window.close)
        code = app.exec()
        window.backup_on_close()
        del window
        return code
    finally:
        db.dispose()
        language.restart_if_asked()  # a new language chosen: start again, the file released
