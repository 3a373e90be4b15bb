"""The audit log screen (who changed what) and the tamper check after backups.

``AuditView`` is imported when asked for: the backup schedule needs only ``checks`` at start,
and the screen's table, filters and libraries would slow every start of the counter."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shopkeeper.ui.audit.view import AuditView

__all__ = ["AuditView"]


def __getattr__(name: str) -> Any:
    if name != "AuditView":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return importlib.import_module(f"{__name__}.view").AuditView
