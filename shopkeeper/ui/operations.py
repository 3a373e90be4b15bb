"""The one path from the window to the data (after Anki's ``CollectionOp``).

Every service call of the GUI goes through ``Operations``; no module of ``ui/`` but ``app.py``
holds the ``Database``:

* ``write`` runs a use case that changes data. A ``ShopkeeperError`` becomes a message (given to
  the caller's ``on_error`` to show inline, else to the ``failed`` signal for the status bar) and
  nothing else happens; success emits ``changed`` once, and every screen refreshes from that one
  signal instead of being told by whoever made the change.
* ``read`` is the same for queries, without ``changed``.
* ``start`` runs a call on a worker thread as a ``Job``: it may report progress and be
  cancelled, its outcome comes back on the GUI thread, and a write job (``what=...``) emits
  ``changed`` like ``write``. ``background`` is the short form for a read without progress.
  This is the one background mechanism of the window (searching, planning and building
  letters, printing, backups, imports, reports). The worker touches no widget; the service
  opens its own session there.

Anything that is not a ``ShopkeeperError`` is a bug: it is left to ``sys.excepthook``
(``ui.errors``), which logs it and apologises.
"""

from __future__ import annotations

import logging
import sys
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from shopkeeper.domain.acting import Actor
from shopkeeper.domain.calendar import local_date
from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.domain.staff import Permission, RoleNeeded
from shopkeeper.services import backups
from shopkeeper.services import staff as staff_service
from shopkeeper.services.authority import acting_as
from shopkeeper.storage.database import Database

if TYPE_CHECKING:  # issue 10's block below
    from shopkeeper.domain.calendar import Month
    from shopkeeper.domain.letters import LetterTemplate
    from shopkeeper.services.customers import CustomerSaved
    from shopkeeper.services.ledger import LedgerLine
    from shopkeeper.services.month_end import MonthEndResult

T = TypeVar("T")
_log = logging.getLogger(__name__)
SWITCH_INTERVAL_S = 0.001
ErrorSink = Callable[[ShopkeeperError], None]  # shows the refusal; str(error) is the message


@dataclass(frozen=True)
class Change:
    """What a successful write changed: screens showing ``card_number`` reload."""

    what: str  # "visit", "reversal", "redemption", "customer", "note", "import", ...
    card_number: str | None


class JobCancelled(ShopkeeperError):
    """A job stopped because the user cancelled it (its transaction, if any, rolled back)."""


class JobControl:
    """What a job's call gets on the worker thread: the database, a progress report and the
    cancel check. Nothing here touches a widget."""

    def __init__(self, db: Database | None, job: Job) -> None:
        self.db = db
        self._job = job

    def progress(self, done: int, total: int) -> None:
        self._job.progressed.emit(done, total)

    def cancelled(self) -> bool:
        return self._job.cancel_requested

    def check(self) -> None:
        """Raise ``JobCancelled`` when the user asked to stop (call it between steps)."""
        if self._job.cancel_requested:
            raise JobCancelled("Cancelled.")


