"""Programme settings: shop profile, earning rules, the tier ladder, the rewards catalogue, the
causes donations go to, and the language of the shop and of this till's window.

Each tab gathers what the owner typed and hands it to one service call through ``Operations``;
the services validate (``EarningRules``, ``check_tier_ladder``...) and nothing is stored unless
all of it is valid. A change that would affect existing data raises ``NeedsConfirmation``; the
screen shows its explanation through ``dialogs.ask`` and saves only on Yes.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from shopkeeper import i18n
from shopkeeper.domain.calendar import local_date
from shopkeeper.domain.errors import InvalidInput, ShopkeeperError
from shopkeeper.domain.money import parse_amount
from shopkeeper.domain.tiers import Tier
from shopkeeper.i18n import N_, _, pgettext
from shopkeeper.services import programme, rewards, settings_admin
from shopkeeper.services.settings_admin import NeedsConfirmation
from shopkeeper.ui import dialogs, language
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.settings.messages import Messages
from shopkeeper.ui.settings.products import ProductsTab
from shopkeeper.ui.settings.touchpoints import TouchpointsTab

BIG = 10_000_000
IdRole = Qt.ItemDataRole.UserRole + 1


def ask_logo_path(parent: QWidget | None) -> str | None:
    """The logo file; None when cancelled (tests replace this function)."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Shop logo"), "", _("Images (*.png *.jpg *.jpeg *.gif *.bmp)")
    )
    return path or None


# The earning rules by name, as "Last changed ...: expiry months." lists them.
RULE_NAMES = {
    "mode": N_("mode"),
    "points_per_unit": N_("points per unit"),
    "rounding": N_("rounding"),
    "points_per_visit": N_("points per visit"),
    "welcome_bonus": N_("welcome bonus"),
    "birthday_bonus": N_("birthday bonus"),
    "referral_bonus": N_("referral bonus"),
    "expiry_months": N_("expiry months"),
    "max_amount_cents": N_("max amount cents"),
}


def rule_name(name: str) -> str:
    """An earning rule's name in words (a rule a newer version added: its own name)."""
    return _(RULE_NAMES[name]) if name in RULE_NAMES else name.replace("_", " ")


def _spin(parent: QWidget, maximum: int = BIG) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(0, maximum)
    return box


