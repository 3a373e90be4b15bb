"""Find English left on a screen shown in another language.

Every text a person sees on a widget tree (labels, buttons, tool tips, placeholders, tabs,
column headers, combo items, group titles, menus and actions, window titles, message boxes) is
compared with the English source messages of the catalogs: a text that *is* one of them (an
accelerator "&" aside, placeholders matching anything) while the language translates it
otherwise was left in English. The shop's own data (tier, reward and cause names) is passed in
``data`` and never counted.

Use: ``english_leftovers(widget, "lt", data=names)`` -> ["QPushButton 'save_button': Save"...].
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from shopkeeper import i18n
from shopkeeper.tools import catalogs


def _plain(text: str) -> str:
    """Without accelerators ("&Save" -> "Save", "保存(&S)" -> "保存") and outer spaces."""
    text = re.sub(r"\(&\w\)", "", text)
    return re.sub(r"&(?=[^&])", "", text).replace("&&", "&").strip()


def _pattern(message: str) -> re.Pattern[str]:
    parts = re.split(r"\{[^{}]*\}", _plain(message))
    return re.compile(".+".join(re.escape(p) for p in parts), re.DOTALL)


@cache
def _source() -> tuple[tuple[str, str | None, bool], ...]:
    """(English text, context, plural?) of every message of the source."""
    out = []
    for message in catalogs.extract():
        if not message.id:
            continue
        if message.pluralizable:
            out += [(message.id[0], message.context, True), (message.id[1], message.context, True)]
        else:
            out.append((message.id, message.context, False))
    return tuple(out)


@cache
def english_patterns(language: str) -> tuple[re.Pattern[str], ...]:
    """The English messages ``language`` translates differently (an English text equal to its
    translation, such as "OK" in some catalogs, is no leftover)."""
    found = []
    with i18n.speaking(language):
        for text, context, plural in _source():
            if not re.search(r"[A-Za-z]", re.sub(r"\{[^{}]*\}", "", text)):
                continue  # "{question}" alone would match any text
            if plural:
                translated = text if i18n.language() == "en" else None
            elif context:
                translated = i18n.pgettext(context, text)
            else:
                translated = i18n._(text)
            if translated is None or _plain(translated) != _plain(text):
                found.append(_pattern(text))
    return tuple(found)


def _name(widget: QWidget) -> str:
    return f"{type(widget).__name__} {widget.objectName()!r}" if widget.objectName() else type(
        widget
    ).__name__


def visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text of ``root`` and the widgets, menus and actions under it."""
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        where = _name(widget)
        if widget.isWindow():
            yield where, widget.windowTitle()
        yield where, widget.toolTip()
        if isinstance(widget, QLabel | QAbstractButton):
            yield where, widget.text()
        if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
            yield where, widget.placeholderText()
        if isinstance(widget, QAbstractSpinBox):
            yield where, widget.specialValueText()
        if isinstance(widget, QGroupBox):
            yield where, widget.title()
        if isinstance(widget, QTabWidget):
            for index in range(widget.count()):
                yield f"{where} tab {index}", widget.tabText(index)
                yield f"{where} tab {index}", widget.tabToolTip(index)
        if isinstance(widget, QComboBox):
            for index in range(widget.count()):
                yield f"{where} item {index}", widget.itemText(index)
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for column in range(model.columnCount()):
                header = model.headerData(column, Qt.Orientation.Horizontal)
                yield f"{where} column {column}", str(header or "")
        if isinstance(widget, QMessageBox):
            yield where, widget.text()
            yield where, widget.informativeText()
        if isinstance(widget, QMenu):
            yield where, widget.title()
        for action in widget.actions():
            yield f"{where} action", action.text()
            yield f"{where} action", action.toolTip() if action.toolTip() != _plain(
                action.text()
            ) else ""


def english_leftovers(root: QWidget, language: str, *, data: Iterable[str] = ()) -> list[str]:
    """What ``root`` still shows in English although ``language`` translates it."""
    patterns = english_patterns(i18n.supported_language(language) or language)
    own = {_plain(text) for text in data}
    found = []
    for where, text in visible_texts(root):
        shown = _plain(text)
        if not shown or shown in own:
            continue
        if any(p.fullmatch(shown) for p in patterns):
            found.append(f"{where}: {shown}")
    return sorted(set(found))
