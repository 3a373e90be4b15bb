"""The last line of defence: an unexpected exception is logged and apologised for, not fatal.

``ShopkeeperError`` never reaches here (``operations`` turns it into a message); what does reach
here is a bug. It is written with its traceback to ``shopkeeper.log`` in the user data folder and
the user sees one short apology naming that file. Qt keeps running, so the shop keeps serving.
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from shopkeeper import logs, settings
from shopkeeper.bootstrap import configure_logging
from shopkeeper.i18n import _
from shopkeeper.ui import dialogs

LOG_NAME = settings.LOG_FILE
_logger = logging.getLogger("shopkeeper.ui.crash")
_showing = False


def log_path() -> Path:
    return settings.log_file()


def write_log(
    exc_type: type[BaseException], value: BaseException, tb: TracebackType | None
) -> Path:
    """Append the traceback to the shop's log file (``bootstrap.configure_logging``); returns
    its path."""
    path = configure_logging()
    text = "".join(traceback.format_exception(exc_type, value, tb))
    _logger.error("unexpected error\n%s", text)
    logs.flush()
    return path


def apology(path: Path) -> str:
    return _(
        "Sorry, something unexpected went wrong. Nothing was half-saved: each change is saved "
        "whole or not at all.\n\nThe details were written to {path}; please send that file "
        "to whoever looks after this computer."
    ).format(path=path)


def handle_exception(
    exc_type: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    """``sys.excepthook``: log, then apologise once (an error inside the apology is only logged)."""
    global _showing
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, value, tb)
        return
    try:
        path = write_log(exc_type, value, tb)
    except OSError:
        sys.__excepthook__(exc_type, value, tb)
        return
    if _showing:
        return
    _showing = True
    try:
        dialogs.inform(None, _("Shopkeeper"), apology(path), warning=True)
    finally:
        _showing = False


def install() -> None:
    sys.excepthook = handle_exception
