"""The tamper check after each backup: ``integrity.verify`` on a worker thread, and a warning
in the status bar when a chain is broken (a backup of edited books should not go unnoticed)."""

from __future__ import annotations

from collections.abc import Callable

from shopkeeper.i18n import _
from shopkeeper.present import audit as words
from shopkeeper.services import integrity
from shopkeeper.ui.operations import Job, Operations


class ChainCheck:
    """Runs the check as an ``Operations`` job; ``last`` holds the latest answer."""

    def __init__(
        self, operations: Operations, *, on_broken: Callable[[str], None] | None = None
    ) -> None:
        """``on_broken`` shows the warning (a bound method of a widget); by default it goes
        to the status bar through ``Operations.failed``."""
        self.operations = operations
        self.on_broken = on_broken
        self.last: integrity.Verification | None = None
        self.job: Job | None = None

    def run(self) -> Job:
        self.job = self.operations.start(
            lambda control: integrity.verify(control.db),
            label=_("Checking the books for tampering"),
            cancellable=False,
            on_done=self._done,
        )
        return self.job

    def _done(self, checked: integrity.Verification) -> None:
        self.last = checked
        if checked.intact:
            return
        if self.on_broken is not None:
            self.on_broken(warning(checked))
        else:
            self.operations.failed.emit(warning(checked))



def warning(checked: integrity.Verification) -> str:
    """The status bar's warning for a broken chain."""
    return _(
        "Warning: the tamper check after the backup failed. {problem} "
        "Run \"shopkeeper audit verify\" and keep the backups from before."
    ).format(problem=words.broken_text(checked.broken))
