"""The first-run welcome: shown instead of an empty counter when no shop exists yet
(``services.shop_setup.first_run_needed``).

It asks for the shop's name, country, currency and language (the last three prefilled from the
machine's locale), says where the data will live and where the daily backups go, and offers
three ways on: start the shop, start it and import the customers from a file (the import
wizard opens over the window), or look around the demo shop (its own file; the real shop's
file is not created). Nothing is written before a way is chosen, so closing the welcome
leaves no shop behind and it shows again next time.

The welcome is given ``Operations`` over the shop's ``Database`` as ``app.py`` opened it (not
connected yet): it reads and writes only through it, with ``services.shop_setup``. An owner
PIN waits for staff accounts (issue "Staff").
"""

from __future__ import annotations

from babel import Locale
from babel.numbers import get_territory_currencies
from phonenumbers import SUPPORTED_REGIONS
from PySide6.QtCore import QEventLoop, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.domain.shop import currency_of
from shopkeeper.i18n import LANGUAGES, _, babel_locale, language
from shopkeeper.services import shop_setup
from shopkeeper.services.shop_setup import ShopStarted
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.style import ERROR_STYLE, NOTE_STYLE

WAYS = ("start", "import", "demo")


def _names() -> Locale:
    """Country, currency and language names in the language the window speaks."""
    return Locale.parse(babel_locale(language()))


def _native_name(tag: str) -> str:
    try:
        found = Locale.parse(tag, sep="-")
    except (ValueError, TypeError):
        return tag
    return (found.get_display_name(found) or tag).capitalize()


def _fill(combo: QComboBox, items: list[tuple[str, str]], current: str) -> None:
    """``items`` are (code, label); the current code is added if the list lacks it."""
    if current not in {code for code, _label in items}:
        items = [*items, (current, current)]
    for code, label in items:
        combo.addItem(label, code)
    combo.setCurrentIndex(combo.findData(current))


def country_items() -> list[tuple[str, str]]:
    names = _names().territories
    items = [(code, f"{names.get(code, code)} — {code}") for code in SUPPORTED_REGIONS]
    return sorted(items, key=lambda item: item[1].casefold())


def currency_items() -> list[tuple[str, str]]:
    """The currencies some country pays in today (not the ~300 historical codes)."""
    codes = {
        code
        for region in SUPPORTED_REGIONS
        for code in get_territory_currencies(region, tender=True)
    }
    names = _names().currencies
    items = [(code, f"{names.get(code, code)} — {code}") for code in codes]
    return sorted(items, key=lambda item: item[1].casefold())


def language_items(extra: str) -> list[tuple[str, str]]:
    """The languages the program speaks, and the machine's if it is another."""
    tags = list(LANGUAGES) + ([extra] if extra not in LANGUAGES else [])
    return [(tag, f"{_native_name(tag)} — {tag}") for tag in tags]


def _way_button(text: str, note: str, *, primary: bool = False) -> tuple[QPushButton, QLabel]:
    button = QPushButton(text)
    button.setMinimumHeight(40)
    button.setMinimumWidth(280)
    if primary:
        font = button.font()
        font.setBold(True)
        button.setFont(font)
        button.setDefault(True)
    label = QLabel(note)
    label.setWordWrap(True)
    label.setStyleSheet(NOTE_STYLE)
    return button, label


