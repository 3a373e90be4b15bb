"""What was bought, chosen while booking: one keystroke (or tap) per item, and optional.

While the amount field has focus, a product's quick key adds one of it (twice: two) instead of
typing; Backspace right after such keys takes the latest one back, and a chip's click takes one
of that product back. Digits, the decimal mark and every other key reach the amount as before,
so booking without items is exactly what it was. The products are read once and again only
when a product changes (``Change.what == "product"``), never per scan.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from shopkeeper.domain.products import Basket
from shopkeeper.i18n import _
from shopkeeper.present.items import item_text
from shopkeeper.services.products import ProductInfo, list_products
from shopkeeper.ui.keyed import KeyedLineEdit
from shopkeeper.ui.operations import Change, Operations
from shopkeeper.ui.style import NOTE_STYLE

BUTTON_COLUMNS = 4


def key_name(event: QKeyEvent) -> str | None:
    """The quick key an event spells ("r", "F9"), as ``domain.products.clean_quick_key`` stores
    it; None for keys with a modifier other than Shift (shortcuts stay shortcuts)."""
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
    modifiers &= ~Qt.KeyboardModifier.KeypadModifier
    if modifiers:
        return None
    key = event.key()
    if Qt.Key.Key_F1.value <= key <= Qt.Key.Key_F12.value:
        return f"F{key - Qt.Key.Key_F1.value + 1}"
    text = event.text()
    return text.casefold() if len(text) == 1 and text.isprintable() else None


class ItemsPanel(QWidget):
    """A row of product buttons (taps) and the chips of what is chosen."""

    tapped = Signal(int)  # a product button: its product id
    chip_clicked = Signal(int)  # a chip: the product id to take one back

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("items_panel")
        self.buttons_box = QWidget(self)
        self.buttons_grid = QGridLayout(self.buttons_box)
        self.buttons_grid.setContentsMargins(0, 0, 0, 0)
        self.buttons_grid.setSpacing(4)
        self.buttons: dict[int, QPushButton] = {}
        self.chips_box = QWidget(self)
        self.chips_row = QHBoxLayout(self.chips_box)
        self.chips_row.setContentsMargins(0, 0, 0, 0)
        self.chips_row.setSpacing(4)
        self.chips: list[QPushButton] = []
        self.hint = QLabel("", self)
        self.hint.setStyleSheet(NOTE_STYLE)
        self.hint.setWordWrap(True)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.buttons_box, 0, 0)
        layout.addWidget(self.chips_box, 1, 0)
        layout.addWidget(self.hint, 2, 0)
        self.setVisible(False)  # a shop without products sees the form as before

    def show_products(self, products: list[ProductInfo]) -> None:
        for button in self.buttons.values():
            self.buttons_grid.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        for index, p in enumerate(products):
            text = _("{name} ({key})").format(name=p.name, key=p.quick_key)
            button = QPushButton(text if p.quick_key else p.name, self.buttons_box)
            button.setObjectName(f"product_{p.id}")
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a tap keeps the cursor in the amount
            button.clicked.connect(lambda _checked=False, pid=p.id: self.tapped.emit(pid))
            self.buttons_grid.addWidget(button, index // BUTTON_COLUMNS, index % BUTTON_COLUMNS)
            self.buttons[p.id] = button
        self.hint.setText(
            _("Optional: press a product's key or tap it; Backspace takes the last one back.")
            if products
            else ""
        )
        self.setVisible(bool(products))

    def show_chips(self, chosen: list[tuple[str, int, int]]) -> None:
        """``chosen``: (name, product id, quantity) each."""
        while len(self.chips) < len(chosen):
            chip = QPushButton("", self.chips_box)
            chip.setAutoDefault(False)
            chip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            chip.setToolTip(_("Click to take one back"))
            chip.clicked.connect(
                lambda _checked=False, c=chip: self.chip_clicked.emit(c.property("product_id"))
            )
            self.chips_row.addWidget(chip)
            self.chips.append(chip)
        for chip, item in zip(self.chips, chosen + [None] * len(self.chips), strict=False):
            if item is None:
                chip.setVisible(False)
                continue
            name, product_id, quantity = item
            chip.setText(item_text(name, quantity) + "  ✕")
            chip.setProperty("product_id", product_id)
            chip.setObjectName(f"chip_{product_id}")
            chip.setVisible(True)
        self.chips_box.setVisible(bool(chosen))

    def chip_texts(self) -> list[str]:
        return [c.text().removesuffix("  ✕") for c in self.chips if not c.isHidden()]


class ItemsController(QObject):
    """The chosen items of the booking being typed, from quick keys, taps and chip clicks."""

    changed = Signal()  # the basket changed: the booking is a new one

    def __init__(self, view: ItemsPanel, amount: KeyedLineEdit, operations: Operations) -> None:
        super().__init__(view)
        self.view = view
        self.amount = amount
        self.operations = operations
        self.basket = Basket()
        self.products: dict[int, ProductInfo] = {}
        self.by_key: dict[str, int] = {}
        self._taking_back = False  # the last key in the amount was a product key
        amount.key_handlers.append(self._product_key)
        view.tapped.connect(self.choose)
        view.chip_clicked.connect(self._chip_clicked)
        operations.changed.connect(self._data_changed)
        self.load()

    def load(self) -> None:
        listed = self.operations.read(list_products) or []
        self.products = {p.id: p for p in listed}
        self.by_key = {p.quick_key: p.id for p in listed if p.quick_key}
        self.view.show_products(listed)
        for product_id, _quantity in self.basket.items():
            if product_id not in self.products:  # deactivated meanwhile
                while self.basket.take_back(product_id) is not None:
                    pass
        self._show()

    def _data_changed(self, change: Change) -> None:
        if change.what == "product":
            self.load()

    def chosen(self) -> list[tuple[int, int]]:
        return self.basket.items()

    def clear(self) -> None:
        if self.basket:
            self.basket.clear()
            self._show()
        self._taking_back = False

    def choose(self, product_id: int) -> None:
        self.basket.add(product_id)
        self._show()
        self.changed.emit()

    def take_back(self, product_id: int | None = None) -> bool:
        if self.basket.take_back(product_id) is None:
            return False
        self._show()
        self.changed.emit()
        return True

    def _show(self) -> None:
        chosen = [
            (self.products[pid].name, pid, qty)
            for pid, qty in self.basket.items()
            if pid in self.products
        ]
        self.view.show_chips(chosen)

    def _chip_clicked(self, product_id: int) -> None:
        self.take_back(product_id)
        self.amount.setFocus()

    def _product_key(self, key_event: QKeyEvent) -> bool:
        """A product's quick key typed in the amount puts it in the basket; Backspace right
        after takes it out again."""
        if not self.by_key:
            return False
        if key_event.key() == Qt.Key.Key_Backspace and self._taking_back:
            if self.take_back():
                return True
            self._taking_back = False
            return False
        name = key_name(key_event)
        product_id = self.by_key.get(name) if name else None
        if product_id is None:
            if key_event.text():
                self._taking_back = False  # typing the amount again: Backspace edits it
            return False
        self.choose(product_id)
        self._taking_back = True
        return True
