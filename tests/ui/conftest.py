"""Fixtures for the window tests: a small shop in a real database, a window on it, and helpers
that type like a person or like a barcode scanner."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from shopkeeper.services import customers
from shopkeeper.storage.database import Database
from shopkeeper.ui.main_window import MainWindow


@dataclass(frozen=True)
class Shop:
    ona: str  # card numbers
    jonas: str
    xiaoming: str
    meiling: str
    john: str


@pytest.fixture
def shop(db: Database) -> Shop:
    def add(name: str, phone: str | None = None, **extra: object) -> str:
        return customers.create_customer(db, name=name, phone=phone, **extra).card_number

    return Shop(
        ona=add("Ona Žemaitė", "8 612 34567", birthday="1980-11-18", language="lt"),
        jonas=add("Jonas Jonaitis", "+370 699 11122"),
        xiaoming=add("王小明", "+86 138 0013 8000", language="zh"),
        meiling=add("陳美玲", "+886 912 345 678", language="zh-tw"),
        john=add("John Smith", "+44 7911 123456"),
    )


@pytest.fixture
def qsettings(tmp_path) -> QSettings:
    """Window settings in a file of this test, never the user's."""
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, db: Database, shop: Shop, qsettings: QSettings) -> Iterator[MainWindow]:
    win = MainWindow(db, qsettings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def wait_for_results(qtbot, win: MainWindow, query: str) -> None:
    """Wait until the results table shows the answer for ``query``."""
    lookup = win.counter.lookup
    qtbot.waitUntil(lambda: lookup._shown_query == query and not win.operations.busy, timeout=5000)


def key_for(ch: str) -> Qt.Key:
    """The key code a keyboard sends for ``ch`` (letters outside ASCII come as text only)."""
    if ch.isascii() and (ch.isalnum() or ch == " "):
        return Qt.Key(ord(ch.upper()))
    return Qt.Key.Key_unknown


def type_text(widget: QWidget, text: str) -> None:
    """Key presses carrying each character, as a keyboard layout or input method sends them
    (QTest.keyClicks only knows ASCII and aborts on "Ž" or "王")."""
    for ch in text:
        send_key(widget, key_for(ch), ch, 0)


def type_search(qtbot, win: MainWindow, text: str) -> None:
    """A person typing in the search field (keystrokes without scanner timing)."""
    field = win.counter_view.lookup.search
    field.setFocus()
    type_text(field, text)
    wait_for_results(qtbot, win, text.strip())


def press_enter(qtbot, widget: QWidget, *, keypad: bool = False) -> None:
    if keypad:
        qtbot.keyClick(widget, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    else:
        qtbot.keyClick(widget, Qt.Key.Key_Return)


def send_key(widget: QWidget, key: int, text: str, timestamp: int, modifiers=None) -> None:
    mods = modifiers if modifiers is not None else Qt.KeyboardModifier.NoModifier
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        event = QKeyEvent(kind, key, mods, text)
        event.setTimestamp(timestamp)
        QApplication.sendEvent(widget, event)


def scan(
    widget: QWidget, code: str, *, start: int = 100_000, gap: int = 12, keypad: bool = False
) -> None:
    """A keyboard-wedge scanner: the code's characters ``gap`` ms apart, then Return/Enter."""
    stamp = start
    for ch in code:
        send_key(widget, key_for(ch), ch, stamp)
        stamp += gap
    if keypad:
        send_key(widget, Qt.Key.Key_Enter, "\r", stamp, Qt.KeyboardModifier.KeypadModifier)
    else:
        send_key(widget, Qt.Key.Key_Return, "\r", stamp)


def type_slowly(widget: QWidget, text: str, *, start: int = 200_000, gap: int = 180) -> int:
    """A person typing with real timestamps; returns the timestamp of the next keystroke."""
    stamp = start
    for ch in text:
        send_key(widget, key_for(ch), ch, stamp)
        stamp += gap
    return stamp
