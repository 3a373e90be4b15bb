"""Finding the customer: one search field for scanner, card, phone or name, and its results.

Every keystroke searches at once, on a worker thread; while one search runs, the keystrokes that
follow are coalesced into the next (so a fast typist never queues stale searches, and nobody
waits for a fixed debounce). Return decides: an exact card match opens it; a voucher code opens
the voucher; the highlighted row or a single match opens; several matches are highlighted for
the arrows. No match offers the new-customer form, with the text as the card only when it is a
card number (the shop's format or its imported-cards pattern): text is otherwise a name or a
phone, never a card.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.domain.codes import is_card_number, looks_like_voucher
from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.i18n import N_, _, ngettext
from shopkeeper.services.rewards import find_voucher
from shopkeeper.services.search import CustomerHit, search_customers
from shopkeeper.ui import collector
from shopkeeper.ui.counter.cells import ResultsModel
from shopkeeper.ui.counter.scanner import SCAN_MAX_GAP_MS, ScanDetector
from shopkeeper.ui.keyed import KeyedLineEdit, KeyedTableView
from shopkeeper.ui.models.customers import CARD, NAME, PHONE, POINTS
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.wording import NewCustomerPrefill, prefill_for

RESULT_LIMIT = 50
NARROW_PANEL = 420  # pixels: below this the results show no phone column
ROW_HEIGHT = 28
HINT_LINES = 3  # room for a merged card's note and the count, in a narrow panel
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_MOVE_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
EMPTY_HINT = N_("Scan a card, or type a name, phone or card number.")
NEW_CUSTOMER = N_("New customer…  (Ctrl+N)")


class LookupView(QWidget):
    """The search field, the results table, a hint line and the new-customer button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = KeyedLineEdit(self)
        self.search.setObjectName("search")
        self.search.setPlaceholderText(_("Card, phone or name  (Ctrl+F)"))
        # A clear button of our own: Qt's fades in and out over a dozen repaints, on the first
        # key of every search and again when the field is emptied.
        self.clear_action = self.search.addAction(
            self.style().standardIcon(QStyle.StandardPixmap.SP_LineEditClearButton),
            QLineEdit.ActionPosition.TrailingPosition,
        )
        self.clear_action.setObjectName("clear_search")
        self.clear_action.setToolTip(_("Clear (Esc)"))
        self.clear_action.setVisible(False)
        self.clear_action.triggered.connect(self.search.clear)
        self.search.textChanged.connect(self._clear_shown)
        self.search.setAccessibleName(_("Search customers"))
        font = self.search.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.search.setFont(font)
        self.search.setMinimumHeight(40)

        self.model = ResultsModel(self)
        self.table = KeyedTableView(self)
        self.table.setObjectName("results")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        # The scroll bar always there: results appearing or going never resize the table (a
        # resize repainted every row twice and re-stretched the name column).
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(ROW_HEIGHT)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in ((CARD, 88), (PHONE, 124), (POINTS, 54)):
            header.resizeSection(column, width)
        header.setHighlightSections(False)

        self.hint = QLabel(_(EMPTY_HINT), self)
        self.hint.setObjectName("lookup_hint")
        self.hint.setWordWrap(True)
        # Three lines, always: a hint of another length never moves the table (which would
        # repaint every row), and no height-for-width pass runs on each keystroke.
        self.hint.setFixedHeight(self.hint.fontMetrics().lineSpacing() * HINT_LINES + 4)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.new_button = QPushButton(_(NEW_CUSTOMER), self)
        self.new_button.setObjectName("new_customer")
        self.new_button.setAutoDefault(False)

        # The hint and the button in a strip of one height whose width asks nothing of the
        # panel: "New customer “a long name”…" no longer widens the panel, moves the splitter
        # and repaints both sides on a keystroke (the hint gives way instead).
        self.footer = QWidget(self)
        self.footer.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        bottom = QHBoxLayout(self.footer)
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        title = QLabel(_("Find a customer"), self)
        bold = QFont(title.font())
        bold.setBold(True)
        title.setFont(bold)
        layout.addWidget(title)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.footer)
        QWidget.setTabOrder(self.search, self.table)
        QWidget.setTabOrder(self.table, self.new_button)

    def show_new_customer(self, query: str) -> None:
        """The button offers a customer named ``query``, or just a new one."""
        self.new_button.setText(
            _("New customer “{name}”…").format(name=query) if query else _(NEW_CUSTOMER)
        )

    def _clear_shown(self, text: str) -> None:
        if self.clear_action.isVisible() != bool(text):
            self.clear_action.setVisible(bool(text))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """A narrow panel (1024 x 768) drops the phone column so names stay readable."""
        super().resizeEvent(event)
        self.table.setColumnHidden(PHONE, self.width() < NARROW_PANEL)


