"""The first-run welcome speaks the machine's language before any shop exists, and the shop it
sets up speaks the language the person picked there."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest

from shopkeeper import i18n
from shopkeeper.ui import app as app_module
from shopkeeper.ui.first_run import FirstRunWelcome
from shopkeeper.ui.main_window import MainWindow
from tests.i18n.leftovers import english_leftovers
from tests.ui.conftest import type_text
from tests.ui.test_first_run import pick, run_program, stored_profile


@pytest.fixture
def machine_speaks(monkeypatch):  # noqa: ANN001, ANN201
    """A machine whose locale is ``LANG`` only (no ``--lang``, no SHOPKEEPER_LANG)."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    for name in (i18n.ENV_LANG, "SHOPKEEPER_LOCALE", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)

    def choose(locale: str) -> None:
        monkeypatch.setenv("LANG", locale)

    return choose


def test_the_welcome_speaks_the_machines_language_and_the_shop_the_one_picked(
    qtbot, tmp_path: Path, machine_speaks, speak  # noqa: ANN001
) -> None:
    machine_speaks("lt_LT.UTF-8")
    target = tmp_path / "shopkeeper.db"
    seen: dict[str, str] = {}

    def at_welcome(welcome: FirstRunWelcome) -> None:
        seen["welcome"] = welcome.windowTitle()
        seen["start"] = welcome.start_button.text()
        seen["language"] = welcome.language.currentData()
        seen["leftovers"] = "\n".join(english_leftovers(welcome, "lt"))
        pick(qtbot, welcome.language, "zh-Hant")
        type_text(welcome.name, "茶館")
        welcome.start_button.click()

    def in_window(window: MainWindow) -> None:
        seen["menu"] = window.menuBar().actions()[0].text()

    args = argparse.Namespace(db=str(target), demo=False)
    code, _titles = run_program(args, at_welcome, in_window)
    assert code == 0
    assert seen["welcome"] == "Sveiki atvykę į Shopkeeper"
    assert seen["start"] != "Start my shop"  # the welcome's words are Lithuanian too
    assert seen["leftovers"] == ""
    assert seen["language"] == "lt"  # the language it speaks is the one it prefills
    assert stored_profile(target) == ("茶館", "LT", "EUR", "zh-Hant")
    assert seen["menu"] == "檔案(&F)"  # the new shop's window speaks the language picked


def test_without_a_shop_an_explicit_language_wins_over_the_machines(
    qapp, machine_speaks, speak  # noqa: ANN001
) -> None:
    machine_speaks("lt_LT.UTF-8")
    assert app_module.speak_for_welcome(qapp, argparse.Namespace(lang="zh-Hans")) == "zh-Hans"
    assert app_module.speak_for_welcome(qapp, argparse.Namespace(lang=None)) == "lt"
    machine_speaks("zh_TW.UTF-8")
    assert app_module.speak_for_welcome(qapp, argparse.Namespace(lang=None)) == "zh-Hant"
    machine_speaks("C")
    assert app_module.speak_for_welcome(qapp, argparse.Namespace(lang=None)) == "en"
