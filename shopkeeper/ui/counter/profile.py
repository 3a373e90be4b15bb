"""The customer at one glance, with the counter's actions: book, redeem, notes.

Everything shown comes from one ``customer_summary`` call; after any change to this customer
(the ``Operations.changed`` signal) the summary is read again, so no label is ever patched by hand.

Printing hooks for the lead: ``ProfileView.print_card_requested(card_number)`` is emitted by the
"Print card" button (hidden until ``set_printing_available(True)``), and
``ProfileView.voucher_issued(code)`` after every redemption. Nothing here connects them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QEnterEvent, QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.domain.rhythm import Stage
from shopkeeper.i18n import _, ngettext, pgettext
from shopkeeper.present.items import last_time_text, usually_buys_text
from shopkeeper.present.numbers import Numbers
from shopkeeper.present.today import member_since_text
from shopkeeper.services.rewards import Redeemed
from shopkeeper.services.summary import CustomerSummary, customer_summary
from shopkeeper.ui.counter.booking import BookingController, BookingPanel
from shopkeeper.ui.counter.history import HistoryController, VisitsPanel, VouchersPanel
from shopkeeper.ui.counter.notes import NotesController, NotesPanel
from shopkeeper.ui.counter.rewards import RewardsController, RewardsPanel
from shopkeeper.ui.operations import Change, ErrorSink, Operations
from shopkeeper.ui.style import BIRTHDAY_STYLE, NOTE_STYLE, PINNED_STYLE, PROBLEM_STYLE, badge_style
from shopkeeper.ui.wording import (
    DOT,
    birthday_text,
    day_text,
    days_ago_text,
    readable_on,
    rhythm_text,
    tier_progress_text,
)

RECENT_VISITS = 15
MAX_ALERTS = 4  # more pinned notes and problems are listed in the Notes tab


def stage_text(stage: Stage) -> str:
    """The customer's stage on the ladder, as the details line says it."""
    words = {
        Stage.NEW: pgettext("customer stage", "new customer"),
        Stage.REGULAR: pgettext("customer stage", "regular customer"),
        Stage.LOYAL: pgettext("customer stage", "loyal customer"),
        Stage.ADVOCATE: pgettext("customer stage", "advocate customer"),
    }
    return words.get(stage, f"{stage.value} customer")


def _scaled(label: QLabel, factor: float, *, bold: bool = True) -> None:
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    label.setFont(font)


# Latin with diacritics and Chinese: a Chinese name is set in a fallback font three pixels
# taller, and a name of another height moved everything below it (a third of all scans laid
# out and repainted the whole profile for it).
_TALLEST_NAME = "Žemaitė 王小明"


def _one_height_for_every_script(label: QLabel) -> None:
    shown = label.text()
    label.setText(_TALLEST_NAME)
    label.setMinimumHeight(label.sizeHint().height())
    label.setText(shown)


class _Fact(QWidget):
    """A small caption above a value: "Member since / 2025-03-12"."""

    def __init__(self, caption: str, name: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.caption = QLabel(caption, self)
        self.caption.setStyleSheet(NOTE_STYLE)
        self.value = QLabel("", self)
        self.value.setObjectName(name)
        _scaled(self.value, 1.1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 12, 0)
        layout.setSpacing(0)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)


class _SelectableUnderMouse(QLabel):
    """A label whose text can be selected with the mouse while the mouse is over it (or a
    selection is kept). A selectable label lays its text out again inside its own paint and so
    asks for a second frame after every scan; a plain one is painted once. (Enter and leave
    are overridden rather than filtered: a filter is a call into Python for each paint.)"""

    def enterEvent(self, event: QEnterEvent) -> None:  # noqa: N802 - Qt's name
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if not self.hasSelectedText():
            self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        super().leaveEvent(event)


