"""The language mechanism: tags as people and systems write them, the environment's choice,
a language per context that never leaks into another thread, and plural forms read from the
real compiled catalogs."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from shopkeeper import i18n
from shopkeeper.i18n import _, ngettext, pgettext, speaking
from shopkeeper.present.numbers import points


@pytest.mark.parametrize(
    ("written", "tag"),
    [
        ("zh", "zh-Hans"), ("zh-CN", "zh-Hans"), ("zh_CN", "zh-Hans"), ("zh_CN.UTF-8", "zh-Hans"),
        ("zh-Hans", "zh-Hans"), ("zh-hans-cn", "zh-Hans"), ("zh-SG", "zh-Hans"),
        ("zh-TW", "zh-Hant"), ("zh_TW", "zh-Hant"), ("zh-HK", "zh-Hant"), ("zh_HK.Big5", "zh-Hant"),
        ("zh-Hant", "zh-Hant"), ("zh-Hant-TW", "zh-Hant"), ("zh-tw", "zh-Hant"),
        ("lt", "lt"), ("lt_LT.UTF-8", "lt"), ("lt-LT", "lt"), ("en_GB", "en"), ("EN", "en"),
        ("de_DE", None), ("C", None), ("POSIX", None), ("C.UTF-8", None), ("", None), (None, None),
    ],
)  # fmt: skip
def test_tags_and_their_aliases(written: str | None, tag: str | None) -> None:
    assert i18n.supported_language(written) == tag


def test_catalog_folders_and_babel_locales() -> None:
    assert [i18n.catalog_name(t) for t in i18n.LANGUAGES] == ["en", "lt", "zh_Hans", "zh_Hant"]
    assert [i18n.babel_locale(t) for t in ("zh", "zh-TW", "lt", "xx")] == [
        "zh_Hans_CN", "zh_Hant_TW", "lt_LT", "en"
    ]  # fmt: skip


def test_the_environment_asks_in_gettexts_order() -> None:
    env = {"LANG": "lt_LT.UTF-8"}
    assert i18n.environment_language(env) == "lt"
    assert i18n.environment_language({**env, "LC_MESSAGES": "zh_TW.UTF-8"}) == "zh-Hant"
    assert i18n.environment_language({**env, "LC_ALL": "zh_CN.UTF-8"}) == "zh-Hans"
    assert i18n.environment_language({**env, "LANGUAGE": "de:zh_TW:en"}) == "zh-Hant"
    assert i18n.environment_language({**env, "SHOPKEEPER_LANG": "en", "LC_ALL": "zh_CN"}) == "en"
    # "C" or a language the program does not speak leaves the choice to the next, then the shop
    assert i18n.environment_language({"LC_ALL": "C.UTF-8", "LANG": "lt_LT"}) == "lt"
    assert i18n.environment_language({"LANG": "de_DE.UTF-8"}) is None
    assert i18n.environment_language({}) is None


def test_set_language_falls_back_to_english() -> None:
    assert i18n.set_language("zh_TW") == "zh-Hant"
    assert _("Language") == "語言"
    assert i18n.set_language("klingon") == "en"
    assert _("Language") == "Language"


@pytest.mark.parametrize(
    ("n", "lt"),
    [(1, "1 taškas"), (2, "2 taškai"), (9, "9 taškai"), (10, "10 taškų"), (11, "11 taškų"),
     (12, "12 taškų"), (19, "19 taškų"), (20, "20 taškų"), (21, "21 taškas"), (22, "22 taškai"),
     (101, "101 taškas"), (111, "111 taškų"), (0, "0 taškų")],
)  # fmt: skip
def test_lithuanian_has_three_plural_forms(n: int, lt: str) -> None:
    with speaking("lt"):
        assert ngettext("{n} point", "{n} points", n).format(n=n) == lt
        assert points(n) == lt


def test_chinese_has_one_form_and_english_two() -> None:
    with speaking("zh-Hans"):
        assert [points(n) for n in (1, 2, 11)] == ["1 积分", "2 积分", "11 积分"]
    with speaking("zh-Hant"):
        assert [points(n) for n in (1, 1200)] == ["1 點", "1,200 點"]
    assert [points(n) for n in (1, 2, 0)] == ["1 point", "2 points", "0 points"]


def test_a_word_with_two_meanings_is_told_apart_by_its_context() -> None:
    with speaking("lt"):
        assert pgettext("standard button", "Save") == "Išsaugoti"
        assert pgettext("list separator", ", ") == ", "
    with speaking("zh-Hans"):
        assert pgettext("list separator", ", ") == "、"


def test_speaking_is_for_the_block_only_and_nests() -> None:
    i18n.set_language("lt")
    with speaking("zh-Hant") as chosen:
        assert chosen == "zh-Hant" and i18n.language() == "zh-Hant"
        with speaking(None):  # None keeps the current language
            assert i18n.language() == "zh-Hant"
        with speaking("en"):
            assert _("Language") == "Language"
        assert _("Language") == "語言"
    assert i18n.language() == "lt"


def test_a_letter_in_one_thread_never_changes_another_threads_language() -> None:
    """A batch of letters speaks each customer's language on workers while the window keeps
    the shop's; a new thread starts in the process-wide language."""
    i18n.set_language("lt")
    inside = threading.Event()
    leave = threading.Event()
    seen: dict[str, str] = {}

    def letter() -> None:
        with speaking("zh-Hans"):
            seen["letter"] = _("Language")
            inside.set()
            leave.wait(5)

    worker = threading.Thread(target=letter)
    worker.start()
    assert inside.wait(5)
    seen["window"] = _("Language")  # while the worker is inside its block
    leave.set()
    worker.join(5)
    assert seen == {"letter": "语言", "window": "Kalba"}

    def fresh() -> str:
        return f"{i18n.language()} {_('Language')}"

    with speaking("zh-Hant"), ThreadPoolExecutor(2) as pool:
        assert pool.submit(fresh).result() == "lt Kalba"  # the process's, not this block's

    def mixed(tag: str) -> str:
        with speaking(tag):
            return points(21)

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(mixed, ["lt", "zh-Hans", "en", "zh-Hant"] * 25))
    assert results == ["21 taškas", "21 积分", "21 points", "21 點"] * 25