class Job(QObject):
    """One call on a worker thread. Created on the GUI thread, so its signals' slots (bound
    methods) run there when the worker emits; exactly one of ``finished``, ``refused`` or
    ``crashed`` follows ``started``."""

    progressed = Signal(int, int)  # done, total (total 0: unknown)
    finished = Signal(object)
    refused = Signal(object)  # the ShopkeeperError
    crashed = Signal(object)
    ended = Signal()  # after any of the three, for progress displays

    def __init__(self, label: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.cancel_requested = False
        self.discarded = False  # the screen is gone: drop the outcome
        self.running = True
        self.cancellable = False

    def cancel(self) -> None:
        """Ask the call to stop at its next check; a cancelled job ends as ``refused``.
        Plain Python: safe on a job that has ended and been deleted."""
        self.cancel_requested = True

    def discard(self) -> None:
        """The screen waiting for this job is going: stop it and drop its outcome."""
        self.discarded = True
        self.cancel_requested = True


class _Task(QRunnable):
    def __init__(self, job: Job, call: Callable[[], object]) -> None:
        super().__init__()
        self._job = job
        self._call = call

    def run(self) -> None:  # worker thread: no widgets, signals only
        call, self._call = self._call, None
        try:
            outcome: tuple[str, object] = ("finished", call())  # type: ignore[misc]
        except ShopkeeperError as error:
            outcome = ("refused", error)
        except Exception as error:  # noqa: BLE001 - handed to the GUI thread's excepthook
            outcome = ("crashed", error)
        # What the call held (a printer, a document) is let go here, on this thread, before
        # the GUI thread hears of the outcome and lets go of its own references.
        del call
        try:
            getattr(self._job, outcome[0]).emit(outcome[1])
        except RuntimeError:  # the window closed meanwhile and took the job with it
            _log.debug("a job ended after its window closed: %s", outcome[0])


def _warm_up() -> None:
    """Nothing: starting it makes the pool start its first thread before anyone waits."""


class _Delivery(QObject):
    """Routes one job's outcome to its callbacks, on the GUI thread."""

    def __init__(
        self,
        job: Job,
        on_done: Callable[[Any], None],
        on_error: ErrorSink,
        on_crash: Callable[[BaseException], None] | None,
        forget: Callable[[Job], None],
    ) -> None:
        super().__init__(job)
        self._job = job
        self._on_done = on_done
        self._on_error = on_error
        self._on_crash = on_crash
        self._forget = forget
        job.finished.connect(self._deliver)
        job.refused.connect(self._refuse)
        job.crashed.connect(self._crash)

    def _end(self) -> bool:
        job = self._job
        job.running = False
        self._forget(job)
        job.ended.emit()
        return not job.discarded

    def _deliver(self, result: object) -> None:
        if self._end():
            self._on_done(result)

    def _refuse(self, error: ShopkeeperError) -> None:
        if self._end():
            self._on_error(error)

    def _crash(self, error: BaseException) -> None:
        live = self._end()
        sys.excepthook(type(error), error, error.__traceback__)
        if self._on_crash is not None and live:
            self._on_crash(error)


class Worker(QObject):
    """A small pool of worker threads whose results come back on the GUI thread."""

    job_started = Signal(object)  # Job

    def __init__(self, parent: QObject | None = None, *, threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        # Threads wait for work for good, and one is started now: a new thread (after Qt's
        # default 30 s idle expiry) cost the GUI thread 4-5 ms in ``start`` on the first key.
        self._pool.setExpiryTimeout(-1)
        self._pool.start(_warm_up)
        # A worker busy in Python holds the GIL for up to the switch interval (5 ms) before
        # the GUI thread may run: 1 ms keeps typing and painting smooth while a search, a
        # report or an import runs.
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))
        self._pending: set[Job] = set()
        # Jobs have no Qt parent: Python frees each on the GUI thread once the last of these
        # recent ones is dropped (never from a worker thread, never while a signal is queued).
        self._ended: deque[Job] = deque(maxlen=64)

    def run_job(
        self,
        job: Job,
        call: Callable[[], T],
        *,
        on_done: Callable[[T], None],
        on_error: ErrorSink,
        on_crash: Callable[[BaseException], None] | None = None,
    ) -> Job:
        _Delivery(job, on_done, on_error, on_crash, self._ended_job)
        self._pending.add(job)
        self.job_started.emit(job)
        self._pool.start(_Task(job, call))
        return job

    def start(
        self,
        call: Callable[[], T],
        *,
        on_done: Callable[[T], None],
        on_error: ErrorSink,
        on_crash: Callable[[BaseException], None] | None = None,
        label: str = "",
    ) -> Job:
        """Run ``call`` on a worker thread. A bug in it goes to ``sys.excepthook`` and then to
        ``on_crash`` (for a caller that waits and must stop waiting)."""
        return self.run_job(
            Job(label), call, on_done=on_done, on_error=on_error, on_crash=on_crash
        )

    def start_job(
        self,
        call: Callable[[JobControl], T],
        *,
        label: str,
        on_done: Callable[[T], None],
        on_error: ErrorSink,
        on_crash: Callable[[BaseException], None] | None = None,
        db: Database | None = None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> Job:
        """``start`` for a call that reports progress (to ``on_progress``, connected before the
        call starts) and checks for Cancel."""
        job = Job(label)
        job.cancellable = True
        if on_progress is not None:
            job.progressed.connect(on_progress)
        control = JobControl(db, job)
        return self.run_job(
            job, lambda: call(control), on_done=on_done, on_error=on_error, on_crash=on_crash
        )

    def _ended_job(self, job: Job) -> None:
        self._pending.discard(job)
        self._ended.append(job)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def wait(self, msecs: int = 10_000) -> bool:
        return self._pool.waitForDone(msecs)

    def shutdown(self) -> None:
        """Let running calls finish (asked to stop), and drop their results."""
        for job in list(self._pending):
            job.discarded = True
            job.cancel()
        self._pool.clear()
        self._pool.waitForDone(30_000)


class Operations(QObject):
    changed = Signal(object)  # Change
    failed = Signal(str)  # a message for the status bar, when the caller shows none inline
    notice = Signal(str)  # a short success message for the status bar
    job_started = Signal(object)  # Job: the status bar shows its progress and Cancel

    def __init__(
        self, db: Database, parent: QObject | None = None, *, till: str | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self.till = till  # this installation's id, recorded on what it books
        # Asked when a service refuses for want of the owner's role (``ui.staff``).
        self.approver: Callable[[RoleNeeded], Actor | None] | None = None
        self._worker = Worker(self)
        self._worker.job_started.connect(self.job_started)

    def today(self) -> date:
        """The shop's local day by the database's clock (tests move that clock)."""
        return local_date(self._db.now())

    @property
    def location(self) -> str:
        """Where the shop's data is, for the status bar and About."""
        db = self._db
        return str(db.sqlite_path or db.engine.url.render_as_string())

    @property
    def database(self) -> Database:
        """For the screens that still take the ``Database`` itself (the import wizard, the
        backups view, the reports screen) until they move to ``read``/``write``/``start``.
        No new code uses it."""
        return self._db

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
            owner = self._approval(error)
            if owner is None:
                self._report(error, on_error)
                return None
            try:  # an owner approved on the spot: this one action runs as them
                with acting_as(self._db, owner):
                    result = fn(self._db, *args, **kwargs)
            except ShopkeeperError as again:
                self._report(again, on_error)
                return None
        self.announce(what, getattr(result, "card_number", None) or affects)
        return result

    # -- who is at the till (issue 12) -------------------------------------------------------
    def _approval(self, error: ShopkeeperError) -> Actor | None:
        """An owner who approves the refused action, asked through ``approver`` (the window's
        owner-approval dialog); None when it was not a matter of role or nobody approved."""
        if isinstance(error, RoleNeeded) and self.approver is not None:
            return self.approver(error)
        return None

    @property
    def actor(self) -> Actor | None:
        return self._db.actor

    def staff_exist(self) -> bool:
        return staff_service.staff_exist(self._db)

    def sign_in(self, name: str, pin: str) -> Actor:
        """The person at the till from now on (raises ``ShopkeeperError`` on a wrong PIN)."""
        actor = staff_service.authenticate(self._db, name, pin)
        self._db.actor = actor
        return actor

    def sign_out(self) -> None:
        self._db.actor = None

    def approve(self, name: str, pin: str, permission: Permission) -> Actor:
        return staff_service.approve(self._db, name, pin, permission)

    def announce(self, what: str, card_number: str | None = None) -> None:
        """Tell every screen that data changed (a write that ended on a worker thread)."""
        self.changed.emit(Change(what, card_number))

    def start(
        self,
        call: Callable[[JobControl], T],
        *,
        label: str,
        on_done: Callable[[T], None],
        on_error: ErrorSink | None = None,
        on_crash: Callable[[BaseException], None] | None = None,
        what: str | None = None,
        affects: str | None = None,
        cancellable: bool = True,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> Job:
        """Run ``call(control)`` on a worker thread, as a ``Job`` with progress and Cancel.

        ``what`` marks a write: on success ``changed`` is emitted before ``on_done`` runs.
        ``on_progress`` (a bound method of a GUI object) is connected before the job starts:
        a fast job's first reports would otherwise be emitted before anyone listens.
        A screen that goes away sets ``job.discarded`` so the outcome is dropped.
        """
        job = Job(label)
        job.cancellable = cancellable
        if on_progress is not None:
            job.progressed.connect(on_progress)
        control = JobControl(self._db, job)
        report = on_error or self._report_failed

        def done(result: T) -> None:
            if what is not None:
                self.announce(what, getattr(result, "card_number", None) or affects)
            on_done(result)

        def refused(error: ShopkeeperError) -> None:
            """As ``write``: an owner may approve a refused job on the spot; it then runs
            again as them (on its worker thread only), once."""
            owner = None if job.discarded else self._approval(error)
            if owner is None:
                report(error)
                return

            def as_owner(again: JobControl) -> T:
                with acting_as(self._db, owner):
                    return call(again)

            self.start(
                as_owner, label=label, on_done=on_done, on_error=report, on_crash=on_crash,
                what=what, affects=affects, cancellable=cancellable, on_progress=on_progress,
            )  # fmt: skip

        return self._worker.run_job(
            job, lambda: call(control), on_done=done, on_error=refused, on_crash=on_crash
        )

    def merge_customers(
        self, keep: str, other: str, *, on_error: ErrorSink | None = None
    ) -> Any | None:
        """Merge card ``other`` into card ``keep`` (``services.merge``): one write. Screens
        showing either card reload (the old card now opens the kept customer)."""
        from shopkeeper.services.merge import merge_customers

        done = self.write(merge_customers, keep=keep, other=other, what="merge", on_error=on_error)
        if done is not None:
            self.announce("merge", done.merged_card)
        return done

    def background(
        self,
        fn: Callable[..., T],
        /,
        *args: Any,
        on_done: Callable[[T], None],
        on_error: ErrorSink | None = None,
        on_crash: Callable[[BaseException], None] | None = None,
        **kwargs: Any,
    ) -> Job:
        """A read on a worker thread; ``on_done`` runs later on the GUI thread."""
        return self._call_later(fn, args, kwargs, on_done, on_error, on_crash, what=None)

    def background_write(
        self,
        fn: Callable[..., T],
        /,
        *args: Any,
        what: str,
        on_done: Callable[[T], None],
        on_error: ErrorSink | None = None,
        on_crash: Callable[[BaseException], None] | None = None,
        **kwargs: Any,
    ) -> Job:
        """A long use case that changes data (an import) on a worker thread; on success every
        screen hears ``changed`` once, on the GUI thread, before ``on_done``."""
        return self._call_later(fn, args, kwargs, on_done, on_error, on_crash, what=what)

    def _call_later(
        self,
        fn: Callable[..., T],
        args: tuple,
        kwargs: dict[str, Any],
        on_done: Callable[[T], None],
        on_error: ErrorSink | None,
        on_crash: Callable[[BaseException], None] | None,
        *,
        what: str | None,
    ) -> Job:
        """One service call on a worker thread, as a job without a label or Cancel."""
        return self.start(
            lambda control: fn(control.db, *args, **kwargs),
            label="",
            on_done=on_done,
            on_error=on_error,
            on_crash=on_crash,
            what=what,
            cancellable=False,
        )

    def _report_failed(self, error: ShopkeeperError) -> None:
        self.failed.emit(str(error))

    # -- backups: the Backups screen's calls. They raise ``ShopkeeperError`` for the screen to
    # show inline; a restore replaces the file under every session, so the screen stops the
    # window's background work first and the window reloads every screen after it.
    def backup_folder(self) -> Path:
        return backups.backup_folder(self._db)

    def list_backups(self) -> list[backups.BackupInfo]:
        return backups.list_backups(self._db)

    def set_backup_folder(self, folder: str | None) -> Path:
        return backups.set_backup_folder(self._db, folder)

    def back_up(self, reason: str = "manual") -> backups.BackupDone:
        """Safe on a worker thread: the backup opens its own connection."""
        return backups.back_up(self._db, reason=reason)

    def check_backup_file(self, path: Path) -> backups.BackupCheck:
        return backups.check_backup_file(path)

    def restore_risk(self, path: Path) -> backups.RestoreRisk:
        """What restoring ``path`` would lose (another shop's file, bookings made since)."""
        target = self._db.sqlite_path
        return backups.restore_risk(target, path) if target else backups.NO_RISK

    def restore_backup(self, path: Path, *, confirmed: bool) -> backups.Restored:
        try:
            return backups.restore_into(self._db, path, confirmed=confirmed)
        except RoleNeeded as error:  # an owner may approve it on the spot
            owner = self._approval(error)
            if owner is None:
                raise
            with acting_as(self._db, owner):
                return backups.restore_into(self._db, path, confirmed=confirmed)

    @property
    def busy(self) -> bool:
        return self._worker.busy

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every job has run (tests, closing)."""
        return self._worker.wait(msecs)

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
