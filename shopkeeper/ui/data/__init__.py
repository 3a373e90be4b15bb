"""The data-safety screens: the import wizard, backups and restore, and the start-up offer to
restore a damaged database. Each is standalone; the main window adds them to its menus.

The names are loaded on first use (PEP 562): the start-up check needs only ``damaged``, and the
import wizard's libraries (openpyxl, the importers) would slow every start of the counter."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shopkeeper.ui.data.backups_view import BackupsView
    from shopkeeper.ui.data.damaged import offer_restore_if_damaged
    from shopkeeper.ui.data.import_wizard import ImportWizard

_WHERE = {
    "BackupsView": "backups_view",
    "ImportWizard": "import_wizard",
    "offer_restore_if_damaged": "damaged",
}

__all__ = ["BackupsView", "ImportWizard", "offer_restore_if_damaged"]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
