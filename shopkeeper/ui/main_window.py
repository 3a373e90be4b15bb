"""The main window: a shell of menus, navigation between screens and a status bar.

Screens live in their own modules and are added with ``add_view``; vouchers, privacy, backup
scheduling and the counter's printing are their own modules too. The window holds no business
logic and reads nothing but the shop's programme at start (nothing that grows with the number of
customers). Geometry and splitter are kept in ``QSettings``; the window always opens on the
counter, where the first keystroke belongs.

Menus are built by one small method per menu (``_file_menu``, ``_customer_menu``...), each
action by ``_action``: a new action is one line in the menu it belongs to.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QActionEvent,
    QActionGroup,
    QCloseEvent,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from shopkeeper import till
from shopkeeper.i18n import _, ngettext
from shopkeeper.services import programme
from shopkeeper.ui import dialogs
from shopkeeper.ui.backup_schedule import BackupSchedule
from shopkeeper.ui.catalogue import CatalogueController, CatalogueView
from shopkeeper.ui.counter.screen import CounterController, CounterView
from shopkeeper.ui.operations import Change, Operations
from shopkeeper.ui.printing.counter import CounterPrinting
from shopkeeper.ui.privacy import PrivacyActions
from shopkeeper.ui.progress import JobProgress
from shopkeeper.ui.shortcuts import WindowShortcuts
from shopkeeper.ui.style import ERROR_STYLE, OK_STYLE
from shopkeeper.ui.vouchers import VoucherDesk
from shopkeeper.ui.windows import OpenWindows

if TYPE_CHECKING:
    from shopkeeper.storage.database import Database

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
    if demo:
        return _("Shopkeeper — {shop}  (demo shop)").format(shop=shop_name)
    return _("Shopkeeper — {shop}").format(shop=shop_name)


class MainWindow(QMainWindow):
    def __init__(
        self,
        db: Database,
        settings: QSettings,
        *,
        demo: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        """``db`` is the shop's ``Database`` from ``app.py``: it goes into ``Operations`` and
        nowhere else."""
        super().__init__(parent)
        self.settings = settings
        self.operations = Operations(db, self, till=till.till_id())
        prog = self.operations.read(programme.load)  # the shop's settings; nothing per customer
        assert prog is not None
        self.shop = prog.shop
        self.location = self.operations.location
        self.setWindowTitle(window_title(self.shop.name, demo=demo))
        self.setObjectName("main_window")
        self.windows = OpenWindows(self)

        self.views = QStackedWidget(self)
        self.setCentralWidget(self.views)
        self._view_names: list[str] = []
        self._view_actions = QActionGroup(self)
        self._view_actions.setExclusive(True)
        self.navigation = QToolBar(_("Screens"), self)
        self.navigation.setObjectName("navigation")
        self.navigation.setMovable(False)
        self.navigation.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.navigation)

        self.counter_view = CounterView(self)
        self.counter = CounterController(self.counter_view, self.operations, prog)
        self.catalogue_view = CatalogueView(self)
        self.catalogue = CatalogueController(self.catalogue_view, self.operations)
        self.vouchers = VoucherDesk(self.operations, self)
        self.printing = CounterPrinting(self.operations, self, self.windows)
        self.privacy = PrivacyActions(
            self.operations, self, self._counter_customer, self.counter.customer_gone
        )
        self.backups = BackupSchedule(self.operations, self)

        self._build_menus()
        self.shortcuts = WindowShortcuts(self)
        self.add_view("counter", _("&Counter"), self.counter_view, QKeySequence("F2"))
        self.add_view("rewards", _("&Rewards"), self.catalogue_view, QKeySequence("F3"))
        self.letters_view = LazyView(self._build_letters_view, self)
        self.add_view("letters", _("&Letters"), self.letters_view, QKeySequence("F4"))
        self.customers_view = LazyView(self._build_customer_list, self)
        self.add_view("customers", _("C&ustomers"), self.customers_view, QKeySequence("F5"))
        self.reports_view = LazyView(self._build_reports, self)
        self.add_view("reports", _("R&eports"), self.reports_view, QKeySequence("F6"))
        self.settings_view = LazyView(self._build_settings, self)
        self.add_view("settings", _("&Programme"), self.settings_view, QKeySequence("F7"))
        self.audit_view = LazyView(self._build_audit, self)  # issue 12: the audit log
        self.add_view("audit", _("A&udit log"), self.audit_view, QKeySequence("F8"))
        profile = self.counter_view.profile
        profile.print_card_requested.connect(self.print_card)
        profile.voucher_issued.connect(self.print_voucher)
        profile.set_printing_available(True)
        self.counter.voucher_scanned.connect(self.use_voucher)

        self.message = QLabel("", self)
        self.message.setObjectName("status_message")
        self.message.setWordWrap(True)
        self.statusBar().addWidget(self.message, 1)
        self.statusBar().addPermanentWidget(JobProgress(self.operations, self))
        location = QLabel(self.location, self)
        location.setObjectName("database_location")
        location.setStyleSheet("color: #666666;")
        self.statusBar().addPermanentWidget(location)
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.timeout.connect(self.message.clear)
        self.operations.failed.connect(self.show_error)
        self.operations.notice.connect(self.show_notice)
        from shopkeeper.ui import staff as till_staff  # who is at the till (issue 12)

        self.till_person = till_staff.install(self)
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
        if name == "audit" and self.audit_view.content is not None:
            self.audit_view.content.model.reset()  # what happened since it was last shown
        if name == "counter":
            self.counter.focus_search()

    def _build_customer_list(self, parent: QWidget) -> QWidget:
        from shopkeeper.ui.customers.list_view import CustomerListView

        view = CustomerListView(self.operations, parent)
        view.open_customer.connect(self.open_customer)
        return view

    def _build_reports(self, parent: QWidget) -> QWidget:
        from shopkeeper.ui.reports import ReportsView

        view = ReportsView(self.operations, self.operations.database, parent)
        view.open_customer.connect(self.open_customer)  # a double-clicked row
        return view

    def _build_settings(self, parent: QWidget) -> QWidget:
        from shopkeeper.ui.settings import SettingsView

        return SettingsView(self.operations, parent)

    def _build_audit(self, parent: QWidget) -> QWidget:
        from shopkeeper.ui.audit import AuditView

        view = AuditView(self.operations, parent)
        view.open_customer.connect(self.open_customer)  # a double-clicked row
        return view

    def _build_letters_view(self, parent: QWidget) -> QWidget:
        from shopkeeper.ui.printing import LettersView

        view = LettersView(self.operations, parent)
        view.letters_recorded.connect(self._letters_recorded)
        return view

    def _letters_recorded(self, month: str, count: int) -> None:
        self.show_notice(
            ngettext(
                "{n} letter for {month} recorded as sent.",
                "{n} letters for {month} recorded as sent.",
                count,
            ).format(n=count, month=month)
        )

    # -- the counter's customer ----------------------------------------------------------
    def open_customer(self, card_number: str) -> None:
        """From another screen (the customer list) to the counter's profile."""
        self.show_view("counter")
        self.counter.open_customer(card_number, from_elsewhere=True)

    def require_open_customer(self) -> str | None:
        """The card of the customer open at the counter, or None after saying to open one."""
        open_now = self._counter_customer()
        if open_now is None:
            self.show_error(_("Open the customer at the counter first."))
            return None
        return open_now[0]

    def _counter_customer(self) -> tuple[str, str] | None:
        summary = self.counter.profile.summary
        if self.current_view() != "counter" or summary is None:
            return None
        return summary.card_number, summary.name

    def find_customer(self) -> None:
        self.show_view("counter")
        self.counter.focus_search()

    def new_customer(self) -> None:
        self.show_view("counter")
        self.counter.lookup.request_new_customer()

    def use_voucher(self, code: str | None = None) -> None:
        """A customer hands over a voucher (Ctrl+U, or its code scanned at the counter)."""
        self.show_view("counter")
        self.vouchers.use_voucher(code or None)
        self.counter.focus_search()

    def print_card(self, card_number: str) -> None:
        self.printing.print_card(card_number)

    def print_voucher(self, code: str) -> None:
        dialog = self.printing.print_voucher(code)
        if dialog is not None:
            dialog.finished.connect(self._preview_closed)

    def _preview_closed(self, _result: int) -> None:
        """Back from the voucher's preview: the next keystrokes go to the search field."""
        if self.current_view() == "counter":
            self.activateWindow()
            QTimer.singleShot(0, self.counter.focus_search)

    def export_customer_data(self) -> None:
        self.privacy.export_customer_data()

    def erase_customer(self) -> None:
        self.privacy.erase_customer()

    def merge_customers(self) -> QDialog | None:
        """The open customer and another card of theirs become one (ui.customers.merge)."""
        from shopkeeper.ui.customers.merge import MergeView

        card = self.require_open_customer()
        if card is None:
            return None

        def build() -> QWidget:
            view = MergeView(self.operations, card)
            view.done.connect(self._merge_done)
            return view

        return self.windows.show_single("merge", _("Merge with another customer"), build, self)

    def _merge_done(self, _done: object = None) -> None:
        dialog = self.windows.find("merge")
        if dialog is not None:
            dialog.close()

    # -- data safety -----------------------------------------------------------------------
    def import_customers(self) -> QDialog:
        from shopkeeper.ui.data import ImportWizard

        def build() -> QWidget:
            wizard = ImportWizard(self.operations.database, operations=self.operations)
            wizard.imported.connect(self._imported)
            return wizard

        return self.windows.show_single("import", _("Import customers"), build, self)

    def _imported(self, _result: object) -> None:
        self.operations.announce("import")

    def show_backups(self) -> QDialog:
        from shopkeeper.ui.data import BackupsView

        def build() -> QWidget:
            view = BackupsView(self.operations.database, operations=self.operations)
            view.about_to_restore.connect(self.operations.shutdown)
            view.restored.connect(self._restored)
            return view

        return self.windows.show_single("backups", _("Backups and restore"), build, self)

    def _restored(self, _result: object) -> None:
        self.operations.changed.emit(Change("restore", None))
        self.counter.focus_search()
        self.show_notice(_("The backup was restored."))

    def start_automatic_backups(self) -> None:
        self.backups.start()

    def backup_on_close(self) -> None:
        self.backups.on_close()

    # -- menus -------------------------------------------------------------------------------
    def _action(
        self,
        menu: QMenu,
        text: str,
        name: str,
        slot: object,
        shortcut: QKeySequence | str | None = None,
    ) -> QAction:
        """One menu action. One with a shortcut is also the window's, so the shortcut works
        with the menu bar hidden and while a text field has focus (``counter.keys``)."""
        action = menu.addAction(text)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            self.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self._file_menu(bar.addMenu(_("&File")))
        self._customer_menu(bar.addMenu(_("C&ustomer")))
        self.view_menu = bar.addMenu(_("&View"))
        self._help_menu(bar.addMenu(_("&Help")))

    def _file_menu(self, menu: QMenu) -> None:
        self._action(menu, _("&Import customers…"), "action_import", self.import_customers)
        self._action(menu, _("&Backups and restore…"), "action_backups", self.show_backups)
        menu.addSeparator()
        self._action(menu, _("&Quit"), "action_quit", self.close, QKeySequence.StandardKey.Quit)

    def _customer_menu(self, menu: QMenu) -> None:
        self._action(
            menu, _("&Find…"), "action_find", self.find_customer, QKeySequence.StandardKey.Find
        )
        self._action(
            menu,
            _("&New customer…"),
            "action_new_customer",
            self.new_customer,
            QKeySequence.StandardKey.New,
        )
        self._action(menu, _("Use a &voucher…"), "action_use_voucher", self.use_voucher, "Ctrl+U")
        menu.addSeparator()
        self._action(
            menu,
            _("E&xport this customer's data…"),
            "action_privacy_export",
            self.export_customer_data,
        )
        self._action(
            menu, _("&Erase this customer on request…"), "action_privacy_erase", self.erase_customer
        )
        self._action(
            menu, _("&Merge with another customer…"), "action_merge", self.merge_customers
        )
        from shopkeeper.ui.tools import WindowTools  # history, correction, archive, back office

        self.tools = WindowTools(self, menu)

    def _help_menu(self, menu: QMenu) -> None:
        self._action(menu, _("&About Shopkeeper"), "action_about", self._about)

    def _about(self) -> None:
        from shopkeeper.ui.tools import about_text

        dialogs.inform(self, _("About Shopkeeper"), about_text(self.location))

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
        self.show_view("counter")  # a till opens where the first customer is served

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("counter/splitter", self.counter_view.splitter.saveState())
        self.settings.sync()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._first_show:
            self._first_show = False
            if self.current_view() == "counter":
                QTimer.singleShot(0, self.counter.focus_search)
            QTimer.singleShot(0, self.till_person.start)
            QTimer.singleShot(0, self.counter.prepare)

    def actionEvent(self, event: QActionEvent) -> None:  # noqa: N802 - Qt's name
        """An action added, removed, enabled or given another key: the shortcuts are gathered
        again at the next key (not a filter on the window: its every event, a key's release
        included, was a call into Python)."""
        super().actionEvent(event)
        shortcuts = getattr(self, "shortcuts", None)  # actions are added before it exists
        if shortcuts is not None:
            shortcuts.actions_changed()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        for dialog in self.windows.dialogs():
            dialog.close()
        self.operations.shutdown()
        super().closeEvent(event)
