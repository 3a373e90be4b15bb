"""The main window: a shell of menus, navigation between screens and a status bar.

Screens live in their own modules and are added with ``add_view``; the window holds no business
logic and reads nothing but the shop's programme at start (nothing that grows with the number of
customers). Geometry, splitter and the last screen are kept in ``QSettings``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.services import programme
from shopkeeper.storage.database import Database
from shopkeeper.ui import dialogs
from shopkeeper.ui.catalogue import CatalogueController, CatalogueView
from shopkeeper.ui.counter.screen import CounterController, CounterView
from shopkeeper.ui.operations import Change, Operations
from shopkeeper.ui.style import ERROR_STYLE, OK_STYLE

MESSAGE_MS = 12_000
DEFAULT_SIZE = (1280, 800)


class LazyView(QWidget):
    """A screen built the first time it is shown, so that what it imports (QtPdf, ReportLab
    for the letters) does not slow the start of the counter."""

    def __init__(
        self, factory: Callable[[QWidget], QWidget], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._factory = factory
        self.content: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure_built(self) -> QWidget:
        if self.content is None:
            self.content = self._factory(self)
            self._layout.addWidget(self.content)
        return self.content

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_built()
        super().showEvent(event)


def window_title(shop_name: str, *, demo: bool = False) -> str:
    return f"Shopkeeper — {shop_name}" + ("  (demo shop)" if demo else "")


class MainWindow(QMainWindow):
    def __init__(
        self,
        db: Database,
        settings: QSettings,
        *,
        demo: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.operations = Operations(db, self)
        prog = programme.load(db)  # a small read of the shop's settings; nothing per customer
        self.shop = prog.shop
        self.location = str(db.sqlite_path or db.engine.url.render_as_string())
        self.setWindowTitle(window_title(self.shop.name, demo=demo))
        self.setObjectName("main_window")

        self.views = QStackedWidget(self)
        self.setCentralWidget(self.views)
        self._view_names: list[str] = []
        self._view_actions = QActionGroup(self)
        self._view_actions.setExclusive(True)
        self.navigation = QToolBar("Screens", self)
        self.navigation.setObjectName("navigation")
        self.navigation.setMovable(False)
        self.navigation.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.navigation)

        self.counter_view = CounterView(self)
        self.counter = CounterController(self.counter_view, self.operations, prog)
        self.catalogue_view = CatalogueView(self)
        self.catalogue = CatalogueController(self.catalogue_view, self.operations)

        self._build_menus()
        self.add_view("counter", "&Counter", self.counter_view, QKeySequence("F2"))
        self.add_view("rewards", "&Rewards", self.catalogue_view, QKeySequence("F3"))
        self.letters_view = LazyView(self._build_letters_view, self)
        self.add_view("letters", "&Letters", self.letters_view, QKeySequence("F4"))
        self.customers_view = LazyView(self._build_customer_list, self)
        self.add_view("customers", "C&ustomers", self.customers_view, QKeySequence("F5"))
        self.reports_view = LazyView(self._build_reports, self)
        self.add_view("reports", "R&eports", self.reports_view, QKeySequence("F6"))
        self.settings_view = LazyView(self._build_settings, self)
        self.add_view("settings", "&Programme", self.settings_view, QKeySequence("F7"))
        self._db = db
        self._previews: list[QWidget] = []
        profile = self.counter_view.profile
        profile.print_card_requested.connect(self.print_card)
        profile.voucher_issued.connect(self.print_voucher)
        profile.set_printing_available(True)

        self.message = QLabel("", self)
        self.message.setObjectName("status_message")
        self.statusBar().addWidget(self.message, 1)
        location = QLabel(self.location, self)
        location.setObjectName("database_location")
        location.setStyleSheet("color: #666666;")
        self.statusBar().addPermanentWidget(location)
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.timeout.connect(self.message.clear)
        self.operations.failed.connect(self.show_error)
        self.operations.notice.connect(self.show_notice)
        self._first_show = True
        self._restore()

    # -- screens -------------------------------------------------------------------------
    def add_view(
        self, name: str, title: str, widget: QWidget, shortcut: QKeySequence | None = None
    ) -> QAction:
        """Add a screen to the navigation (the printing issue adds "Letters" this way)."""
        self.views.addWidget(widget)
        self._view_names.append(name)
        action = QAction(title, self)
        action.setCheckable(True)
        action.setData(name)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False, n=name: self.show_view(n))
        self._view_actions.addAction(action)
        self.navigation.addAction(action)
        self.view_menu.addAction(action)
        return action

    def current_view(self) -> str:
        return self._view_names[self.views.currentIndex()]

    def show_view(self, name: str) -> None:
        if name not in self._view_names:
            return
        index = self._view_names.index(name)
        self.views.setCurrentIndex(index)
        for action in self._view_actions.actions():
            action.setChecked(action.data() == name)
        if name == "rewards":
            self.catalogue.refresh()
        if name == "customers" and self.customers_view.content is not None:
            self.customers_view.content.reload_tiers()  # the programme may have changed
            self.customers_view.content.refresh()  # bookings elsewhere moved balances
        if name == "settings" and self.settings_view.content is not None:
            self.settings_view.content.reload()
        if name == "counter":
            self.counter.focus_search()

    # -- back office ------------------------------------------------------------------------
    def _build_customer_list(self, parent: QWidget) -> QWidget:
        from shopkeeper.ui.customers.list_view import CustomerListView

        view = CustomerListView(self.operations, parent)
        view.open_customer.connect(self.open_customer)
        return view

    def _build_reports(self, parent: QWidget) -> QWidget:
        from shopkeeper.ui.reports import ReportsView

        view = ReportsView(self.operations, self._db, parent)
        view.open_customer.connect(self.open_customer)  # a double-clicked row
        return view

    def _build_settings(self, parent: QWidget) -> QWidget:
        from shopkeeper.ui.settings import SettingsView

        return SettingsView(self.operations, parent)

    def open_customer(self, card_number: str) -> None:
        """From another screen (the customer list) to the counter's profile."""
        self.show_view("counter")
        self.counter.open_customer(card_number)

    def use_voucher(self) -> None:
        """A customer hands over a voucher: scan or type its code, check it, mark it used."""
        from shopkeeper.services import rewards

        code = dialogs.get_text(self, "Use a voucher", "Scan or type the voucher code:")
        if not code:
            return
        found = self.operations.read(rewards.find_voucher, code)
        if found is None:
            return
        if found.used_at is not None:  # use_voucher refuses it too; say it before asking
            self.operations.write(rewards.use_voucher, code, what="voucher")
            return
        question = (
            f"{found.reward_name} for {found.customer_name} (card {found.card_number}), "
            f"valid until {found.valid_until.isoformat()}.\n\nHand it over and mark the "
            "voucher as used?"
        )
        if not dialogs.ask(self, f"Voucher {found.code}", question):
            return
        used = self.operations.write(rewards.use_voucher, code, what="voucher")
        if used is not None:
            self.show_notice(
                f"Voucher {used.code} used: {used.reward_name} for {used.customer_name}."
            )

    # -- data safety ------------------------------------------------------------------------
    def _dialog(self, title: str, widget: QWidget) -> QDialog:
        dialog = QDialog(self)
        dialog.setWindowTitle(title)
        widget.setParent(dialog)
        layout = QVBoxLayout(dialog)
        layout.addWidget(widget)
        dialog.resize(900, 600)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._keep_preview(dialog)
        dialog.show()
        return dialog

    def import_customers(self) -> QDialog:
        from shopkeeper.ui.data import ImportWizard

        wizard = ImportWizard(self._db)
        wizard.imported.connect(
            lambda _result: self.operations.changed.emit(Change("import", None))
        )
        return self._dialog("Import customers", wizard)

    def show_backups(self) -> QDialog:
        from shopkeeper.ui.data import BackupsView

        view = BackupsView(self._db)
        view.about_to_restore.connect(self.operations.shutdown)
        view.restored.connect(self._restored)
        return self._dialog("Backups and restore", view)

    def _restored(self, _result: object) -> None:
        self.operations.changed.emit(Change("restore", None))
        self.counter.focus_search()
        self.show_notice("The backup was restored.")

    def _open_card(self) -> str | None:
        summary = self.counter.profile.summary
        if self.current_view() != "counter" or summary is None:
            self.show_error("Open the customer at the counter first.")
            return None
        return summary.card_number

    def export_customer_data(self) -> None:
        """Everything held about the open customer, as a readable file (their right of access)."""
        from shopkeeper.services import privacy

        card = self._open_card()
        if card is None:
            return
        path = dialogs.save_path(
            self, "Export the customer's data", f"customer-{card}.html", "Web page (*.html)"
        )
        if path and self.operations.read(privacy.export_customer_data, card, path) is not None:
            self.show_notice(f"Everything held about this customer is in {path}.")

    def erase_customer(self) -> None:
        """Erase on request: asks, then anonymises (the shop's figures still add up)."""
        from shopkeeper.services import privacy

        card = self._open_card()
        if card is None:
            return
        name = self.counter.profile.summary.name
        question = (
            f"Erase {name} for good?\n\nTheir name, card, contact details, address, birthday "
            "and notes are removed; their visits and points stay only as anonymous figures. "
            "This cannot be undone."
        )
        if not dialogs.ask(self, "Erase a customer", question):
            return
        self.counter.profile.summary = None  # the profile must not reload a card that is gone
        self.counter_view.show_page("welcome")
        done = self.operations.write(privacy.erase_customer, card, confirmed=True, what="erasure")
        if done is None:  # refused: the message is shown; back to the customer
            self.counter.open_customer(card)
            return
        self.counter.lookup.clear()
        self.show_notice(f"{name} was erased; the erasure is recorded.")

    def start_automatic_backups(self) -> None:
        """A backup now (unless one is under an hour old), and daily while the window is open.
        Off the GUI thread; the real program calls this, tests of screens need not."""
        from shopkeeper.services import backups

        def run(reason: str) -> None:
            self.operations.background(backups.auto_backup, reason, on_done=self._backed_up)

        run("open")
        self._daily_backup = QTimer(self)
        self._daily_backup.setInterval(3_600_000)  # hourly look; it backs up once a day
        self._daily_backup.timeout.connect(lambda: run("daily"))
        self._daily_backup.start()

    def _backed_up(self, done: object) -> None:
        if done is not None:
            self.statusBar().showMessage("Backed up.", 5000)

    def backup_on_close(self) -> None:
        """The backup when the program closes (after the window is gone, before the database)."""
        from shopkeeper.services import backups

        self.operations.read(backups.auto_backup, "close")

    # -- printing ----------------------------------------------------------------------------
    def _build_letters_view(self, parent: QWidget) -> QWidget:
        from shopkeeper.ui.printing import LettersView

        view = LettersView(self._db, parent)
        view.letters_recorded.connect(self._letters_recorded)
        return view

    def _letters_recorded(self, month: str, count: int) -> None:
        self.show_notice(f"{count} letters for {month} recorded as sent.")

    def _keep_preview(self, dialog: QWidget) -> None:
        self._previews = [d for d in self._previews if d.isVisible()] + [dialog]

    def print_card(self, card_number: str) -> None:
        """The counter's "Print card": the card in the shop's layout, previewed to print."""
        from shopkeeper.ui.printing import show_card_preview

        dialog = self.operations.read(
            lambda db, card: show_card_preview(self, db, card), card_number
        )
        if dialog is not None:
            self._keep_preview(dialog)

    def print_voucher(self, code: str) -> None:
        """After a redemption: the voucher, previewed so it can be printed at once."""
        from shopkeeper.ui.printing import show_voucher_preview

        dialog = self.operations.read(lambda db, c: show_voucher_preview(self, db, c), code)
        if dialog is not None:
            self._keep_preview(dialog)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        importing = file_menu.addAction("&Import customers…")
        importing.setObjectName("action_import")
        importing.triggered.connect(self.import_customers)
        backups_action = file_menu.addAction("&Backups and restore…")
        backups_action.setObjectName("action_backups")
        backups_action.triggered.connect(self.show_backups)
        file_menu.addSeparator()
        quit_action = file_menu.addAction("&Quit")
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)

        customer = bar.addMenu("C&ustomer")
        find = customer.addAction("&Find…")
        find.setObjectName("action_find")
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self.find_customer)
        new = customer.addAction("&New customer…")
        new.setObjectName("action_new_customer")
        new.setShortcut(QKeySequence.StandardKey.New)
        new.triggered.connect(self.new_customer)
        self.addActions([find, new])  # shortcuts work with the menu bar hidden too
        voucher = customer.addAction("Use a &voucher…")
        voucher.setObjectName("action_use_voucher")
        voucher.setShortcut(QKeySequence("Ctrl+U"))
        voucher.triggered.connect(self.use_voucher)
        self.addAction(voucher)
        customer.addSeparator()
        export = customer.addAction("E&xport this customer's data…")
        export.setObjectName("action_privacy_export")
        export.triggered.connect(self.export_customer_data)
        erase = customer.addAction("&Erase this customer on request…")
        erase.setObjectName("action_privacy_erase")
        erase.triggered.connect(self.erase_customer)
        from shopkeeper.ui.tools import WindowTools  # issue 10: history, correction, archive…

        self.tools = WindowTools(self, customer)

        self.view_menu = bar.addMenu("&View")
        help_menu = bar.addMenu("&Help")
        about = help_menu.addAction("&About Shopkeeper")
        about.triggered.connect(self._about)

    def find_customer(self) -> None:
        self.show_view("counter")
        self.counter.focus_search()

    def new_customer(self) -> None:
        self.show_view("counter")
        self.counter.lookup.request_new_customer()

    def _about(self) -> None:
        from shopkeeper.ui.tools import about_text

        dialogs.inform(self, "About Shopkeeper", about_text(self.location))

    # -- messages --------------------------------------------------------------------------
    def show_error(self, message: str) -> None:
        self._say(message, ERROR_STYLE)

    def show_notice(self, message: str) -> None:
        self._say(message, OK_STYLE)

    def _say(self, message: str, style: str) -> None:
        self.message.setStyleSheet(style)
        self.message.setText(message)
        self._message_timer.start(MESSAGE_MS)

    # -- settings --------------------------------------------------------------------------
    def _restore(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            room = self.screen().availableGeometry()
            self.resize(
                min(DEFAULT_SIZE[0], int(room.width() * 0.95)),
                min(DEFAULT_SIZE[1], int(room.height() * 0.92)),
            )
        splitter = self.settings.value("counter/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.counter_view.splitter.restoreState(splitter)
        view = self.settings.value("window/view", "counter")
        self.show_view(view if view in self._view_names else "counter")

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/view", self.current_view())
        self.settings.setValue("counter/splitter", self.counter_view.splitter.saveState())
        self.settings.sync()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._first_show:
            self._first_show = False
            if self.current_view() == "counter":
                QTimer.singleShot(0, self.counter.focus_search)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.operations.shutdown()
        super().closeEvent(event)
