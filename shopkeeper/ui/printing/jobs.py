"""Long printing work (planning and building a letters batch, rendering pages for the printer)
on its own thread, with progress and cancel.

The job function runs in the worker thread and touches no widget: it gets a ``progress(done,
total)`` callback and a ``cancelled()`` check, and whatever it returns comes back to the GUI
thread by signal. Services open their own database session there.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

from shopkeeper.domain.errors import ShopkeeperError

JobFunction = Callable[[Callable[[int, int], None], Callable[[], bool]], object]


class _Worker(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    refused = Signal(object)  # a ShopkeeperError: a message for the user
    crashed = Signal(object)  # anything else: a bug

    def __init__(self, function: JobFunction) -> None:
        super().__init__()
        self._function = function
        self.cancel_requested = False

    def _cancelled(self) -> bool:
        return self.cancel_requested

    @Slot()
    def run(self) -> None:
        try:
            result = self._function(self.progress.emit, self._cancelled)
        except ShopkeeperError as error:
            self.refused.emit(error)
        except Exception as error:  # noqa: BLE001 - handed to the GUI thread's excepthook
            self.crashed.emit(error)
        else:
            self.done.emit(result)


class BackgroundJob(QObject):
    """One job on one thread. Signals are delivered on the GUI thread (this object lives there).

    ``finished(result)``, ``refused(error)`` or ``crashed(error)`` is emitted exactly once; a bug
    is also handed to ``sys.excepthook`` (logged, apologised for).
    """

    progress = Signal(int, int)
    finished = Signal(object)
    refused = Signal(object)
    crashed = Signal(object)

    def __init__(self, function: JobFunction, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._worker = _Worker(function)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self._on_progress)
        self._worker.done.connect(self._on_done)
        self._worker.refused.connect(self._on_refused)
        self._worker.crashed.connect(self._on_crashed)
        self.running = False

    def start(self) -> None:
        self.running = True
        self._thread.start()

    def cancel(self) -> None:
        self._worker.cancel_requested = True

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the thread ends (tests, closing the window)."""
        return self._thread.wait(msecs)

    def _stop(self) -> None:
        self.running = False
        self._thread.quit()
        self._thread.wait()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress.emit(done, total)

    @Slot(object)
    def _on_done(self, result: object) -> None:
        self._stop()
        self.finished.emit(result)

    @Slot(object)
    def _on_refused(self, error: object) -> None:
        self._stop()
        self.refused.emit(error)

    @Slot(object)
    def _on_crashed(self, error: object) -> None:
        self._stop()
        if isinstance(error, BaseException):
            sys.excepthook(type(error), error, error.__traceback__)
        self.crashed.emit(error)
