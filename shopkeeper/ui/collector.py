"""Python's cyclic garbage collector, run on the GUI thread only.

The collector runs in whichever thread happens to allocate when a generation fills up. When
that is a worker thread (a search, the demo being built), it frees the Qt objects caught in
reference cycles there: a widget or a timer destroyed off its thread leaves Qt a dangling
timer or event, and the program crashes seconds later (a segfault in ``activateTimers``).
So the automatic collector is off while a window exists, and this object runs the same
generational collections from a timer on the GUI thread (the recipe calibre uses).

A collection is a pause of a few milliseconds. The counter calls ``hold`` on each key in its
search field, and a tick that falls while someone types or scans waits for the quiet after it
(at most ``MAX_WAIT_S``): the pause never lands between a scan and its profile.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1_000
HOLD_S = 0.15  # a key's search and profile are painted well within this
MAX_WAIT_S = 5.0  # a collection waits for a quiet moment no longer than this

_held_until = 0.0


def hold(seconds: float = HOLD_S) -> None:
    """Someone is typing or scanning: no collection for a moment (one float written per key)."""
    global _held_until
    _held_until = time.monotonic() + seconds


class GuiThreadCollector(QObject):
    """Owned by the application: turns automatic collection off and collects on its timer."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        self._waiting_since: float | None = None
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.tick)

    def tick(self) -> None:
        """``check`` now, or when the person at the counter pauses."""
        now = time.monotonic()
        if now < _held_until:
            if self._waiting_since is None:
                self._waiting_since = now
            if now - self._waiting_since < MAX_WAIT_S:
                self._retry.start(int((_held_until - now) * 1000) + 5)
                return
        self._waiting_since = None
        self._retry.stop()
        self.check()

    def check(self) -> None:
        """Collect the generations that are as full as the automatic collector would allow."""
        young, middle, old = gc.get_count()
        if young > self.threshold[0]:
            gc.collect(0)
            if middle > self.threshold[1]:
                gc.collect(1)
                if old > self.threshold[2]:
                    gc.collect(2)


def install(app: QObject) -> GuiThreadCollector:
    """The application's collector (one per process)."""
    found = app.findChild(GuiThreadCollector)
    return found if found is not None else GuiThreadCollector(app)
