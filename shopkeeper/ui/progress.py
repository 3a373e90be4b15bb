"""The status bar's view of long work: what runs, how far it is, and Cancel.

Every ``Operations.start`` job with a label shows here while it runs (searches, which have no
label, never flicker here). Screens may show their own bar beside it from ``Job.progressed``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from shopkeeper.i18n import _
from shopkeeper.ui.operations import Job, Operations


class JobProgress(QWidget):
    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("job_progress")
        self.label = QLabel("", self)
        self.bar = QProgressBar(self)
        self.bar.setMaximumWidth(160)
        self.bar.setMaximumHeight(16)
        self.cancel = QPushButton(_("Cancel"), self)
        self.cancel.setObjectName("job_cancel")
        self.cancel.setAutoDefault(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)
        self._jobs: list[Job] = []
        self.cancel.clicked.connect(self._cancel)
        operations.job_started.connect(self._started)
        self.setVisible(False)

    def _started(self, job: Job) -> None:
        if not job.label:
            return
        self._jobs.append(job)
        job.progressed.connect(self._progressed)
        job.ended.connect(self._ended)
        self._show_latest()

    def _show_latest(self) -> None:
        self._jobs = [job for job in self._jobs if job.running]
        if not self._jobs:
            self.setVisible(False)
            return
        job = self._jobs[-1]
        self.label.setText(_("{task}…").format(task=job.label))
        self.bar.setRange(0, 0)
        self.cancel.setVisible(job.cancellable)
        self.cancel.setEnabled(not job.cancel_requested)
        self.setVisible(True)

    def _progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)

    def _ended(self) -> None:
        self._show_latest()

    def _cancel(self) -> None:
        if self._jobs:
            self._jobs[-1].cancel()
            self.cancel.setEnabled(False)
            self.label.setText(_("{task}: stopping…").format(task=self._jobs[-1].label))
