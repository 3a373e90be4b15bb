"""What the data-safety screens share."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from shopkeeper.ui.operations import Operations


def as_operations(source: Operations | Any, parent: QObject) -> Operations:
    """The window's ``Operations``, or (a screen used on its own, in tests and tools) one made
    around the ``Database`` given, owned by the screen: the screen itself never holds it."""
    return source if isinstance(source, Operations) else Operations(source, parent)
