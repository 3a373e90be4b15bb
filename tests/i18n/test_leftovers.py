"""Screens rendered offscreen in each language hold no English the catalogs translate.

Only what is translated on this branch is checked here (the Programme screen and Qt's standard
buttons); ``english_leftovers`` takes any widget, so each screen joins this list once its
strings are marked and translated."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QWidget

from shopkeeper import i18n
from shopkeeper.services import programme, settings_admin
from shopkeeper.storage.database import Database
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.settings import SettingsView
from tests.i18n.leftovers import english_leftovers

LANGUAGES = ["lt", "zh-Hans", "zh-Hant"]
B = QDialogButtonBox.StandardButton
M = QMessageBox.StandardButton


def shop_data(db: Database) -> set[str]:
    """The shop's own names (tiers, rewards, causes) and each language named in its own words
    (``i18n.LANGUAGE_NAMES``, "English" in every language): never a leftover."""
    prog = programme.load(db)
    rewards = settings_admin.reward_settings(db)
    causes = settings_admin.list_causes(db)
    names = {t.name for t in prog.tiers} | {r.name for r in rewards} | {c.name for c in causes}
    return names | set(i18n.LANGUAGE_NAMES.values())


def settings_screen(qtbot, db: Database, tmp_path) -> SettingsView:  # noqa: ANN001
    till = QSettings(str(tmp_path / "till.ini"), QSettings.Format.IniFormat)
    view = SettingsView(Operations(db), till_settings=till)
    qtbot.addWidget(view)
    view.resize(1024, 768)
    view.show()
    view.rules.last_change.setText("")  # (filled by a rule change; none here)
    return view


@pytest.mark.parametrize("tag", LANGUAGES)
def test_the_programme_screen_has_no_english_left(qtbot, db, tmp_path, speak, tag) -> None:  # noqa: ANN001
    speak(tag)
    settings_admin.add_cause(db, "Gyvūnų globa")
    view = settings_screen(qtbot, db, tmp_path)
    view.rewards.table.selectRow(0)
    view.tiers.add_tier()  # a row typed by the owner starts with a translated name
    assert english_leftovers(view, tag, data=shop_data(db)) == []


@pytest.mark.parametrize("tag", LANGUAGES)
def test_standard_buttons_and_message_boxes_have_no_english_left(qtbot, speak, tag) -> None:  # noqa: ANN001
    speak(tag)
    holder = QWidget()
    qtbot.addWidget(holder)
    box = QDialogButtonBox(
        B.Ok | B.Cancel | B.Save | B.Close | B.Open | B.Apply | B.Discard | B.Help | B.Reset,
        holder,
    )
    message = QMessageBox(
        QMessageBox.Icon.Question, "Shopkeeper", "?", M.Yes | M.No | M.YesToAll | M.NoToAll,
        holder,
    )  # fmt: skip
    assert box.buttons() and message.buttons()
    assert english_leftovers(holder, tag) == []


def test_the_checker_finds_english_left_on_a_screen(qtbot, db, tmp_path) -> None:  # noqa: ANN001
    """The same screen built in English, checked as Lithuanian: every text is a leftover."""
    view = settings_screen(qtbot, db, tmp_path)
    found = english_leftovers(view, "lt", data=shop_data(db))
    for expected in (
        "QPushButton: Save language",
        "QTabWidget tab 4: Language",
        "QTableWidget column 1: Points in 12 months",
        "QComboBox 'till_language' item 0: As the shop",
        "QSpinBox: never",
    ):
        assert expected in found
    assert not [text for text in found if "Bronze" in text]  # the shop's data is not counted
    # and a placeholder stands for anything: "Sūris saved." is "{name} saved." in English
    view.rewards.say("Sūris saved.")
    assert "QLabel: Sūris saved." in english_leftovers(view, "lt")