class _Tab(Messages, QWidget):
    """A tab with a message line and the ask-then-confirm path for saving."""

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.operations = operations
        self.message = QLabel("", self)
        self.message.setWordWrap(True)

    def save(self, what: str, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run a settings change; a ``NeedsConfirmation`` is explained and asked about, and the
        change is made only on Yes (``confirm=True``)."""
        asked: list[NeedsConfirmation] = []

        def on_error(error: ShopkeeperError) -> None:
            if isinstance(error, NeedsConfirmation):
                asked.append(error)
            else:
                self.refuse(error)

        result = self.operations.write(call, *args, what=what, on_error=on_error, **kwargs)
        if asked:
            question = _("{question}\n\nSave anyway?").format(question=asked[0])
            if not dialogs.ask(self, _("Please confirm"), question):
                self.say(_("Nothing was changed."), error=True)
                return None
            result = self.operations.write(
                call, *args, what=what, on_error=self.refuse, confirm=True, **kwargs
            )
        return result


# -- shop ---------------------------------------------------------------------------------------


class ShopTab(_Tab):
    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(operations, parent)
        self.name = QLineEdit(self)
        self.address = QPlainTextEdit(self)
        self.address.setFixedHeight(80)
        self.country = QLineEdit(self)
        self.country.setMaxLength(2)
        self.currency = QLineEdit(self)
        self.currency.setMaxLength(3)
        self.logo = QLineEdit(self)
        self.logo.setPlaceholderText(_("No logo"))
        browse = QPushButton(_("Choose…"), self)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo, 1)
        logo_row.addWidget(browse)
        self.save_button = QPushButton(_("Save shop"), self)
        form = QFormLayout()
        form.addRow(_("Shop name"), self.name)
        form.addRow(_("Address (letters, cards)"), self.address)
        form.addRow(_("Country (phone numbers)"), self.country)
        form.addRow(_("Currency"), self.currency)
        form.addRow(_("Logo"), logo_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.message)
        layout.addStretch(1)
        browse.clicked.connect(self._browse)
        self.save_button.clicked.connect(self.submit)

    def load(self) -> None:
        shop = self.operations.read(settings_admin.shop_settings)
        if shop is None:
            return
        self.name.setText(shop.name)
        self.address.setPlainText(shop.address)
        self.country.setText(shop.country)
        self.currency.setText(shop.currency)
        self.logo.setText(shop.logo_path or "")

    def _browse(self) -> None:
        path = ask_logo_path(self)
        if path:
            self.logo.setText(path)

    def submit(self) -> None:
        saved = self.save(
            "settings",
            settings_admin.save_shop,
            name=self.name.text(),
            address=self.address.toPlainText(),
            country=self.country.text(),
            currency=self.currency.text(),
            logo_path=self.logo.text() or None,
        )
        if saved is not None:
            self.say(_("Shop details saved."))
            self.load()


# -- earning rules ------------------------------------------------------------------------------


class RulesTab(_Tab):
    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(operations, parent)
        self.mode = QComboBox(self)
        self.mode.addItem(_("Points per amount spent"), "per_amount")
        self.mode.addItem(_("Points per visit (stamp card)"), "per_visit")
        self.rate = QLineEdit(self)
        self.rounding = QComboBox(self)
        for label, value in ((_("Down"), "down"), (_("Nearest"), "nearest"), (_("Up"), "up")):
            self.rounding.addItem(label, value)
        self.per_visit = _spin(self)
        self.welcome = _spin(self)
        self.birthday = _spin(self)
        self.referral = _spin(self)
        self.expiry = _spin(self, 240)
        self.expiry.setSpecialValueText(_("never"))
        self.max_amount = QLineEdit(self)
        self.save_button = QPushButton(_("Save earning rules"), self)
        form = QFormLayout()
        form.addRow(_("Earning"), self.mode)
        form.addRow(_("Points per currency unit"), self.rate)
        form.addRow(_("Rounding"), self.rounding)
        form.addRow(_("Points per visit"), self.per_visit)
        form.addRow(_("Welcome bonus"), self.welcome)
        form.addRow(_("Birthday bonus"), self.birthday)
        form.addRow(_("Referral bonus"), self.referral)
        form.addRow(_("Points expire after (months)"), self.expiry)
        form.addRow(_("Largest amount per visit"), self.max_amount)
        note = QLabel(
            _(
                "Changes apply to points earned from now on: switching expiry on or shortening "
                "it never takes points customers already hold."
            ),
            self,
        )
        note.setWordWrap(True)
        self.last_change = QLabel("", self)
        self.last_change.setObjectName("last_rule_change")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.last_change)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.save_button.clicked.connect(self.submit)

    def load(self) -> None:
        prog = self.operations.read(programme.load)
        if prog is None:
            return
        rules = prog.rules
        self.mode.setCurrentIndex(self.mode.findData(rules.mode))
        self.rate.setText(str(rules.points_per_unit))
        self.rounding.setCurrentIndex(self.rounding.findData(rules.rounding))
        self.per_visit.setValue(rules.points_per_visit)
        self.welcome.setValue(rules.welcome_bonus)
        self.birthday.setValue(rules.birthday_bonus)
        self.referral.setValue(rules.referral_bonus)
        self.expiry.setValue(rules.expiry_months)
        self.max_amount.setText(f"{rules.max_amount_cents / 100:.2f}")
        history = self.operations.read(programme.rules_history) or []
        changes = [change for change in history if change.changed]
        if changes:
            last = changes[-1]
            what = pgettext("list separator", ", ").join(rule_name(n) for n in last.changed)
            when = local_date(last.at).isoformat()
            if last.changed_by:
                text = _("Last changed {date} by {who}: {what}.").format(
                    date=when, who=last.changed_by, what=what
                )
            else:
                text = _("Last changed {date}: {what}.").format(date=when, what=what)
            self.last_change.setText(text)
        else:
            self.last_change.setText("")

    def submit(self) -> None:
        try:
            rate = Decimal(self.rate.text().strip().replace(",", "."))
            max_cents = parse_amount(self.max_amount.text())
        except (InvalidOperation, InvalidInput):
            self.say(_("Type the rate and the largest amount as numbers, e.g. 1.5."), error=True)
            return
        saved = self.save(
            "settings",
            programme.update_rules,
            mode=self.mode.currentData(),
            points_per_unit=rate,
            rounding=self.rounding.currentData(),
            points_per_visit=self.per_visit.value(),
            welcome_bonus=self.welcome.value(),
            birthday_bonus=self.birthday.value(),
            referral_bonus=self.referral.value(),
            expiry_months=self.expiry.value(),
            max_amount_cents=max_cents,
        )
        if saved is not None:
            self.say(_("Earning rules saved; they apply from now on."))
            self.load()


# -- tiers --------------------------------------------------------------------------------------


class TiersTab(_Tab):
    NAME, THRESHOLD, MULTIPLIER, COLOUR = range(4)

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(operations, parent)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(
            [_("Name"), _("Points in 12 months"), _("Multiplier"), _("Colour")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(_("Add tier"), self)
        self.remove_button = QPushButton(_("Remove"), self)
        self.up_button = QPushButton(_("Move up"), self)
        self.down_button = QPushButton(_("Move down"), self)
        self.save_button = QPushButton(_("Save tiers"), self)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        note = QLabel(
            _(
                "Tiers are earned by points collected in 12 months; from the top of the list "
                "down each tier needs more points. Changes apply from now on."
            ),
            self,
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.add_button.clicked.connect(self.add_tier)
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.save_button.clicked.connect(self.submit)

    def load(self) -> None:
        prog = self.operations.read(programme.load)
        if prog is None:
            return
        self.table.setRowCount(0)
        for tier in prog.tiers:
            self._append(tier.id, tier.name, tier.threshold, str(tier.multiplier), tier.colour)

    def _append(self, tier_id: int, name: str, threshold: int, mult: str, colour: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self._set_row(row, [tier_id, name, str(threshold), mult, colour])

    def _set_row(self, row: int, values: list[Any]) -> None:
        tier_id, *texts = values
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            if column == self.NAME:
                item.setData(IdRole, tier_id)
            self.table.setItem(row, column, item)

    def _row(self, row: int) -> list[Any]:
        name = self.table.item(row, self.NAME)
        texts = [
            self.table.item(row, c).text() if self.table.item(row, c) else "" for c in range(4)
        ]
        return [name.data(IdRole) if name else 0, *texts]

    def add_tier(self) -> None:
        top = max((int(self._row(r)[2] or 0) for r in range(self.table.rowCount())), default=-1)
        self._append(0, _("New tier"), top + 100, "1", "#9e9e9e")
        self.table.selectRow(self.table.rowCount() - 1)

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def move_selected(self, step: int) -> None:
        row = self.table.currentRow()
        other = row + step
        if row < 0 or not 0 <= other < self.table.rowCount():
            return
        mine, theirs = self._row(row), self._row(other)
        self._set_row(row, theirs)
        self._set_row(other, mine)
        self.table.selectRow(other)

    def tiers(self) -> list[Tier]:
        """The ladder as shown, top row first; a value that is no number is refused."""
        out = []
        for row in range(self.table.rowCount()):
            tier_id, name, threshold, multiplier, colour = self._row(row)
            try:
                points = int(threshold.strip())
                factor = Decimal(multiplier.strip().replace(",", "."))
            except (ValueError, InvalidOperation):
                raise InvalidInput(
                    _("{tier}: type the points and the multiplier as numbers.").format(
                        tier=name or _("A tier")
                    )
                ) from None
            out.append(Tier(tier_id or 0, name.strip(), points, factor, colour.strip()))
        return out

    def submit(self) -> None:
        try:
            ladder = self.tiers()
        except InvalidInput as error:
            self.refuse(error)
            return
        saved = self.save("settings", settings_admin.save_tiers, ladder)
        if saved is not None:
            self.say(_("Tiers saved; they apply from now on."))
            self.load()


# -- rewards and causes -------------------------------------------------------------------------


class RewardsTab(_Tab):
    HEADERS = (N_("Name"), N_("Points"), N_("Value"), N_("For"), N_("Valid (days)"),
               N_("Cause"), N_("Active"))  # fmt: skip

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(operations, parent)
        self._rewards: list[settings_admin.RewardSettings] = []
        self.table = QTableWidget(0, len(self.HEADERS), self)
        self.table.setHorizontalHeaderLabels([_(header) for header in self.HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.name = QLineEdit(self)
        self.cost = _spin(self)
        self.cost.setMinimum(1)
        self.value = QLineEdit(self)
        self.min_tier = QComboBox(self)
        self.valid_days = _spin(self, 3650)
        self.valid_days.setMinimum(1)
        self.cause = QComboBox(self)
        self.cause.setEditable(True)
        self.category = QLineEdit(self)  # a products' category: the voucher says "any bread"
        self.category.setObjectName("reward_category")
        self.category.setPlaceholderText(_("e.g. bread (empty: any purchase)"))
        self.active = QCheckBox(_("Customers can choose it"), self)
        self.save_button = QPushButton(_("Save reward"), self)
        self.add_button = QPushButton(_("Add as new reward"), self)
        form = QFormLayout()
        form.addRow(_("Name"), self.name)
        form.addRow(_("Points"), self.cost)
        form.addRow(_("What it costs the shop"), self.value)
        form.addRow(_("Minimum tier"), self.min_tier)
        form.addRow(_("Voucher valid (days)"), self.valid_days)
        form.addRow(_("Donation to (empty: none)"), self.cause)
        form.addRow(_("For any product of the category"), self.category)
        form.addRow(_("Active"), self.active)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)

        self.causes = QTableWidget(0, 4, self)
        self.causes.setHorizontalHeaderLabels(
            [_("Cause"), _("Donations"), _("Points given"), _("Value")]
        )
        self.causes.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.causes.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.causes.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.new_cause = QLineEdit(self)
        self.new_cause.setPlaceholderText(_("A cause the shop supports (a shelter, a school)"))
        self.add_cause_button = QPushButton(_("Add cause"), self)
        cause_row = QHBoxLayout()
        cause_row.addWidget(self.new_cause, 1)
        cause_row.addWidget(self.add_cause_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 2)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(QLabel(_("Causes, and what customers have given so far"), self))
        layout.addWidget(self.causes, 1)
        layout.addLayout(cause_row)
        layout.addWidget(self.message)
        self.table.itemSelectionChanged.connect(self._selected)
        self.save_button.clicked.connect(self.submit)
        self.add_button.clicked.connect(self.add_new)
        self.add_cause_button.clicked.connect(self.add_cause)

    def load(self) -> None:
        prog = self.operations.read(programme.load)
        found = self.operations.read(settings_admin.reward_settings)
        causes = self.operations.read(settings_admin.list_causes) or []
        if prog is None or found is None:
            return
        tiers = {tier.id: tier.name for tier in prog.tiers}
        self.min_tier.clear()
        self.min_tier.addItem(_("Every customer"), None)
        for tier in prog.tiers:
            self.min_tier.addItem(tier.name, tier.id)
        self.cause.clear()
        self.cause.addItem("")
        for cause in causes:
            if cause.active:
                self.cause.addItem(cause.name)
        self._rewards = found
        self.table.setRowCount(len(found))
        for row, r in enumerate(found):
            values = (
                r.name,
                str(r.points_cost),
                f"{r.value_cents / 100:.2f}",
                tiers.get(r.min_tier_id, _("everyone")),
                str(r.valid_days),
                r.cause or "",
                _("yes") if r.active else _("no"),
            )
            for column, text in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.causes.setRowCount(len(causes))
        for row, c in enumerate(causes):
            name = c.name if c.active else _("{name} (retired)").format(name=c.name)
            values = (name, str(c.donations), str(c.points), f"{c.value_cents / 100:.2f}")
            for column, text in enumerate(values):
                self.causes.setItem(row, column, QTableWidgetItem(text))

    def selected(self) -> settings_admin.RewardSettings | None:
        row = self.table.currentRow()
        return self._rewards[row] if 0 <= row < len(self._rewards) else None

    def _selected(self) -> None:
        r = self.selected()
        if r is None:
            return
        self.name.setText(r.name)
        self.cost.setValue(r.points_cost)
        self.value.setText(f"{r.value_cents / 100:.2f}")
        self.min_tier.setCurrentIndex(max(0, self.min_tier.findData(r.min_tier_id)))
        self.valid_days.setValue(r.valid_days)
        self.cause.setCurrentText(r.cause or "")
        self.category.setText(r.category or "")
        self.active.setChecked(r.active)

    def _form(self) -> dict[str, Any] | None:
        try:
            value = parse_amount(self.value.text() or "0")
        except InvalidInput as error:
            self.refuse(error)
            return None
        return {
            "name": self.name.text(),
            "points_cost": self.cost.value(),
            "value_cents": value,
            "valid_days": self.valid_days.value(),
            "min_tier_id": self.min_tier.currentData(),
            "cause": self.cause.currentText().strip() or None,
            "category": self.category.text().strip() or None,
        }

    def submit(self) -> None:
        current = self.selected()
        form = self._form()
        if current is None:
            self.say(_("Choose a reward in the list to change it."), error=True)
            return
        if form is None:
            return
        saved = self.save(
            "reward",
            settings_admin.update_reward,
            current.id,
            active=self.active.isChecked(),
            **form,
        )
        if saved is not None:
            self.say(_("{name} saved.").format(name=saved.name))
            self.load()

    def add_new(self) -> None:
        form = self._form()
        if form is None:
            return
        saved = self.save("reward", rewards.add_reward, **form)
        if saved is not None:
            self.say(_("{name} added to the catalogue.").format(name=saved.name))
            self.load()

    def add_cause(self) -> None:
        saved = self.save("cause", settings_admin.add_cause, self.new_cause.text())
        if saved is not None:
            self.new_cause.clear()
            self.say(_("{name} added.").format(name=saved.name))
            self.load()


# -- language -----------------------------------------------------------------------------------


class LanguageTab(_Tab):
    """The shop's language (letters, and every till's default) and this till's own choice for
    its window (kept in the window settings: another till of the shop is not changed)."""

    def __init__(
        self,
        operations: Operations,
        parent: QWidget | None = None,
        *,
        till_settings: QSettings | None = None,
    ) -> None:
        super().__init__(operations, parent)
        self._till_settings = till_settings
        self.shop_language = QComboBox(self)
        self.shop_language.setObjectName("shop_language")
        self.till_language = QComboBox(self)
        self.till_language.setObjectName("till_language")
        self.till_language.addItem(_("As the shop"), "")
        for tag in i18n.LANGUAGES:
            self.shop_language.addItem(i18n.LANGUAGE_NAMES[tag], tag)
            self.till_language.addItem(i18n.LANGUAGE_NAMES[tag], tag)
        self.save_button = QPushButton(_("Save language"), self)
        form = QFormLayout()
        form.addRow(_("The shop's language"), self.shop_language)
        form.addRow(_("This till's window"), self.till_language)
        note = QLabel(
            _(
                "The shop's language is every till's and the letters' language for customers "
                "without one of their own. A till can show its window in another language; "
                "the window changes after a restart."
            ),
            self,
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.save_button.clicked.connect(self.submit)

    @property
    def settings(self) -> QSettings:
        if self._till_settings is None:
            from shopkeeper.ui.app import user_settings

            self._till_settings = user_settings()
        return self._till_settings

    def load(self) -> None:
        prog = self.operations.read(programme.load)
        if prog is None:
            return
        shop = i18n.supported_language(prog.shop.language) or i18n.SOURCE_LANGUAGE
        self.shop_language.setCurrentIndex(max(0, self.shop_language.findData(shop)))
        till = language.till_language(self.settings) or ""
        self.till_language.setCurrentIndex(max(0, self.till_language.findData(till)))

    def submit(self) -> None:
        saved = self.save(
            "settings", programme.update_shop, language=self.shop_language.currentData()
        )
        if saved is None:
            return
        till = self.till_language.currentData() or None
        language.set_till_language(self.settings, till)
        speaks = language.window_language(till=till, shop=saved.language)
        if speaks == i18n.language():
            self.say(_("Language saved."))
            return
        name = i18n.LANGUAGE_NAMES[speaks]
        if dialogs.ask(
            self,
            _("Restart Shopkeeper?"),
            _("The window will speak {language} after a restart. Restart now?").format(
                language=name
            ),
        ):
            language.ask_for_restart()
            self.window().close()
            return
        self.say(
            _("Saved. The window will speak {language} the next time Shopkeeper starts.").format(
                language=name
            )
        )


class SettingsView(QWidget):
    """The Programme settings screen: one tab per part, each saved on its own."""

    def __init__(
        self,
        operations: Operations,
        parent: QWidget | None = None,
        *,
        till_settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.tabs = QTabWidget(self)
        self.shop = ShopTab(operations, self)
        self.rules = RulesTab(operations, self)
        self.tiers = TiersTab(operations, self)
        self.rewards = RewardsTab(operations, self)
        self.products = ProductsTab(operations, self)
        self.touchpoints = TouchpointsTab(operations, self)
        self.language = LanguageTab(operations, self, till_settings=till_settings)
        self.tabs.addTab(self.shop, _("Shop"))
        self.tabs.addTab(self.rules, _("Earning rules"))
        self.tabs.addTab(self.tiers, _("Tiers"))
        self.tabs.addTab(self.rewards, _("Rewards and causes"))
        self.tabs.addTab(self.language, _("Language"))
        self.tabs.addTab(self.products, _("Products"))  # last: the other tabs keep their places
        self.tabs.addTab(self.touchpoints, _("Feedback touchpoints"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.tabs)
        self.reload()

    def reload(self) -> None:
        """Show what is stored (also after a change made elsewhere)."""
        for tab in (self.shop, self.rules, self.tiers, self.rewards, self.products, self.language):
            tab.load()
        self.touchpoints.load()
