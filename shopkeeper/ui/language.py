"""The window's language: chosen at start-up, with Qt's own dialogs speaking it too.

The window speaks, in this order: ``--lang`` / ``SHOPKEEPER_LANG`` (explicit), this till's choice
(the Programme screen's Language tab, kept in the window settings), the shop's language
(``shop set --language``), the system locale, English. A change shows after a restart, which
the Language tab offers (every widget is built with its words once).

Qt's standard buttons and dialogs come from ``qtbase_zh_CN.qm`` / ``qtbase_zh_TW.qm`` (shipped
with PySide6). There is no ``qtbase_lt.qm``, so ``StandardTexts`` answers Qt's requests for the
texts the program shows (OK, Cancel, Yes, No, Save, Close...) from the project's catalogs.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QProcess,
    QSettings,
    QTranslator,
)

from shopkeeper import i18n, settings
from shopkeeper.i18n import pgettext

if TYPE_CHECKING:
    from shopkeeper.storage.database import Database

TILL_KEY = "i18n/language"  # "" or absent: the shop's language
_QT_CATALOGS = {"zh-Hans": "qtbase_zh_CN", "zh-Hant": "qtbase_zh_TW"}
_QT_LOCALES = {"lt": "lt_LT", "zh-Hans": "zh_CN", "zh-Hant": "zh_TW"}  # English: the system's
# Qt asks for its standard texts in these contexts (QPlatformTheme: every standard button of
# QDialogButtonBox and QMessageBox; the others: details, progress and text-field menus).
_CONTEXTS = {"QPlatformTheme", "QMessageBox", "QProgressDialog", "QLineEdit", "QWidgetTextControl"}
_installed: list[QTranslator] = []
_restart = {"asked": False}


def standard_texts() -> dict[str, str]:
    """Qt's English source text -> the current language's (built at call time: ``_()`` must
    run when the text is shown, not at import)."""
    return {
        "OK": pgettext("standard button", "OK"),
        "Cancel": pgettext("standard button", "Cancel"),
        "&Yes": pgettext("standard button", "&Yes"),
        "&No": pgettext("standard button", "&No"),
        "Yes to &All": pgettext("standard button", "Yes to &All"),
        "N&o to All": pgettext("standard button", "N&o to All"),
        "Save": pgettext("standard button", "Save"),
        "Save All": pgettext("standard button", "Save All"),
        "Open": pgettext("standard button", "Open"),
        "Close": pgettext("standard button", "Close"),
        "Apply": pgettext("standard button", "Apply"),
        "Discard": pgettext("standard button", "Discard"),
        "Reset": pgettext("standard button", "Reset"),
        "Restore Defaults": pgettext("standard button", "Restore Defaults"),
        "Help": pgettext("standard button", "Help"),
        "Abort": pgettext("standard button", "Abort"),
        "Retry": pgettext("standard button", "Retry"),
        "Ignore": pgettext("standard button", "Ignore"),
        "Show Details...": pgettext("standard button", "Show Details..."),
        "Hide Details...": pgettext("standard button", "Hide Details..."),
        "&Undo": pgettext("text menu", "&Undo"),
        "&Redo": pgettext("text menu", "&Redo"),
        "Cu&t": pgettext("text menu", "Cu&t"),
        "&Copy": pgettext("text menu", "&Copy"),
        "&Paste": pgettext("text menu", "&Paste"),
        "Delete": pgettext("text menu", "Delete"),
        "Select All": pgettext("text menu", "Select All"),
    }


class StandardTexts(QTranslator):
    """Answers Qt's requests for its standard texts from the project's catalogs (Lithuanian has
    no qtbase catalog); installed last, so it is asked first; None lets Qt look further."""

    def __init__(self, language: str, parent: QCoreApplication | None = None) -> None:
        super().__init__(parent)
        with i18n.speaking(language):
            self._texts = {k: v for k, v in standard_texts().items() if v != k}

    def translate(  # noqa: D102 - Qt's virtual
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        if context in _CONTEXTS:
            return self._texts.get(source)
        return None

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's virtual
        return not self._texts


def till_language(window_settings: QSettings) -> str | None:
    """This till's own choice, or None (the shop's language)."""
    return i18n.supported_language(str(window_settings.value(TILL_KEY, "") or ""))


def set_till_language(window_settings: QSettings, tag: str | None) -> None:
    window_settings.setValue(TILL_KEY, i18n.supported_language(tag) or "")
    window_settings.sync()


def window_language(
    *, flag: str | None = None, till: str | None = None, shop: str | None = None
) -> str:
    """The language the window speaks (see the module's docstring for the order)."""
    explicit = i18n.supported_language(flag) or i18n.environment_language(names=(i18n.ENV_LANG,))
    return (
        explicit
        or i18n.supported_language(till)
        or i18n.supported_language(shop)
        or i18n.supported_language(settings.system_locale())
        or i18n.SOURCE_LANGUAGE
    )


def apply_language(app: QCoreApplication, language: str) -> str:
    """Speak ``language`` from now on: the program's catalogs, Qt's dialogs, Qt's locale (the
    calendar's month names). Translators installed before are replaced."""
    chosen = i18n.set_language(language)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    qt_locale = _QT_LOCALES.get(chosen)
    QLocale.setDefault(QLocale(qt_locale) if qt_locale else QLocale.system())
    if chosen == i18n.SOURCE_LANGUAGE:
        return chosen
    catalog = _QT_CATALOGS.get(chosen)
    if catalog:
        qt = QTranslator(app)  # a parent: a translator without one is collected and goes quiet
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(catalog, folder):
            app.installTranslator(qt)
            _installed.append(qt)
    ours = StandardTexts(chosen, app)
    app.installTranslator(ours)
    _installed.append(ours)
    return chosen


def ask_for_restart() -> None:
    """Start the program again once this window has closed (``restart_if_asked``)."""
    _restart["asked"] = True


def restart_command() -> tuple[str, list[str]]:
    """How this program was started: the bundle, ``python -m shopkeeper`` or the script."""
    args = sys.argv[1:]
    if getattr(sys, "frozen", False):
        return sys.executable, args
    if os.path.basename(sys.argv[0]) == "__main__.py":
        return sys.executable, ["-m", "shopkeeper", *args]
    return sys.executable, [sys.argv[0], *args]


def restart_if_asked() -> bool:
    """After the window has closed and the database is released: start again if asked."""
    if not _restart["asked"]:
        return False
    _restart["asked"] = False
    program, args = restart_command()
    return bool(QProcess.startDetached(program, args))


def start(
    app: QCoreApplication, db: Database, window_settings: QSettings, *, flag: str | None
) -> str:
    """At start-up, before any window is built: choose and speak the window's language."""
    from shopkeeper.services import programme

    shop = programme.load(db).shop.language
    chosen = window_language(flag=flag, till=till_language(window_settings), shop=shop)
    return apply_language(app, chosen)
