"""Keep ``None`` alive for a whole day: a workaround for PySide6 6.12 on Python 3.11.

Every call from Python to a Qt method that returns nothing (``label.setText``, ``update``,
``appendRow``, ``processEvents``...) drops one reference to ``None`` that it never took
(measured on PySide6 6.12.0 with CPython 3.11.7: ``sys.getrefcount(None)`` falls by one per
call). ``None`` starts with some 50,000 references; the counter makes dozens of such calls per
keystroke and per scan, and when the count reaches zero the interpreter aborts ("Fatal Python
error: none_dealloc: deallocating None"), taking the till with it after a long enough day.

Until the binding is fixed (or the program runs on Python 3.12, where ``None`` is immortal and
this does nothing), the window holds spare references: a list of ``None`` topped up by a timer,
so the count never comes near zero. Each lost reference costs the list 8 bytes.
"""

from __future__ import annotations

import sys
from itertools import repeat

from PySide6.QtCore import QObject, QTimer

FLOOR = 500_000  # references kept at least; far more than a day can lose between two checks
CHECK_MS = 5_000
NEEDED = sys.version_info < (3, 12)
_spare: list[None] = []


def top_up(floor: int = FLOOR) -> int:
    """Bring ``None``'s reference count up to ``floor``; returns how many were added."""
    if not NEEDED:
        return 0
    missing = floor - sys.getrefcount(None)
    if missing <= 0:
        return 0
    _spare.extend(repeat(None, missing))
    return missing


class NoneKeeper(QObject):
    """Tops ``None`` up now and every few seconds, for as long as its parent lives."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        top_up()
        if NEEDED:
            self._timer = QTimer(self)
            self._timer.setInterval(CHECK_MS)
            self._timer.timeout.connect(self._check)
            self._timer.start()

    def _check(self) -> None:
        top_up()
