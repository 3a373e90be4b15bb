"""This installation's till id: recorded on the visits and redemptions it books, so "undo a
visit booked today at this till" means the same computer, not another till on the same shop.

The id is made once and kept in the data folder (``till-id``), beside the window's settings.
"""

from __future__ import annotations

import uuid

from shopkeeper import settings

FILE_NAME = "till-id"
MAX_LENGTH = 40


def till_id() -> str:
    """This computer's till id, made on first use (a short random id)."""
    path = settings.data_dir() / FILE_NAME
    try:
        text = path.read_text("utf-8").strip()
    except OSError:
        text = ""
    if text and len(text) <= MAX_LENGTH:
        return text
    text = f"till-{uuid.uuid4().hex[:12]}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", "utf-8")
    except OSError:
        pass  # a read-only folder: the id lasts this session
    return text
