"""The Products tab of the Programme screen: the shop's short list of products and quick keys.

Each save is one ``services.products`` call through ``Operations`` (``what="product"``), so the
counter's product buttons and keys follow at once. A product is never deleted: unticking
"Offered" takes it off the counter and keeps its history.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.i18n import N_, _
from shopkeeper.services import products
from shopkeeper.services.products import ProductInfo
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.settings.messages import Messages


class ProductsTab(Messages, QWidget):
    HEADERS = (N_("Product"), N_("Quick key"), N_("Category"), N_("Offered"))

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("products_tab")
        self.operations = operations
        self._products: list[ProductInfo] = []
        self.table = QTableWidget(0, len(self.HEADERS), self)
        self.table.setObjectName("products_table")
        self.table.setHorizontalHeaderLabels([_(h) for h in self.HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.name = QLineEdit(self)
        self.name.setObjectName("product_name")
        self.key = QLineEdit(self)
        self.key.setObjectName("product_key")
        self.key.setMaxLength(3)
        self.key.setPlaceholderText(_("a letter, or F1, F10-F12"))
        self.category = QLineEdit(self)
        self.category.setObjectName("product_category")
        self.active = QCheckBox(_("Offered at the counter"), self)
        self.active.setChecked(True)
        self.save_button = QPushButton(_("Save product"), self)
        self.add_button = QPushButton(_("Add as new product"), self)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Name"), self.name)
        form.addRow(_("Quick key"), self.key)
        form.addRow(_("Category"), self.category)
        form.addRow("", self.active)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                _(
                    "At booking, a product's quick key (or a tap on it) records what was "
                    "bought; the profile then shows what the customer usually buys."
                ),
                self,
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.table.itemSelectionChanged.connect(self._selected)
        self.save_button.clicked.connect(self.submit)
        self.add_button.clicked.connect(self.add_new)

    def load(self) -> None:
        found = self.operations.read(products.list_products, include_inactive=True)
        if found is None:
            return
        self._products = found
        self.table.setRowCount(len(found))
        for row, p in enumerate(found):
            offered = _("yes") if p.active else _("no")
            values = (p.name, p.quick_key or "", p.category or "", offered)
            for column, text in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def selected(self) -> ProductInfo | None:
        row = self.table.currentRow()
        return self._products[row] if 0 <= row < len(self._products) else None

    def _selected(self) -> None:
        p = self.selected()
        if p is None:
            return
        self.name.setText(p.name)
        self.key.setText(p.quick_key or "")
        self.category.setText(p.category or "")
        self.active.setChecked(p.active)

    def submit(self) -> None:
        current = self.selected()
        if current is None:
            self.say(_("Choose a product in the list to change it."), error=True)
            return
        saved = self.operations.write(
            products.edit_product,
            current.id,
            what="product",
            on_error=self.refuse,
            name=self.name.text(),
            quick_key=self.key.text() or None,
            category=self.category.text() or None,
            active=self.active.isChecked(),
        )
        if saved is not None:
            self.say(_("{name} saved.").format(name=saved.name))
            self.load()

    def add_new(self) -> None:
        saved = self.operations.write(
            products.add_product,
            what="product",
            on_error=self.refuse,
            name=self.name.text(),
            quick_key=self.key.text() or None,
            category=self.category.text() or None,
        )
        if saved is not None:
            self.say(_("{name} added.").format(name=saved.name))
            self.load()
