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
from shopkeeper.ui.operations import Operations
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

        return ReportsView(self.operations, self._db, parent)

    def _build_settings(self, parent: QWidget) -> QWidget:
        from shopkeeper.ui.settings import SettingsView

        return SettingsView(self.operations, parent)

    def open_customer(self, card_number: str) -> None:
        """From another screen (the customer list) to the counter's profile."""
        self.show_view("counter")
        self.counter.open_customer(card_number)

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
        dialogs.inform(
            self,
            "About Shopkeeper",
            "Shopkeeper — a loyalty programme that runs at the counter and keeps its data in "
            f"the shop.\n\nThis shop's data: {self.location}",
        )

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
