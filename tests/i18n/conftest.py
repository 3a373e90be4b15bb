"""Window tests in another language put everything back: the program's language, Qt's
translators and Qt's default locale."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture
def speak(qapp) -> Iterator:  # noqa: ANN001 - pytest-qt's QApplication
    """``speak("lt")``: the program and Qt speak ``lt`` until the test ends."""
    from shopkeeper.ui import language

    def choose(tag: str) -> str:
        return language.apply_language(qapp, tag)

    yield choose
    language.apply_language(qapp, "en")
