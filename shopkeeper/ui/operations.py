"""The one path from the window to the data (after Anki's ``CollectionOp``).

Every service call of the GUI goes through ``Operations``:

* ``write`` runs a use case that changes data. A ``ShopkeeperError`` becomes a message (given to
  the caller's ``on_error`` to show inline, else to the ``failed`` signal for the status bar) and
  nothing else happens; success emits ``changed`` once, and every screen refreshes from that one
  signal instead of being told by whoever made the change.
* ``read`` is the same for queries, without ``changed``.
* ``background`` runs a call on a worker thread and hands the result back on the GUI thread.
  The worker touches no widget; the service opens its own session there.

Anything that is not a ``ShopkeeperError`` is a bug: it is left to ``sys.excepthook``
(``ui.errors``), which logs it and apologises.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from shopkeeper.domain.calendar import local_date
from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.storage.database import Database

if TYPE_CHECKING:  # issue 10's block below
    from shopkeeper.domain.calendar import Month
    from shopkeeper.domain.letters import LetterTemplate
    from shopkeeper.services.customers import CustomerSaved
    from shopkeeper.services.ledger import LedgerLine
    from shopkeeper.services.month_end import MonthEndResult

T = TypeVar("T")
ErrorSink = Callable[[ShopkeeperError], None]  # shows the refusal; str(error) is the message


@dataclass(frozen=True)
class Change:
    """What a successful write changed: screens showing ``card_number`` reload."""

    what: str  # "visit", "reversal", "redemption", "customer", "note"
    card_number: str | None


class _Relay(QObject):
    """Carries one worker's outcome to the GUI thread.

    It is created on the GUI thread, so its bound-method slots run there when the worker emits
    (a lambda would run in the worker thread).
    """

    finished = Signal(object)
    refused = Signal(object)  # the ShopkeeperError
    crashed = Signal(object)

    def __init__(
        self,
        on_done: Callable[[Any], None],
        on_error: ErrorSink,
        on_crash: Callable[[BaseException], None] | None,
        forget: Callable[[_Relay], None],
    ) -> None:
        super().__init__()
        self._on_done = on_done
        self._on_error = on_error
        self._on_crash = on_crash
        self._forget = forget
        self.cancelled = False
        self.finished.connect(self._deliver)
        self.refused.connect(self._refuse)
        self.crashed.connect(self._crash)

    def _deliver(self, result: object) -> None:
        self._forget(self)
        if not self.cancelled:
            self._on_done(result)

    def _refuse(self, error: ShopkeeperError) -> None:
        self._forget(self)
        if not self.cancelled:
            self._on_error(error)

    def _crash(self, error: BaseException) -> None:
        self._forget(self)
        sys.excepthook(type(error), error, error.__traceback__)
        if self._on_crash is not None and not self.cancelled:
            self._on_crash(error)


class _Task(QRunnable):
    def __init__(self, relay: _Relay, call: Callable[[], object]) -> None:
        super().__init__()
        self._relay = relay
        self._call = call

    def run(self) -> None:  # worker thread: no widgets, signals only
        try:
            result = self._call()
        except ShopkeeperError as error:
            self._relay.refused.emit(error)
        except Exception as error:  # noqa: BLE001 - handed to the GUI thread's excepthook
            self._relay.crashed.emit(error)
        else:
            self._relay.finished.emit(result)


class Worker(QObject):
    """A small pool of worker threads whose results come back on the GUI thread."""

    def __init__(self, parent: QObject | None = None, *, threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._pending: set[_Relay] = set()

    def start(
        self,
        call: Callable[[], T],
        *,
        on_done: Callable[[T], None],
        on_error: ErrorSink,
        on_crash: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run ``call`` on a worker thread. A bug in it goes to ``sys.excepthook`` and then to
        ``on_crash`` (for a caller that waits and must stop waiting)."""
        relay = _Relay(on_done, on_error, on_crash, self._pending.discard)
        self._pending.add(relay)
        self._pool.start(_Task(relay, call))

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def wait(self, msecs: int = 10_000) -> bool:
        return self._pool.waitForDone(msecs)

    def shutdown(self) -> None:
        """Let running calls finish, and drop their results (their screens are closing)."""
        for relay in list(self._pending):
            relay.cancelled = True
        self._pool.clear()
        self._pool.waitForDone(10_000)


