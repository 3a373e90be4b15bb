"""New and edit customer: a short form; name and phone suffice, a card number is assigned.

Each field is checked when the cursor leaves it, with the same domain validators the service
uses, so a bad phone or email is explained under that field before anything is saved. A phone
that another customer already has is asked about, then saved only if the user says so.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.domain.codes import clean_card_number
from shopkeeper.domain.contact import (
    clean_email,
    clean_name,
    format_phone,
    normalise_phone,
    parse_birthday,
)
from shopkeeper.domain.errors import DuplicatePhone, InvalidInput, ShopkeeperError
from shopkeeper.i18n import _
from shopkeeper.services.customers import CustomerSaved, create_customer, edit_customer
from shopkeeper.services.summary import CustomerSummary
from shopkeeper.ui import dialogs
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.style import ERROR_STYLE, NOTE_STYLE
from shopkeeper.ui.wording import NewCustomerPrefill, phone_example, signed_points

# Each language in its own name (never translated: a customer finds their own language).
LANGUAGES = (
    ("en", "English"),
    ("lt", "Lietuvių"),
    ("zh-Hans", "中文（简体）"),
    ("zh-Hant", "中文（繁體）"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("pl", "Polski"),
    ("ru", "Русский"),
    ("lv", "Latviešu"),
    ("et", "Eesti"),
)
# A new customer's language when the shop's is not known, by the shop's country.
COUNTRY_LANGUAGE = {
    "LT": "lt",
    "CN": "zh-Hans",
    "TW": "zh-Hant",
    "DE": "de",
    "AT": "de",
    "FR": "fr",
    "PL": "pl",
    "LV": "lv",
    "EE": "et",
}
FIELDS = ("name", "phone", "email", "birthday", "card", "referrer")


class CustomerFormView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(_("New customer"), self)
        self.title.setObjectName("form_title")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)

        self.name = QLineEdit(self)
        self.name.setPlaceholderText(_("First and last name, any script"))
        self.phone = QLineEdit(self)
        self.email = QLineEdit(self)
        self.email.setPlaceholderText(_("optional"))
        self.birthday = QLineEdit(self)
        self.birthday.setPlaceholderText(_("optional, YYYY-MM-DD"))
        self.language = QComboBox(self)
        for code, label in LANGUAGES:
            self.language.addItem(label, code)
        self.address = QPlainTextEdit(self)
        self.address.setPlaceholderText(_("optional, for letters: street, town, postcode"))
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(64)
        self.letters = QCheckBox(_("Agrees to receive monthly letters"), self)
        self.card = QLineEdit(self)
        self.referrer = QLineEdit(self)
        self.referrer.setPlaceholderText(
            _("optional: the card of the customer who brought them")
        )
        self.errors: dict[str, QLabel] = {}
        for field in FIELDS:
            widget = getattr(self, field)
            widget.setObjectName(f"form_{field}")
            error = QLabel("", self)
            error.setObjectName(f"form_{field}_error")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.setVisible(False)
            self.errors[field] = error
        self.language.setObjectName("form_language")
        self.address.setObjectName("form_address")
        self.letters.setObjectName("form_letters")

        self.message = QLabel("", self)
        self.message.setObjectName("form_message")
        self.message.setWordWrap(True)
        self.save = QPushButton(_("Save  (Enter)"), self)
        self.save.setObjectName("form_save")
        self.save.setDefault(True)
        self.cancel = QPushButton(_("Cancel  (Esc)"), self)
        self.cancel.setObjectName("form_cancel")
        self.cancel.setAutoDefault(False)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        def row(label: str, field: str) -> QLabel:
            """A field with its error line under it; Alt+letter of the label jumps to it."""
            caption = QLabel(label, self)
            caption.setBuddy(getattr(self, field))
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(getattr(self, field))
            box.addWidget(self.errors[field])
            form.addRow(caption, box)
            return caption

        row(_("&Name"), "name")
        row(_("&Phone"), "phone")
        row(_("E&mail"), "email")
        row(_("&Birthday"), "birthday")
        form.addRow(_("&Language"), self.language)
        form.addRow(_("&Address"), self.address)
        form.addRow("", self.letters)
        row(_("&Card number"), "card")
        self.referrer_label = row(_("&Referred by"), "referrer")

        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch(1)
        order = [
            self.name,
            self.phone,
            self.email,
            self.birthday,
            self.language,
            self.address,
            self.letters,
            self.card,
            self.referrer,
            self.save,
            self.cancel,
        ]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def set_error(self, field: str, message: str) -> None:
        label = self.errors[field]
        label.setText(message)
        label.setVisible(bool(message))


class CustomerFormController(QObject):
    saved = Signal(str)  # the card number of the customer just created or edited
    cancelled = Signal()

    def __init__(
        self,
        view: CustomerFormView,
        operations: Operations,
        country: str,
        language: str | None = None,
    ) -> None:
        super().__init__(view)
        self.view = view
        self.operations = operations
        self.country = country
        # A new customer speaks the shop's language unless they say otherwise.
        self.shop_language = language or COUNTRY_LANGUAGE.get(country.upper(), "en")
        self.editing: CustomerSummary | None = None
        view.phone.setPlaceholderText(phone_example(country))
        self._checks = {
            "name": lambda text: clean_name(text),
            "phone": lambda text: normalise_phone(text, self.country) if text.strip() else "",
            "email": lambda text: clean_email(text) if text.strip() else "",
            "birthday": lambda text: (
                parse_birthday(text, operations.today()) if text.strip() else ""
            ),
            "card": lambda text: clean_card_number(text) if text.strip() else "",
            "referrer": lambda text: clean_card_number(text) if text.strip() else "",
        }
        for field in FIELDS:
            widget: QLineEdit = getattr(view, field)
            widget.editingFinished.connect(lambda f=field: self.check(f))
            widget.textEdited.connect(lambda _t, f=field: view.set_error(f, ""))
            widget.returnPressed.connect(self.save)
        view.save.clicked.connect(self.save)
        view.cancel.clicked.connect(self.cancelled)

    # -- filling ---------------------------------------------------------------------------
    def _clear(self) -> None:
        view = self.view
        for field in FIELDS:
            getattr(view, field).clear()
            view.set_error(field, "")
        view.address.clear()
        view.letters.setChecked(False)
        view.message.setText("")

    def _set_language(self, code: str) -> None:
        index = self.view.language.findData(code)
        self.view.language.setCurrentIndex(max(0, index))

    def start_new(self, prefill: NewCustomerPrefill) -> None:
        self.editing = None
        self._clear()
        view = self.view
        view.title.setText(_("New customer"))
        view.card.setPlaceholderText(_("blank: the next free card number is assigned"))
        view.referrer.setVisible(True)
        view.referrer_label.setVisible(True)
        view.name.setText(prefill.name)
        view.phone.setText(prefill.phone)
        view.card.setText(prefill.card_number)
        self._set_language(self.shop_language)
        view.letters.setChecked(False)  # consent is opt-in: the customer says yes
        # The cursor waits in the first field still to fill.
        (view.phone if prefill.name else view.name).setFocus()

    def start_edit(self, summary: CustomerSummary) -> None:
        self.editing = summary
        self._clear()
        view = self.view
        view.title.setText(_("Edit {name}").format(name=summary.name))
        view.card.setPlaceholderText(_("a lost card? type the number of the new one"))
        view.referrer.setVisible(False)
        view.referrer_label.setVisible(False)
        view.errors["referrer"].setVisible(False)
        view.name.setText(summary.name)
        view.phone.setText(summary.phone or "")
        view.email.setText(summary.email or "")
        view.birthday.setText(summary.birthday.isoformat() if summary.birthday else "")
        view.address.setPlainText(summary.address or "")
        view.letters.setChecked(summary.letters_consent)
        view.card.setText(summary.card_number)
        self._set_language(summary.language)
        view.name.setFocus()
        view.name.selectAll()

    # -- checking --------------------------------------------------------------------------
    def check(self, field: str) -> bool:
        """Validate one field now; the message appears under it."""
        text = getattr(self.view, field).text()
        try:
            self._checks[field](text)
        except InvalidInput as error:
            self.view.set_error(field, str(error))
            return False
        self.view.set_error(field, "")
        return True

    def check_all(self) -> bool:
        fields = [f for f in FIELDS if f != "referrer" or self.editing is None]
        bad = [field for field in fields if not self.check(field)]
        if bad:
            getattr(self.view, bad[0]).setFocus()
        return not bad

    # -- saving ----------------------------------------------------------------------------
    def save(self) -> None:
        if not self.check_all():
            self._say(_("Please correct the fields marked in red."))
            return
        result = self._save(allow_duplicate_phone=False)
        if isinstance(result, DuplicatePhone):
            taken = _("{phone} is the phone of {name} (card {card}).").format(
                phone=format_phone(result.phone), name=result.other_name, card=result.other_card
            )
            again = _("Save anyway, with the same phone for both?")
            question = f"{taken}\n\n{again}"
            if not dialogs.ask(self.view.window(), _("Phone number in use"), question):
                self.view.set_error("phone", taken)
                self.view.phone.setFocus()
                return
            result = self._save(allow_duplicate_phone=True)
        if isinstance(result, CustomerSaved):
            self._done(result)

    def _save(self, *, allow_duplicate_phone: bool) -> CustomerSaved | DuplicatePhone | None:
        refused: list[ShopkeeperError] = []
        view = self.view
        values = dict(
            name=view.name.text(),
            phone=view.phone.text().strip() or None,
            email=view.email.text().strip() or None,
            birthday=view.birthday.text().strip() or None,
            address=view.address.toPlainText().strip() or None,
            language=view.language.currentData(),
            letters_consent=view.letters.isChecked(),
            allow_duplicate_phone=allow_duplicate_phone,
        )
        card = view.card.text().strip()
        if self.editing is None:
            saved = self.operations.write(
                create_customer,
                what="customer",
                card_number=card or None,
                referred_by_card=view.referrer.text().strip() or None,
                on_error=refused.append,
                **values,
            )
        else:
            if card and clean_card_number(card) != self.editing.card_number:
                values["new_card_number"] = card
            saved = self.operations.write(
                edit_customer,
                self.editing.card_number,
                what="customer",
                on_error=refused.append,
                **values,
            )
        if refused:
            error = refused[0]
            if isinstance(error, DuplicatePhone):
                return error
            self._say(str(error))
            return None
        return saved

    def _say(self, text: str) -> None:
        self.view.message.setStyleSheet(ERROR_STYLE)
        self.view.message.setText(text)

    def _done(self, saved: CustomerSaved) -> None:
        self.view.message.setStyleSheet(NOTE_STYLE)
        if self.editing is None:
            if saved.welcome_bonus:
                text = _("{name} added: card {card} · welcome bonus {points}").format(
                    name=saved.name,
                    card=saved.card_number,
                    points=signed_points(saved.welcome_bonus),
                )
            else:
                text = _("{name} added: card {card}").format(
                    name=saved.name, card=saved.card_number
                )
            self.operations.notice.emit(text)
        else:
            self.operations.notice.emit(_("{name} saved.").format(name=saved.name))
        self.editing = None
        self.saved.emit(saved.card_number)