class LookupController(QObject):
    customer_chosen = Signal(str)  # card number
    new_customer_requested = Signal(object)  # NewCustomerPrefill
    voucher_entered = Signal(str)  # a voucher's code, scanned or typed: the use-voucher flow
    results_shown = Signal(str)  # the query whose results the table now shows

    def __init__(
        self, view: LookupView, operations: Operations, *, card_pattern: str = ""
    ) -> None:
        super().__init__(view)
        self.view = view
        self.operations = operations
        self.card_pattern = card_pattern  # the shop's imported-cards pattern
        # Set by the counter: opens a scanned card's profile straight away and returns the
        # hit to list, or None when the card is not a live customer's (then it is searched).
        self.open_card: Callable[[str], CustomerHit | None] | None = None
        self.scanner = ScanDetector()
        self._sequence = 0  # the newest search asked for; older answers are dropped
        self._shown_query: str | None = None
        self._running = False  # a search is on the worker thread
        self._again = False  # keys came while it ran: search once more when it is back
        self._burst_key = False  # the key being typed came scanner-fast after the one before
        # During a scanner's burst the search waits until the keys stop (or Return comes):
        # nine digits are one search, not nine.
        self._burst_pause = QTimer(self)
        self._burst_pause.setSingleShot(True)
        self._burst_pause.setInterval(SCAN_MAX_GAP_MS)
        self._burst_pause.timeout.connect(self._search_now)
        # A person's key searches as soon as the event loop turns (no wait a person could see);
        # keys already queued behind it (a scanner's burst on a busy window) are one search.
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(0)
        self._soon.timeout.connect(self._search_now)
        view.search.textChanged.connect(self._text_changed)
        view.search.key_handlers.append(self._search_key)
        view.table.key_handlers.append(self._table_key)
        view.table.activated.connect(self._row_activated)
        view.table.doubleClicked.connect(self._row_activated)
        view.new_button.clicked.connect(self.request_new_customer)

    # -- typing ---------------------------------------------------------------------------
    def query(self) -> str:
        return self.view.search.text().strip()

    def _text_changed(self, _text: str) -> None:
        burst, self._burst_key = self._burst_key, False
        if self.query() and burst:
            self._sequence += 1  # a search still running answers for older text
            self._burst_pause.start()
        elif self.query():
            self._soon.start()
        else:
            self._stop_waiting()
            self._sequence += 1
            self._again = False
            self._show([], "")

    def _search_now(self) -> None:
        """Search what is typed now; if a search is still running, once it is back."""
        self._stop_waiting()
        query = self.query()
        if not query:
            return
        self._sequence += 1
        if self._running:
            self._again = True
            return
        self._running = True
        self._again = False
        sequence = self._sequence
        self.operations.background(
            search_customers,
            query,
            limit=RESULT_LIMIT,
            on_done=lambda hits: self._answer(sequence, query, hits),
            on_error=self._search_failed,
        )

    def _stop_waiting(self) -> None:
        self._burst_pause.stop()
        self._soon.stop()

    def _answer(self, sequence: int, query: str, hits: list[CustomerHit]) -> None:
        self._running = False
        if sequence == self._sequence:
            self._show(hits, query)
        elif self._again:
            self._search_now()  # the text moved on while this one ran

    def _search_failed(self, error: ShopkeeperError) -> None:
        self._running = False
        self.view.hint.setText(str(error))
        if self._again:
            self._search_now()

    def refresh(self) -> None:
        """Search again for what is typed (balances and names may have changed)."""
        if self.query():
            self._search_now()

    def _show(self, hits: list[CustomerHit], query: str) -> None:
        self.view.model.set_rows(hits)
        # The stretched Name column sized now, in this frame: the reset's delayed resize
        # repainted the header in a second frame after every search and scan.
        self.view.table.horizontalHeader().resizeSections()
        self._shown_query = query
        if not query:
            text = _(EMPTY_HINT)
        elif not hits:
            text = _("Nobody matches “{query}”. Enter adds a new customer.").format(query=query)
        elif len(hits) >= RESULT_LIMIT:
            text = ngettext(
                "The first {n} match; type more to narrow them.",
                "The first {n} matches; type more to narrow them.",
                len(hits),
            ).format(n=len(hits))
        else:
            text = ngettext(
                "{n} customer: ↑↓ and Enter to open.",
                "{n} customers: ↑↓ and Enter to open.",
                len(hits),
            ).format(n=len(hits))
        if hits and hits[0].merged_from:  # an old card of a customer (services.merge)
            text = _("Card {old} was merged into {card}. {hint}").format(
                old=hits[0].merged_from, card=hits[0].card_number, hint=text
            )
        self.view.hint.setText(text)
        self.view.show_new_customer(query if query and not hits else "")
        self.results_shown.emit(query)

    # -- keys -----------------------------------------------------------------------------
    def _search_key(self, event: QKeyEvent) -> bool:
        collector.hold()  # no garbage-collection pause while a person types or scans
        key = event.key()
        self._burst_key = False
        if key in _ENTER_KEYS:
            self._stop_waiting()
            scanned = self.scanner.enter(event.timestamp())
            if scanned:
                self.open_scanned(scanned)
            else:
                self.enter()
            return True
        if key in _MOVE_KEYS:
            self.scanner.other_key()
            self._move(key)
            return True
        text = event.text()
        if (
            text
            and text.isprintable()
            and not event.modifiers()
            & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        ):
            self._burst_key = self.scanner.key(text, event.timestamp())
        else:
            self.scanner.other_key()
        return False

    def _table_key(self, event: QKeyEvent) -> bool:
        """Typing while the results have focus goes on in the search field (scans too)."""
        text = event.text()
        if not text or not text.isprintable() or event.key() in _ENTER_KEYS:
            return False
        if event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            return False
        forwarded = QKeyEvent(event.type(), event.key(), event.modifiers(), text)
        forwarded.setTimestamp(event.timestamp())
        self.view.search.setFocus()
        self.view.search.deselect()
        self.view.search.end(False)
        QApplication.sendEvent(self.view.search, forwarded)
        return True

    def _move(self, key: int) -> None:
        count = self.view.model.rowCount()
        if not count:
            return
        current = self.view.table.currentIndex().row() if self._has_selection() else -1
        step = {
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_PageUp: -10,
            Qt.Key.Key_PageDown: 10,
        }[Qt.Key(key)]
        row = 0 if current < 0 else max(0, min(count - 1, current + step))
        self._select(row)

    def _select(self, row: int) -> None:
        index = self.view.model.index(row, 0)
        self.view.table.setCurrentIndex(index)
        self.view.table.selectRow(row)
        self.view.table.scrollTo(index)

    def _has_selection(self) -> bool:
        return bool(self.view.table.selectionModel().selectedRows())

    # -- choosing -------------------------------------------------------------------------
    def enter(self) -> None:
        """Return typed by a person: open what is highlighted, an exact card, a voucher or a
        single match."""
        query = self.query()
        if not query:
            return
        if self._has_selection() and self._shown_query == query:
            self._choose(self.view.table.currentIndex().row())
            return
        self._sequence += 1
        hits = self.operations.read(
            search_customers, query, limit=RESULT_LIMIT, on_error=self._search_failed
        )
        if hits is None:
            return
        self._show(hits, query)
        self._decide(query, hits)

    def _decide(self, query: str, hits: list[CustomerHit]) -> None:
        if hits and hits[0].exact_card:
            self.customer_chosen.emit(hits[0].card_number)
        elif self._voucher(query):
            return
        elif len(hits) == 1:
            self.customer_chosen.emit(hits[0].card_number)
        elif hits:
            self._select(0)
        else:
            self.new_customer_requested.emit(prefill_for(query, card_pattern=self.card_pattern))

    def open_scanned(self, code: str) -> None:
        """A scanner's read (or fast typing): that card whatever the results show; an unknown
        card number offers a new customer with it; anything else (a voucher's code, a name)
        is decided as a person's Enter on that text."""
        self._sequence += 1
        view = self.view
        view.search.blockSignals(True)
        view.search.setText(code)
        view.search.blockSignals(False)
        if self.open_card is not None and is_card_number(code, self.card_pattern):
            # A card: its profile at once, without a search first (one read, not two).
            opened = self.open_card(code)
            if opened is not None:
                self._show([opened], code)
                return
        hits = self.operations.read(search_customers, code, limit=5, on_error=self._search_failed)
        if hits is None:
            return
        exact = next((hit for hit in hits if hit.exact_card), None)
        if exact:
            self._show([exact], code)
            self.customer_chosen.emit(exact.card_number)
            return
        if len(hits) == 5:  # not a known card: the whole first page, as a search shows it
            hits = self.operations.read(
                search_customers, code, limit=RESULT_LIMIT, on_error=self._search_failed
            )
            if hits is None:
                return
        if not hits and is_card_number(code, self.card_pattern):
            self._show([], code)
            view.hint.setText(_("Card {card} is not known yet.").format(card=code))
            self.new_customer_requested.emit(prefill_for(code, card_pattern=self.card_pattern))
            return
        self._show(hits, code)  # not a card: the same as a person's Enter on this text
        self._decide(code, hits)

    def _voucher(self, text: str) -> bool:
        """A voucher's code: hand it to the use-voucher flow. One indexed look-up, only for
        text shaped like a code."""
        if not looks_like_voucher(text) or is_card_number(text, self.card_pattern):
            return False
        found = self.operations.read(find_voucher, text, on_error=lambda _error: None)
        if found is None:
            return False
        self.view.hint.setText(
            _("Voucher {code}: {reward} for {name}.").format(
                code=found.code, reward=found.reward_name, name=found.customer_name
            )
        )
        self.voucher_entered.emit(found.code)
        return True

    def _row_activated(self, index: object) -> None:
        row = index.row()  # type: ignore[attr-defined]
        if row >= 0:
            self._choose(row)

    def _choose(self, row: int) -> None:
        self.customer_chosen.emit(self.view.model.hit(row).card_number)

    def request_new_customer(self) -> None:
        """The form starts with what was typed only if that found nobody (a name or phone)."""
        query = self.query()
        unmatched = query and self._shown_query == query and not self.view.model.rowCount()
        self.new_customer_requested.emit(
            prefill_for(query, card_pattern=self.card_pattern)
            if unmatched
            else NewCustomerPrefill()
        )

    def focus_search(self) -> None:
        """Back to the search field, its text selected so the next scan or name replaces it."""
        self.view.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.view.search.selectAll()
        self.scanner.reset()

    def clear(self) -> None:
        self.view.search.clear()
        self.focus_search()

    def show_customer(self, hit_card: str, name: str) -> None:
        """A customer opened from elsewhere (the list, a new customer saved): the search shows
        that customer's card, never the results of an older search for someone else."""
        self._sequence += 1
        self._again = False
        view = self.view
        view.search.blockSignals(True)
        view.search.setText(hit_card)
        view.search.blockSignals(False)
        self._search_now()
        view.hint.setText(_("{name}: card {card}.").format(name=name, card=hit_card))