class Operations(QObject):
    changed = Signal(object)  # Change
    failed = Signal(str)  # a message for the status bar, when the caller shows none inline
    notice = Signal(str)  # a short success message for the status bar

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._worker = Worker(self)

    def today(self) -> date:
        """The shop's local day by the database's clock (tests move that clock)."""
        return local_date(self._db.now())

    def _report(self, error: ShopkeeperError, on_error: ErrorSink | None) -> None:
        if on_error is not None:
            on_error(error)
        else:
            self.failed.emit(str(error))

    def read(
        self,
        fn: Callable[..., T],
        /,
        *args: Any,
        on_error: ErrorSink | None = None,
        **kwargs: Any,
    ) -> T | None:
        try:
            return fn(self._db, *args, **kwargs)
        except ShopkeeperError as error:
            self._report(error, on_error)
            return None

    def write(
        self,
        fn: Callable[..., T],
        /,
        *args: Any,
        what: str,
        affects: str | None = None,
        on_error: ErrorSink | None = None,
        **kwargs: Any,
    ) -> T | None:
        """Run one use case (one transaction); on success tell every screen what changed.

        ``affects`` names the customer's card when the result does not carry ``card_number``.
        """
        try:
            result = fn(self._db, *args, **kwargs)
        except ShopkeeperError as error:
            self._report(error, on_error)
            return None
        card = getattr(result, "card_number", None) or affects
        self.changed.emit(Change(what, card))
        return result

    def background(
        self,
        fn: Callable[..., T],
        /,
        *args: Any,
        on_done: Callable[[T], None],
        on_error: ErrorSink | None = None,
        **kwargs: Any,
    ) -> None:
        """A read on a worker thread; ``on_done`` runs later on the GUI thread."""
        db = self._db
        self._worker.start(
            lambda: fn(db, *args, **kwargs),
            on_done=on_done,
            on_error=on_error or self._report_failed,
        )

    def _report_failed(self, error: ShopkeeperError) -> None:
        self.failed.emit(str(error))

    @property
    def busy(self) -> bool:
        return self._worker.busy

    def shutdown(self) -> None:
        self._worker.shutdown()

    # --- issue 10, the window's back-office tools (i10-screens): points history, correction,
    # archiving, month-end with its preview, the letter's wording. Each is one service call.
    def points_history(
        self, card_number: str, *, on_error: ErrorSink | None = None
    ) -> list[LedgerLine] | None:
        from shopkeeper.services import ledger

        return self.read(ledger.ledger, card_number, on_error=on_error)

    def correct_points(
        self, card_number: str, points: int, reason: str, *, on_error: ErrorSink | None = None
    ) -> int | None:
        """A ledger ``correction`` entry with its reason (never an edit); the new balance."""
        from shopkeeper.services import ledger

        return self.write(
            ledger.correct_points,
            card_number=card_number,
            points=points,
            reason=reason,
            what="correction",
            affects=card_number,
            on_error=on_error,
        )

    def archive_customer(
        self, card_number: str, *, archived: bool = True, on_error: ErrorSink | None = None
    ) -> CustomerSaved | None:
        from shopkeeper.services import customers

        return self.write(
            customers.archive_customer,
            card_number,
            archived=archived,
            what="archive" if archived else "unarchive",
            affects=card_number,
            on_error=on_error,
        )

    def month_end_default(self) -> Month:
        from shopkeeper.services import month_end

        return month_end.default_month(self._db)

    def preview_month_end(
        self,
        month: Month,
        *,
        on_done: Callable[[MonthEndResult], None],
        on_error: ErrorSink | None = None,
    ) -> None:
        """What closing ``month`` would do (counted, then rolled back), off the GUI thread."""
        from shopkeeper.services import month_end

        self.background(
            month_end.month_end, month, dry_run=True, on_done=on_done, on_error=on_error
        )

    def close_month(
        self, month: Month, *, on_error: ErrorSink | None = None
    ) -> MonthEndResult | None:
        from shopkeeper.services import month_end

        return self.write(month_end.month_end, month, what="month-end", on_error=on_error)

    def letter_template(self) -> LetterTemplate | None:
        from shopkeeper.services import letters

        return self.read(letters.letter_template)

    def save_letter_template(
        self, parts: dict[str, str], *, on_error: ErrorSink | None = None
    ) -> LetterTemplate | None:
        from shopkeeper.services import letters

        return self.write(letters.save_letter_template, what="letters", on_error=on_error, **parts)

    def reset_letter_template(
        self, *, on_error: ErrorSink | None = None
    ) -> LetterTemplate | None:
        from shopkeeper.services import letters

        return self.write(letters.reset_letter_template, what="letters", on_error=on_error)

    # --- end of issue 10's block
