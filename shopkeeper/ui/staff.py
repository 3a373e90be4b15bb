"""Who is at the till, in the window: always shown in the status bar; asked (name + PIN) at
start when the shop has staff, after the till sat idle, and on "Switch person" (Ctrl+L); an
owner approves a refused action on the spot with their PIN. The Staff dialog (owner's work)
adds, changes, deactivates and unlocks staff.

Everything reaches the data through ``Operations``; the services decide who may do what.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.domain.acting import OWNER, STAFF, Actor
from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.domain.staff import PIN_MAX, ROLE_LABELS, RoleNeeded
from shopkeeper.i18n import _
from shopkeeper.services import staff as staff_service
from shopkeeper.ui.style import ERROR_STYLE, NOTE_STYLE

if TYPE_CHECKING:
    from shopkeeper.ui.main_window import MainWindow
    from shopkeeper.ui.operations import Operations

SWITCH_KEY = "Ctrl+L"
_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel}


def _pin_field(parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(PIN_MAX)
    field.setValidator(QRegularExpressionValidator(r"\d{0,8}", field))
    return field


class PinDialog(QDialog):
    """Name and PIN. ``check(name, pin)`` returns None when they are accepted, else the
    message shown inline (the PIN is cleared for another try)."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        intro: str,
        check: Callable[[str, str], str | None],
        *,
        name: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pin_dialog")
        self.setWindowTitle(title)
        self._check = check
        layout = QVBoxLayout(self)
        self.intro = QLabel(intro, self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.name = QLineEdit(name, self)
        self.name.setObjectName("pin_name")
        self.pin = _pin_field(self)
        self.pin.setObjectName("pin_pin")
        form.addRow(_("&Name:"), self.name)
        form.addRow(_("&PIN:"), self.pin)
        layout.addLayout(form)
        self.error = QLabel("", self)
        self.error.setObjectName("pin_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Enter in the name goes on to the PIN; Enter in the PIN signs in.
        for button in buttons.buttons():
            button.setAutoDefault(False)
            button.setDefault(False)
        self.name.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self.accept)
        (self.pin if name else self.name).setFocus()

    def accept(self) -> None:
        if not self.name.text().strip():
            self.name.setFocus()
            return
        if not self.pin.text():
            self.pin.setFocus()
            return
        problem = self._check(self.name.text().strip(), self.pin.text())
        if problem is not None:
            self.error.setText(problem)
            self.pin.clear()
            self.pin.setFocus()
            return
        super().accept()


def ask_pin(dialog: PinDialog) -> bool:
    """The one modal step (tests drive the dialog's real fields while it runs)."""
    return dialog.exec() == QDialog.DialogCode.Accepted


class TillPerson(QObject):
    """The person at the till: the status bar label, sign-in, switch, idle lock, approval."""

    def __init__(self, window: MainWindow, menu: QMenu) -> None:
        super().__init__(window)
        self._window = window
        self._ops: Operations = window.operations
        self.label = QLabel("", window)
        self.label.setObjectName("till_person")
        window.statusBar().addPermanentWidget(self.label)
        self.switch_action = window._action(
            menu, _("&Switch person…"), "action_switch_person", self.switch_person, SWITCH_KEY
        )
        window._action(menu, _("S&taff…"), "action_staff", self.show_staff)
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(self.till_idle)
        self._ops.approver = self.approve
        self._asking = False
        self.refresh()

    # -- shown -------------------------------------------------------------------------------
    def refresh(self) -> None:
        actor = self._ops.actor
        if actor is not None:
            self.label.setText(
                _("At the till: {name} ({role})").format(
                    name=actor.name, role=_(ROLE_LABELS[actor.role])
                )
            )
        elif self._ops.staff_exist():
            self.label.setText(_("Nobody at the till — {key} to sign in").format(key=SWITCH_KEY))
        else:
            self.label.setText("")
        self.label.setStyleSheet(
            ERROR_STYLE if actor is None and self._ops.staff_exist() else NOTE_STYLE
        )

    def start(self) -> None:
        """At the window's start: a shop with staff asks who is at the till."""
        if self._ops.staff_exist() and self._ops.actor is None:
            self.switch_person()
        self._restart_idle()

    # -- signing in --------------------------------------------------------------------------
    def _sign_in(self, name: str, pin: str) -> str | None:
        try:
            self._ops.sign_in(name, pin)
        except ShopkeeperError as error:
            return str(error)
        return None

    def switch_person(self) -> bool:
        """Ask for a name and PIN; the person stays at the till until switched or idle."""
        if not self._ops.staff_exist():
            self._window.show_notice(_("This shop has no staff: add them under Till ▸ Staff."))
            return False
        dialog = PinDialog(
            self._window, _("Who is at the till?"), _("Your name and PIN."), self._sign_in
        )
        return self._run(dialog)

    def till_idle(self) -> None:
        """Idle for the shop's minutes: the same person gives their PIN again (or another
        person signs in); nobody is at the till until then."""
        actor = self._ops.actor
        if actor is None or self._asking:
            return
        self._ops.sign_out()
        self.refresh()
        dialog = PinDialog(
            self._window,
            _("Who is at the till?"),
            _("The till was idle. Enter your PIN to go on."),
            self._sign_in,
            name=actor.name,
        )
        self._run(dialog)

    def _run(self, dialog: PinDialog) -> bool:
        self._asking = True
        try:
            accepted = ask_pin(dialog)
        finally:
            self._asking = False
            if shiboken6.isValid(dialog):
                dialog.deleteLater()
        self.refresh()
        self._restart_idle()
        self._window.activateWindow()  # the keys are the window's again (Ctrl+L...)
        self._window.counter.focus_search()
        return accepted

    # -- idle --------------------------------------------------------------------------------
    def _restart_idle(self) -> None:
        # Keys and clicks restart the countdown: watched only while someone is signed in (a
        # filter on the whole application costs a Python call for every event, every paint).
        app = QApplication.instance()
        if self._ops.actor is None:
            self.idle.stop()
            if app is not None:
                app.removeEventFilter(self)
            return
        minutes = self._ops.read(staff_service.staff_settings)
        self.idle.start(int((minutes.idle_minutes if minutes else 10) * 60_000))
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        if event.type() in _ACTIVITY and self.idle.isActive():
            self.idle.start()  # same interval again
        return False

    # -- owner approval ----------------------------------------------------------------------
    def approve(self, error: RoleNeeded) -> Actor | None:
        """The window's answer to a refusal for want of the owner: the owner types their name
        and PIN, and that one action runs as them."""
        approved: list[Actor] = []

        def check(name: str, pin: str) -> str | None:
            try:
                approved.append(self._ops.approve(name, pin, error.permission))
            except ShopkeeperError as refused:
                return str(refused)
            return None

        dialog = PinDialog(
            self._window,
            _("Owner approval"),
            _("{refusal} An owner can approve this once with their name and PIN.").format(
                refusal=str(error)
            ),
            check,
        )
        dialog.setObjectName("owner_approval")
        self._asking = True
        try:
            ask_pin(dialog)
        finally:
            self._asking = False
            if shiboken6.isValid(dialog):
                dialog.deleteLater()
        return approved[0] if approved else None

    # -- the staff dialog --------------------------------------------------------------------
    def show_staff(self) -> QDialog:
        existing = self._window.windows.find("staff")
        if isinstance(existing, QDialog):
            existing.raise_()
            existing.activateWindow()
            return existing
        dialog = StaffDialog(self._ops, self._window)
        dialog.finished.connect(self._staff_closed)
        self._window.windows.keep(dialog, key="staff")
        dialog.show()
        return dialog

    def _staff_closed(self, _result: int) -> None:
        self.refresh()


class StaffDialog(QDialog):
    """The shop's staff: add, change role, new PIN, deactivate, unlock. The services refuse
    anyone but an owner (and the window then offers the owner's approval)."""

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staff_dialog")
        self.setWindowTitle(_("Staff"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._ops = ops
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("staff_table")
        self.table.setHorizontalHeaderLabels([_("Name"), _("Role"), _("State")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.role_button = QPushButton(_("Make owner / staff"), self)
        self.active_button = QPushButton(_("&Deactivate / activate"), self)
        self.unlock_button = QPushButton(_("&Unlock"), self)
        self.pin_button = QPushButton(_("Set the PIN below"), self)
        for button in (self.role_button, self.active_button, self.unlock_button,
                       self.pin_button):
            row.addWidget(button)
        layout.addLayout(row)
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setObjectName("staff_name")
        self.role = QComboBox(self)
        self.role.setObjectName("staff_role")
        for code in (STAFF, OWNER):
            self.role.addItem(_(ROLE_LABELS[code]), code)
        self.pin = _pin_field(self)
        self.pin.setObjectName("staff_pin")
        form.addRow(_("&Name:"), self.name)
        form.addRow(_("&Role:"), self.role)
        form.addRow(_("&PIN:"), self.pin)
        layout.addLayout(form)
        self.add_button = QPushButton(_("&Add staff member"), self)
        self.add_button.setObjectName("staff_add")
        layout.addWidget(self.add_button)
        self.message = QLabel("", self)
        self.message.setObjectName("staff_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.add_button.clicked.connect(self.add)
        self.role_button.clicked.connect(self.toggle_role)
        self.active_button.clicked.connect(self.toggle_active)
        self.unlock_button.clicked.connect(self.unlock)
        self.pin_button.clicked.connect(self.set_pin)
        self.pin.returnPressed.connect(self.add)
        self._people: list[staff_service.StaffInfo] = []
        self.reload()
        self.name.setFocus()

    def reload(self) -> None:
        self._people = self._ops.read(staff_service.list_staff) or []
        now = self._ops.database.now()
        self.table.setRowCount(len(self._people))
        for index, person in enumerate(self._people):
            if person.locked_until is not None and person.locked_until > now:
                state = _("locked until {time}").format(
                    time=person.locked_until.astimezone().strftime("%H:%M")
                )
            else:
                state = _("active") if person.active else _("inactive")
            for column, text in enumerate((person.name, _(ROLE_LABELS[person.role]), state)):
                self.table.setItem(index, column, QTableWidgetItem(text))

    def _selected(self) -> staff_service.StaffInfo | None:
        row = self.table.currentRow()
        if 0 <= row < len(self._people):
            return self._people[row]
        self._say(_("Choose a staff member in the list first."), error=True)
        return None

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else NOTE_STYLE)
        self.message.setText(text)

    def _refused(self, error: ShopkeeperError) -> None:
        self._say(str(error), error=True)

    def _write(self, fn: Callable[..., object], *args: object, **kwargs: object) -> bool:
        done = self._ops.write(fn, *args, what="staff", on_error=self._refused, **kwargs)
        if done is not None:
            self.reload()
        return done is not None

    def add(self) -> None:
        name, pin = self.name.text().strip(), self.pin.text()
        if self._write(
            staff_service.add_staff, name=name, role=self.role.currentData(), pin=pin
        ):
            self._say(_("Added {name}.").format(name=name))
            self.name.clear()
            self.pin.clear()
            self.name.setFocus()

    def toggle_role(self) -> None:
        person = self._selected()
        if person is not None:
            role = STAFF if person.role == OWNER else OWNER
            if self._write(staff_service.set_staff, person.name, role=role):
                self._say(_("Saved {name}.").format(name=person.name))

    def toggle_active(self) -> None:
        person = self._selected()
        if person is not None and self._write(
            staff_service.set_staff, person.name, active=not person.active
        ):
            self._say(_("Saved {name}.").format(name=person.name))

    def unlock(self) -> None:
        person = self._selected()
        if person is not None and self._write(staff_service.unlock_staff, person.name):
            self._say(_("{name} is unlocked.").format(name=person.name))

    def set_pin(self) -> None:
        person = self._selected()
        if person is not None and self._write(
            staff_service.set_staff, person.name, pin=self.pin.text()
        ):
            self.pin.clear()
            self._say(_("Saved {name}.").format(name=person.name))


def install(window: MainWindow) -> TillPerson:
    """Add the Till menu (Switch person, Staff) and the status bar's person to ``window``."""
    bar = window.menuBar()
    menu = QMenu(_("&Till"), bar)
    menu.setObjectName("till_menu")
    actions = bar.actions()
    if actions:  # before Help, which stays last
        bar.insertMenu(actions[-1], menu)
    else:
        bar.addMenu(menu)
    return TillPerson(window, menu)

