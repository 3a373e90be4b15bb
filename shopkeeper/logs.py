"""The shop's log: one rotating file in the data folder, set up once by the composition root.

Every module logs through ``logging.getLogger(__name__)``; all of them sit under the
``shopkeeper`` logger, which alone has the file handler. A service that changes the shop in a
way worth tracing later (backup, restore, migration, import, merge, month-end, rule change)
writes one INFO line there, with plain values and no personal data beyond card numbers.
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

ROOT = "shopkeeper"
MAX_BYTES = 1_000_000
BACKUPS = 3  # shopkeeper.log.1 ... .3
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure(path: Path) -> Path:
    """Send the ``shopkeeper`` loggers' INFO lines to ``path`` (rotated at 1 MB, 3 kept).
    Calling it again with the same path does nothing; with another path (a test's data folder)
    it moves the file handler there."""
    logger = logging.getLogger(ROOT)
    path = Path(path)
    for handler in list(logger.handlers):
        if getattr(handler, "_shopkeeper", False):
            if Path(handler.baseFilename) == path.resolve():
                return path
            logger.removeHandler(handler)
            handler.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
    )
    handler._shopkeeper = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter(_FORMAT))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return path


def flush() -> None:
    for handler in logging.getLogger(ROOT).handlers:
        handler.flush()