class FirstRunWelcome(QWidget):
    """The welcome. ``chosen`` carries the way on ("start", "import" or "demo") once the shop
    is set up (start, import) or when the demo is asked for (nothing written)."""

    chosen = Signal(str)

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.operations = operations
        self.started: ShopStarted | None = None
        self._currency_chosen = False
        self.setObjectName("first_run")
        self.setWindowTitle(_("Welcome to Shopkeeper"))
        defaults = shop_setup.system_defaults()
        where = operations.read(shop_setup.whereabouts)

        title = QLabel(_("Welcome to Shopkeeper"))
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(
            _(
                "Tell us about your shop to begin. Everything here can be changed later in "
                "Settings."
            )
        )
        intro.setWordWrap(True)

        self.name = QLineEdit()
        self.name.setObjectName("shop_name")
        self.name.setPlaceholderText(_("e.g. Corner Bakery"))
        self.name.setMaxLength(shop_setup.MAX_NAME)
        self.country = QComboBox()
        self.country.setObjectName("country")
        _fill(self.country, country_items(), defaults.country)
        self.currency = QComboBox()
        self.currency.setObjectName("currency")
        _fill(self.currency, currency_items(), defaults.currency)
        self.language = QComboBox()
        self.language.setObjectName("language")
        _fill(self.language, language_items(defaults.language), defaults.language)
        for combo in (self.country, self.currency, self.language):
            combo.setMaxVisibleItems(20)
            combo.setMinimumWidth(320)
        self.country.currentIndexChanged.connect(self._country_changed)
        self.currency.activated.connect(self._currency_picked)

        form = QFormLayout()
        form.addRow(_("Shop name:"), self.name)
        form.addRow(_("Country:"), self.country)
        country_note = QLabel(
            _("Phone numbers without a country code are read as this country's.")
        )
        country_note.setStyleSheet(NOTE_STYLE)
        form.addRow("", country_note)
        form.addRow(_("Currency:"), self.currency)
        form.addRow(_("Language:"), self.language)
        language_note = QLabel(_("For letters, cards and vouchers."))
        language_note.setStyleSheet(NOTE_STYLE)
        form.addRow("", language_note)
        shop_box = QGroupBox(_("Your shop"))
        shop_box.setLayout(form)

        self.error = QLabel()
        self.error.setObjectName("first_run_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()

        self.start_button, start_note = _way_button(
            _("Start my shop"), _("Open the counter and add customers as they come."),
            primary=True,
        )
        self.import_button, import_note = _way_button(
            _("Import my customers from a file…"),
            _("Start the shop, then bring in a customer list (CSV or Excel) from another "
              "program."),
        )
        self.demo_button, demo_note = _way_button(
            _("Look around a demo shop"),
            _("A made-up bakery with customers and visits, kept in its own file: your shop is "
              "not created until you start it."),
        )
        ways = QGridLayout()
        ways.setHorizontalSpacing(14)
        for row, (button, note) in enumerate(
            ((self.start_button, start_note), (self.import_button, import_note),
             (self.demo_button, demo_note))
        ):
            ways.addWidget(button, row, 0)
            ways.addWidget(note, row, 1)
        ways.setColumnStretch(1, 1)
        self.start_button.clicked.connect(self.start)
        self.import_button.clicked.connect(self.start_and_import)
        self.demo_button.clicked.connect(self.look_around)

        self.data_label = QLabel()
        self.backups_label = QLabel()
        for label in (self.data_label, self.backups_label):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if where is not None:
            self.data_label.setText(
                _("Your shop's data will be kept in {path}").format(path=where.database)
            )
            self.backups_label.setText(
                _("A backup is made every day into {folder}").format(folder=where.backup_folder)
                if where.backup_folder
                else _("Back the database up with its server's tools (pg_dump).")
            )
        where_box = QGroupBox(_("Where your data lives"))
        where_layout = QVBoxLayout(where_box)
        where_layout.addWidget(self.data_label)
        where_layout.addWidget(self.backups_label)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(shop_box)
        layout.addWidget(self.error)
        layout.addLayout(ways)
        layout.addWidget(line)
        layout.addWidget(where_box)
        layout.addStretch(1)
        self.setMinimumWidth(760)
        self.name.setFocus()

    # -- choices ---------------------------------------------------------------------------
    def _country_changed(self) -> None:
        """The currency follows the country until the person picks one."""
        if self._currency_chosen:
            return
        index = self.currency.findData(currency_of(self.country.currentData()))
        if index >= 0:
            self.currency.setCurrentIndex(index)

    def _currency_picked(self) -> None:
        self._currency_chosen = True

    def _say(self, error: ShopkeeperError) -> None:
        self.error.setText(str(error))
        self.error.show()

    def _set_up(self, how: str) -> bool:
        self.error.hide()
        started = self.operations.write(
            shop_setup.start_shop,
            name=self.name.text(),
            country=self.country.currentData(),
            currency=self.currency.currentData(),
            language=self.language.currentData(),
            how=how,
            what="shop",
            on_error=self._say,
        )
        if started is None:
            self.name.setFocus()
            return False
        self.started = started
        return True

    def start(self) -> None:
        if self._set_up("window"):
            self.chosen.emit("start")

    def start_and_import(self) -> None:
        if self._set_up("import"):
            self.chosen.emit("import")

    def look_around(self) -> None:
        self.chosen.emit("demo")


def ask(operations: Operations) -> str | None:
    """Show the welcome as the program's window and wait: the way on chosen, or None when the
    person closed it (nothing was written then)."""
    welcome = _WelcomeWindow(operations)
    loop = QEventLoop()
    outcome: list[str | None] = []

    def finish(way: str | None) -> None:
        if not outcome:
            outcome.append(way)
        loop.quit()

    welcome.chosen.connect(finish)
    welcome.closed.connect(lambda: finish(None))
    welcome.resize(820, welcome.sizeHint().height())
    welcome.show()
    welcome.raise_()
    welcome.activateWindow()
    if not outcome:
        loop.exec()
    welcome.chosen.disconnect(finish)
    welcome.hide()
    welcome.deleteLater()
    return outcome[0] if outcome else None


class _WelcomeWindow(FirstRunWelcome):
    closed = Signal()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.closed.emit()
        super().closeEvent(event)