class ProfileView(QWidget):
    print_card_requested = Signal(str)  # card number; for the printing issue to connect
    voucher_issued = Signal(str)  # voucher code after a redemption; for voucher printing

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = _SelectableUnderMouse("", self)
        self.name.setObjectName("customer_name")
        _scaled(self.name, 1.7)
        _one_height_for_every_script(self.name)
        self.tier_badge = QLabel("", self)
        self.tier_badge.setObjectName("tier_badge")
        self.edit_button = QPushButton(_("&Edit details…"), self)
        self.edit_button.setObjectName("edit_customer")
        self.edit_button.setAutoDefault(False)
        self.print_button = QPushButton(_("&Print card…"), self)
        self.print_button.setObjectName("print_card")
        self.print_button.setAutoDefault(False)
        self.print_button.setVisible(False)
        self.details = _SelectableUnderMouse("", self)
        self.details.setObjectName("customer_details")
        self.details.setStyleSheet(NOTE_STYLE)
        self.details.setWordWrap(True)

        self.buying = QLabel("", self)  # "Usually buys: … · Last time: …" (services.products)
        self.buying.setObjectName("customer_buying")
        self.buying.setWordWrap(True)
        self.buying.setVisible(False)

        self.balance = QLabel("", self)
        self.balance.setObjectName("balance")
        _scaled(self.balance, 2.2)
        balance_caption = QLabel(pgettext("balance caption", "points"), self)
        balance_caption.setStyleSheet(NOTE_STYLE)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("tier_progress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(True)
        self.progress.setMinimumWidth(220)
        self.progress.setMaximumHeight(22)

        self.member_since = _Fact(_("Member since"), "member_since", self)
        self.rhythm = _Fact(_("Usual rhythm"), "rhythm", self)
        self.last_visit = _Fact(_("Last visit"), "last_visit", self)
        self.visits = _Fact(_("Visits · spent"), "visit_totals", self)
        self.alerts = QVBoxLayout()
        self.alerts.setSpacing(4)
        # A fixed set of alert labels per kind, styled once and filled on each scan, in the
        # order the alerts are listed: building labels or polishing a label's style sheet
        # again (a birthday where a pinned note was last time) cost a scan a few ms.
        self._alert_labels: dict[str, list[QLabel]] = {}
        for kind, style, count in (
            ("birthday", BIRTHDAY_STYLE, 1),
            ("problem", PROBLEM_STYLE, MAX_ALERTS),
            ("pinned", PINNED_STYLE, MAX_ALERTS),
            ("more", NOTE_STYLE, 1),
        ):
            for _slot in range(count):
                label = QLabel("", self)
                label.setObjectName(f"alert_{kind}")
                label.setStyleSheet(style)
                label.setWordWrap(True)
                label.setVisible(False)
                self.alerts.addWidget(label)
                self._alert_labels.setdefault(kind, []).append(label)

        self.booking = BookingPanel(self)
        self.rewards = RewardsPanel(self)
        self.visits_panel = VisitsPanel(self)
        self.visits_model = self.visits_panel.model
        self.visits_table = self.visits_panel.table
        self.vouchers_panel = VouchersPanel(self)
        self.notes = NotesPanel(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("profile_tabs")
        self.tabs.setDocumentMode(True)  # no frame around the pages: 2 ms less a scan to paint
        self.tabs.addTab(self.visits_panel, _("Last visits"))
        self.tabs.addTab(self.notes, _("Notes"))
        self.tabs.addTab(self.vouchers_panel, _("Vouchers"))

        top = QHBoxLayout()
        top.addWidget(self.name)
        top.addWidget(self.tier_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addStretch(1)
        top.addWidget(self.edit_button)
        top.addWidget(self.print_button)
        figures = QHBoxLayout()
        balance_box = QHBoxLayout()
        balance_box.setSpacing(6)
        balance_box.addWidget(self.balance, 0, Qt.AlignmentFlag.AlignBottom)
        balance_box.addWidget(balance_caption, 0, Qt.AlignmentFlag.AlignBottom)
        figures.addLayout(balance_box)
        figures.addSpacing(18)
        figures.addWidget(self.progress, 1, Qt.AlignmentFlag.AlignVCenter)
        facts = QHBoxLayout()
        for fact in (self.member_since, self.rhythm, self.last_visit, self.visits):
            facts.addWidget(fact)
        facts.addStretch(1)
        actions = QGridLayout()
        actions.addWidget(self.booking, 0, 0)
        actions.addWidget(self.rewards, 0, 1)
        actions.setColumnStretch(0, 1)
        actions.setColumnStretch(1, 1)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.details)
        layout.addWidget(self.buying)
        layout.addLayout(figures)
        layout.addLayout(facts)
        layout.addLayout(self.alerts)
        layout.addWidget(line)
        layout.addLayout(actions)
        layout.addWidget(self.tabs, 1)
        QWidget.setTabOrder(self.booking.undo, self.rewards.table)
        QWidget.setTabOrder(self.rewards.table, self.rewards.redeem)
        QWidget.setTabOrder(self.rewards.redeem, self.tabs)

    def set_printing_available(self, available: bool) -> None:
        """The printing issue calls this once it connects ``print_card_requested``."""
        self.print_button.setVisible(available)

    def show_summary(self, s: CustomerSummary, numbers: Numbers) -> None:
        self.name.setText(_("{name}  (archived)").format(name=s.name) if s.archived else s.name)
        if s.tier:
            self.tier_badge.setText(s.tier)
            style = badge_style(s.tier_colour or "#9e9e9e", readable_on(s.tier_colour))
            if self.tier_badge.styleSheet() != style:  # re-polishing costs a scan ~1 ms
                self.tier_badge.setStyleSheet(style)
            self.tier_badge.setVisible(True)
        else:
            self.tier_badge.setVisible(False)
        details = [_("Card {card}").format(card=s.card_number)]
        details += [value for value in (s.phone, s.email) if value]
        details.append(stage_text(s.stage))
        if s.referred_by:
            details.append(_("brought by {name}").format(name=s.referred_by))
        self.details.setText(DOT.join(details))
        self._show_buying(s)
        self.balance.setText(numbers.number(s.points_balance))
        # QProgressBar.setValue repaints at once (30 ms at the counter): let it paint with the
        # rest of the profile instead.
        self.progress.setUpdatesEnabled(False)
        self.progress.setValue(round(s.tier_progress * 1000))
        self.progress.setUpdatesEnabled(True)
        self.progress.setFormat(tier_progress_text(s.next_tier, s.points_to_next_tier))
        self.progress.setToolTip(
            ngettext(
                "{n} point earned in the last 12 months",
                "{n} points earned in the last 12 months",
                s.points_last_12_months,
            ).format(n=numbers.number(s.points_last_12_months))
        )
        self.member_since.value.setText(day_text(s.joined_at))
        self.rhythm.value.setText(rhythm_text(s.rhythm))
        last = days_ago_text(s.rhythm.days_since_last)
        self.last_visit.value.setText(
            _("{last}  (overdue)").format(last=last) if s.rhythm.overdue else last
        )
        self.visits.value.setText(
            numbers.number(s.visit_count) + DOT + numbers.money(s.spent_cents)
        )
        self._show_alerts(s)
        notes_tab = _("Notes ({n})").format(n=len(s.notes)) if s.notes else _("Notes")
        if self.tabs.tabText(1) != notes_tab:  # a new tab text lays out and repaints the tabs
            self.tabs.setTabText(1, notes_tab)

    def _show_buying(self, s: CustomerSummary) -> None:
        parts = [usually_buys_text(s.usual_items)] if s.usual_items else []
        if s.last_items:
            parts.append(last_time_text(s.last_items))
        text = DOT.join(parts)
        if self.buying.text() != text:
            self.buying.setText(text)
        if self.buying.isHidden() == bool(text):
            self.buying.setVisible(bool(text))

    def _show_alerts(self, s: CustomerSummary) -> None:
        lines: list[tuple[str, str]] = []
        if s.birthday_in_days is not None:
            lines.append((birthday_text(s.birthday_in_days), "birthday"))
        for note in s.open_problems:
            lines.append(
                (
                    _("Open problem ({day}): {text}").format(day=day_text(note.at), text=note.text),
                    "problem",
                )
            )
        for note in s.pinned_notes:
            if not note.is_open_problem:
                lines.append((_("Pinned: {text}").format(text=note.text), "pinned"))
        if len(lines) > MAX_ALERTS:
            hidden = len(lines) - (MAX_ALERTS - 1)
            lines = lines[: MAX_ALERTS - 1]
            lines.append(
                (
                    ngettext(
                        "… and {n} more pinned or open note in the Notes tab",
                        "… and {n} more pinned or open notes in the Notes tab",
                        hidden,
                    ).format(n=hidden),
                    "more",
                )
            )
        for kind, labels in self._alert_labels.items():
            texts = [text for text, of_kind in lines if of_kind == kind]
            for slot, label in enumerate(labels):
                if slot >= len(texts):
                    if not label.isHidden():
                        label.setVisible(False)
                    continue
                if label.text() != texts[slot]:
                    label.setText(texts[slot])
                if label.isHidden():
                    label.setVisible(True)

    def settle(self) -> None:
        """Lay out the parts that changed before the profile itself: a part's new size
        otherwise reaches the profile after its own layout ran, and the frame is laid out and
        painted a second time (facts, tabs, last visits)."""
        for part in (self.member_since, self.rhythm, self.last_visit, self.visits):
            part.layout().activate()
        for part in (self.booking, self.rewards, self.visits_panel, self.tabs):
            QCoreApplication.sendPostedEvents(part, QEvent.Type.LayoutRequest)
            if part.layout() is not None:
                part.layout().activate()
        self.layout().activate()
        # A model reset lays its table out on a zero timer, after the frame was painted: the
        # scroll bar and the viewport then change and the frame is painted a second time.
        for table in (self.rewards.table, self.visits_table):
            if table.isVisible():
                table.doItemsLayout()

    def alert_texts(self) -> list[str]:
        return [
            label.text()
            for labels in self._alert_labels.values()
            for label in labels
            if not label.isHidden()
        ]


class ProfileController(QObject):
    edit_requested = Signal(object)  # CustomerSummary
    booked = Signal(object)  # VisitBooked
    undone = Signal(object)  # VisitReversed: the counter puts the cursor back in the amount
    redeemed = Signal(object)  # Redeemed
    gone = Signal()  # the customer shown can no longer be read (erased, merged away)
    opened = Signal(object)  # the CustomerSummary of a customer chosen (a fresh booking form)

    def __init__(self, view: ProfileView, operations: Operations, numbers: Numbers) -> None:
        super().__init__(view)
        self.view = view
        self.operations = operations
        self.numbers = numbers  # the shop's money and number formats (``present``)
        self.currency = numbers.currency
        self.summary: CustomerSummary | None = None
        self.booking = BookingController(view.booking, operations)
        self.rewards = RewardsController(view.rewards, operations)
        self.notes = NotesController(view.notes, operations)
        self.history = HistoryController(view.visits_panel, view.vouchers_panel, operations)
        view.visits_model.set_numbers(numbers)  # amounts with the shop's currency sign
        self.booking.booked.connect(self.booked)
        self.booking.undone.connect(self.undone)
        self.history.visit_undone.connect(self.booking.forget)
        self.rewards.redeemed.connect(self._redeemed)
        for panel in (self.booking, self.rewards, self.notes):
            panel.refused.connect(self.reload)  # show the data as it is now, after a refusal
        view.edit_button.clicked.connect(self._edit)
        view.print_button.clicked.connect(self._print_card)
        operations.changed.connect(self._changed)

    @property
    def card_number(self) -> str | None:
        return self.summary.card_number if self.summary else None

    def open(self, card_number: str, *, on_error: ErrorSink | None = None) -> bool:
        """Show this customer with a fresh booking form: choosing a customer (even the same one
        again) starts a new booking. A refresh after a change keeps the form (``reload``)."""
        summary = self.read(card_number, on_error=on_error)
        if summary is None:
            return False
        self.show(summary)
        return True

    def read(
        self, card_number: str, *, on_error: ErrorSink | None = None
    ) -> CustomerSummary | None:
        """The customer's summary, or None after telling ``on_error`` why."""
        return self.operations.read(
            customer_summary, card_number, recent=RECENT_VISITS, on_error=on_error
        )

    def show(self, summary: CustomerSummary) -> None:
        """Show a summary just read, with a fresh booking form (as ``open``)."""
        self.opened.emit(summary)
        self._show(summary, fresh=True)

    def reload(self) -> None:
        if self.summary is not None:
            summary = self.operations.read(
                customer_summary,
                self.summary.card_number,
                recent=RECENT_VISITS,
                on_error=self._unreadable,
            )
            if summary is not None:
                self._show(summary, fresh=False)

    def _unreadable(self, _error: ShopkeeperError) -> None:
        self.summary = None
        self.gone.emit()

    def _show(self, summary: CustomerSummary, fresh: bool) -> None:
        self.summary = summary
        self.view.show_summary(summary, self.numbers)
        since = member_since_text(summary.joined_at, self.operations.today())  # "3 years ..."
        self.view.member_since.value.setText(since)
        if fresh:
            self.booking.set_customer(summary.card_number, self.currency)
            self.view.tabs.setCurrentIndex(0)
        self.booking.card_number = summary.card_number
        self.rewards.set_customer(summary.card_number, summary.name, summary.points_balance, fresh)
        self.view.rewards.show_options(summary.affordable, summary.points_balance)
        self.notes.set_customer(summary.card_number, summary.notes, fresh)
        self.history.set_customer(summary.card_number, summary.name, summary.recent_visits, fresh)
        self.view.settle()

    def _changed(self, change: Change) -> None:
        if self.summary is not None and change.card_number in (None, self.summary.card_number):
            self.reload()

    def _redeemed(self, result: Redeemed) -> None:
        self.redeemed.emit(result)
        self.view.voucher_issued.emit(result.voucher_code)

    def _edit(self) -> None:
        if self.summary is not None:
            self.edit_requested.emit(self.summary)

    def _print_card(self) -> None:
        if self.summary is not None:
            self.view.print_card_requested.emit(self.summary.card_number)
