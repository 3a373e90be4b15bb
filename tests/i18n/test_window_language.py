"""The window speaks the shop's language, or this till's choice, or ``--lang``; Qt's own
buttons and dialogs speak it too (Lithuanian from the project's catalogs, Chinese from Qt's)."""

from __future__ import annotations

import argparse
import sys

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from shopkeeper import i18n, settings
from shopkeeper.bootstrap import open_database
from shopkeeper.services import programme
from shopkeeper.storage.database import Database
from shopkeeper.ui import app as app_module
from shopkeeper.ui import dialogs, language
from shopkeeper.ui.main_window import MainWindow
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.settings import SettingsView

B = QDialogButtonBox.StandardButton
M = QMessageBox.StandardButton


def button_texts(tag: str) -> tuple[list[str], list[str]]:
    box = QDialogButtonBox(B.Ok | B.Cancel | B.Save | B.Close | B.Open | B.Apply | B.Discard)
    message = QMessageBox(QMessageBox.Icon.Question, "?", "?", M.Yes | M.No)
    texts = (
        [box.button(b).text() for b in (B.Ok, B.Cancel, B.Save, B.Close, B.Open, B.Apply)],
        [message.button(b).text() for b in (M.Yes, M.No)],
    )
    box.deleteLater()
    message.deleteLater()
    return texts


@pytest.mark.parametrize(
    ("tag", "buttons", "yes_no"),
    [
        ("lt", ["Gerai", "Atšaukti", "Išsaugoti", "Uždaryti", "Atverti", "Taikyti"],
         ["&Taip", "&Ne"]),
        ("zh-Hans", ["确定", "取消", "保存", "关闭", "打开", "应用"], ["是(&Y)", "否(&N)"]),
        ("zh-Hant", ["確定", "取消", "儲存", "關閉", "開啟", "套用"], ["是(&Y)", "否(&N)"]),
        ("en", ["OK", "Cancel", "Save", "Close", "Open", "Apply"], ["&Yes", "&No"]),
    ],
)  # fmt: skip
def test_qts_standard_buttons_speak_the_language(speak, tag, buttons, yes_no) -> None:  # noqa: ANN001
    speak(tag)
    assert button_texts(tag) == (buttons, yes_no)


def test_qts_own_dialogs_use_qts_chinese_catalogs(speak) -> None:  # noqa: ANN001
    speak("zh-Hans")
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "查找范围："
    speak("zh-Hant")
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "尋找於："
    speak("en")  # translators are replaced, never piled up
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "Look in:"
    assert button_texts("en")[1] == ["&Yes", "&No"]


def test_the_windows_language_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(i18n.ENV_LANG)
    monkeypatch.setenv(settings.ENV_LOCALE, "zh_TW.UTF-8")
    assert language.window_language(shop="lt") == "lt"  # the shop's
    assert language.window_language(till="zh-Hans", shop="lt") == "zh-Hans"  # the till's
    assert language.window_language(flag="en", till="zh-Hans", shop="lt") == "en"  # --lang
    assert language.window_language(shop="de") == "zh-Hant"  # not spoken: the system's
    monkeypatch.setenv(i18n.ENV_LANG, "lt")
    assert language.window_language(till="zh-Hans", shop="en") == "lt"


def open_and_look(args: argparse.Namespace) -> list[str]:
    """Run the program; once its window shows, note the language and the Programme tabs."""
    seen: list[str] = []

    def look() -> None:
        windows = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        if not windows:
            QTimer.singleShot(20, look)
            return
        window = windows[0]
        try:
            window.show_view("settings")
            view = window.settings_view.content
            seen.append(i18n.language())
            seen.append(view.tabs.tabText(4))
            seen.append(button_texts("")[0][0])
        except Exception as error:  # noqa: BLE001 - shown by the assertion, never a hang
            seen.append(repr(error))
        finally:
            window.close()

    QTimer.singleShot(0, look)
    assert app_module.run(args) == 0
    return seen


def test_the_window_speaks_the_shops_language_unless_the_till_chose(
    qtbot, tmp_path, monkeypatch, speak  # noqa: ANN001
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    target = tmp_path / "kepykla.db"
    db = open_database(target)
    programme.update_shop(db, language="lt")
    db.dispose()
    args = argparse.Namespace(db=str(target), demo=False, lang=None)
    # the suite pins English (SHOPKEEPER_LANG=en): a Lithuanian test shop stays English
    assert open_and_look(args) == ["en", "Language", "OK"]
    monkeypatch.delenv(i18n.ENV_LANG)
    assert open_and_look(args) == ["lt", "Kalba", "Gerai"]
    language.set_till_language(app_module.user_settings(), "zh-Hant")
    assert open_and_look(args) == ["zh-Hant", "語言", "確定"]
    args.lang = "zh-Hans"  # shopkeeper --lang zh-Hans
    assert open_and_look(args) == ["zh-Hans", "语言", "确定"]


@pytest.fixture
def till(tmp_path) -> QSettings:  # noqa: ANN001
    return QSettings(str(tmp_path / "till.ini"), QSettings.Format.IniFormat)


def test_the_language_tab_keeps_the_shops_and_this_tills_choice_and_offers_a_restart(
    qtbot, db: Database, till: QSettings, monkeypatch, speak  # noqa: ANN001
) -> None:
    monkeypatch.delenv(i18n.ENV_LANG)
    speak("lt")  # the test shop is Lithuanian: its window speaks Lithuanian
    asked: list[str] = []
    answer = [True]
    monkeypatch.setattr(dialogs, "ask", lambda _p, _t, q: asked.append(q) or answer[0])
    view = SettingsView(Operations(db), till_settings=till)
    qtbot.addWidget(view)
    view.show()
    tab = view.language
    assert (tab.shop_language.currentData(), tab.till_language.currentData()) == ("lt", "")
    assert tab.till_language.currentText() == "Kaip parduotuvės"

    tab.save_button.click()  # nothing changes: no question
    assert asked == [] and tab.message.text() == "Kalba išsaugota."

    tab.till_language.setCurrentIndex(tab.till_language.findData("zh-Hant"))
    tab.save_button.click()
    assert asked == [
        "Iš naujo paleidus, langas bus rodomas kalba: 中文（繁體）. Paleisti iš naujo dabar?"
    ]
    assert till.value(language.TILL_KEY) == "zh-Hant"
    assert programme.load(db).shop.language == "lt"  # other tills keep the shop's
    assert not view.isVisible()  # closed for the restart
    started: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(
        language.QProcess, "startDetached", lambda p, a: started.append((p, list(a))) or True
    )
    assert language.restart_if_asked() is True
    assert started == [language.restart_command()]
    assert language.restart_if_asked() is False  # once

    answer[0] = False  # the shop turns Chinese; this till follows it again, later
    view.show()
    tab.shop_language.setCurrentIndex(tab.shop_language.findData("zh-Hans"))
    tab.till_language.setCurrentIndex(0)
    tab.save_button.click()
    assert programme.load(db).shop.language == "zh-Hans"
    assert till.value(language.TILL_KEY) == ""
    assert tab.message.text() == (
        "Išsaugota. Kitą kartą paleidus Shopkeeper, langas bus rodomas kalba: 中文（简体）."
    )
    assert language.restart_if_asked() is False and started == [language.restart_command()]
