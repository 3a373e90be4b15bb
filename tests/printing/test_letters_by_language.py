"""Each letter and voucher printed in its customer's language, read back from the PDF: a batch
mixing Lithuanian, Simplified and Traditional Chinese and English; the vocative and a shop's own
salutation; dates and numbers by locale; Chinese lines never starting with closing punctuation;
the wording edited per language."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from shopkeeper.domain.calendar import Month
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.printing.fonts import NO_LINE_START, TextSetter
from shopkeeper.printing.letters import write_letters
from shopkeeper.printing.locale_format import long_date, money, month_name, number
from shopkeeper.printing.vouchers import write_voucher
from shopkeeper.services import cards, customers, letters, rewards, visits
from shopkeeper.storage.database import Database

from .conftest import NOVEMBER, Shop, at
from .helpers import page_texts, render, text_lines, unwrapped

# Closing punctuation of Chinese text that must never begin a line.
CHINESE_NO_START = "。，、：；！？）」』》"


@pytest.fixture
def mixed(db: Database, shop: Shop, clock) -> dict[str, str]:  # noqa: ANN001
    """Besides the shop's Ona (lt), 王小明 (zh), 陳美玲 (zh-tw) and Zoë (en): two more
    Lithuanians, one with a name the rules decline wrongly, and a German the program does not
    speak (their letter falls back to the shop's language, Lithuanian)."""
    now = clock.now
    clock.set(at(20))

    def add(name: str, language: str) -> str:
        return customers.create_customer(
            db, name=name, address="Laisvės al. 1\nKaunas", letters_consent=True, language=language
        ).card_number

    cards_of = {
        "jonas": add("Jonas Kazlauskas", "lt"),
        "agne": add("Agnė Petraitytė", "lt"),
        "dalis": add("Dalis Rimkutė", "lt"),
        "hans": add("Hans Müller", "de"),
    }
    clock.set(at(21))
    visits.record_visit(db, card_number=cards_of["jonas"], amount_cents=23000)
    clock.set(now)
    return cards_of


def _pages(db: Database, tmp_path: Path) -> tuple[dict[str, str], dict[str, str], Path]:
    plan = letters.plan_letters(db, NOVEMBER)
    out = tmp_path / "letters.pdf"
    write_letters(plan, out)
    texts = page_texts(out)
    assert len(texts) == len(plan.letters)  # one page each here
    by_card = {letter.card_number: text for letter, text in zip(plan.letters, texts, strict=True)}
    language = {letter.card_number: letter.language for letter in plan.letters}
    return by_card, language, out


def test_one_batch_prints_each_letter_in_its_customers_language(
    db: Database, shop: Shop, mixed: dict[str, str], tmp_path: Path, catalogs: Path
) -> None:
    pages, language, _out = _pages(db, tmp_path)
    assert language[shop.ona] == language[mixed["jonas"]] == "lt"
    assert (language[shop.xiaoming], language[shop.meiling], language[shop.zoe]) == (
        "zh-Hans",
        "zh-Hant",
        "en",
    )
    assert language[mixed["hans"]] == "lt"  # German: the shop's language

    jonas = pages[mixed["jonas"]]
    assert "Mielasis Jonai," in jonas  # the vocative, with the masculine word of address
    assert "2026 m. gruodžio 1 d." in jonas  # printed on 1 December, Lithuanian long date
    assert f"Kortelė {mixed['jonas']}" in jonas
    assert "2026 m. lapkritis: Jūsų apsilankymai ir taškai" in jonas
    assert "Dėkojame, kad renkatės" in jonas and "Dear" not in jonas
    assert "Free coffee — 100 taškų" in jonas  # Lithuanian plural: 100 taškų
    assert "Mieloji Agne," in pages[mixed["agne"]]
    assert "Mieloji Ona," in pages[shop.ona]
    assert "Su gimtadieniu, Ona!" in pages[shop.ona]
    assert "Sveiki, Hans," in pages[mixed["hans"]]  # no Lithuanian ending: a neutral greeting

    xiaoming = unwrapped(pages[shop.xiaoming])
    assert "亲爱的王小明：" in xiaoming
    assert "2026年12月1日" in xiaoming and f"卡号 {shop.xiaoming}" in xiaoming
    assert "2026年11月消费概览" in xiaoming
    assert "您的兑换券：Free coffee" in xiaoming
    assert "请于2027年" in xiaoming  # the voucher's last day, written the Chinese way

    meiling = unwrapped(pages[shop.meiling])
    assert "親愛的陳美玲：" in meiling and f"卡號 {shop.meiling}" in meiling
    assert "2026年11月消費概覽" in meiling and "来" not in meiling  # Traditional, not Simplified

    zoe = pages[shop.zoe]
    assert "Dear Zoë," in zoe and "December 1, 2026" in zoe and f"Card {shop.zoe}" in zoe


def test_a_shops_own_salutation_replaces_the_rules_for_one_customer(
    db: Database, shop: Shop, mixed: dict[str, str], tmp_path: Path
) -> None:
    pages, _language, _out = _pages(db, tmp_path)
    assert "Mielasis Dali," in pages[mixed["dalis"]]  # -is reads as a man's name: wrong here

    saved = letters.set_salutation(db, mixed["dalis"], "  Mieloji Dali,  ")
    assert (saved.name, saved.salutation) == ("Dalis Rimkutė", "Mieloji Dali,")
    assert letters.customer_salutation(db, mixed["dalis"]).salutation == "Mieloji Dali,"
    pages, _language, _out = _pages(db, tmp_path)
    assert "Mieloji Dali," in pages[mixed["dalis"]] and "Mielasis" not in pages[mixed["dalis"]]
    assert "Mielasis Jonai," in pages[mixed["jonas"]]  # nobody else changed

    letters.set_salutation(db, mixed["dalis"], "")  # back to the rules
    assert letters.customer_salutation(db, mixed["dalis"]).salutation is None
    pages, _language, _out = _pages(db, tmp_path)
    assert "Mielasis Dali," in pages[mixed["dalis"]]
    with pytest.raises(InvalidInput):
        letters.set_salutation(db, mixed["dalis"], "x" * 121)


def test_no_chinese_line_starts_with_closing_punctuation(
    db: Database, shop: Shop, tmp_path: Path
) -> None:
    # Long wording whose commas and full stops fall at many places along the lines.
    sentence = "感谢您一直以来的支持，我们的店铺会继续努力。欢迎您随时光临！"
    letters.save_letter_template(db, "zh-Hans", intro=sentence * 6, closing="谢谢，再见。")
    letters.save_letter_template(db, "zh-Hant", intro=sentence.replace("们", "們") * 6)
    plan = letters.plan_letters(db, NOVEMBER, cards=[shop.xiaoming, shop.meiling])
    out = tmp_path / "letters.pdf"
    write_letters(plan, out)
    for index in range(len(plan.letters)):
        lines = [text for text, _x, _y in text_lines(out, index)]
        chinese = [line for line in lines if any("\u4e00" <= ch <= "\u9fff" for ch in line)]
        assert len(chinese) > 8
        starts = [line for line in chinese if line.lstrip()[:1] in CHINESE_NO_START]
        assert starts == [], starts
    assert sentence * 6 in unwrapped(page_texts(out)[0])  # wrapped, but nothing lost


@pytest.mark.parametrize("width_chars", [3, 4, 5, 6, 7, 8, 9, 10, 11])
def test_kinsoku_keeps_punctuation_off_the_start_of_a_line(width_chars: int) -> None:
    """At 6 characters a line, a plain break would start the second line with "："."""
    setter = TextSetter()
    size = 10
    em = setter.width("中", size)
    text = "亲爱的王小明：感谢您一直以来的支持，「欢迎」再次光临！（店铺）谢谢。"
    lines = setter.wrap(text, size, em * width_chars + 0.01)
    assert "".join(lines) == text  # nothing lost or added
    for line in lines[1:]:
        assert line[0] not in NO_LINE_START, lines
    for line in lines[:-1]:
        assert line[-1] not in "「（", lines  # an opening bracket stays with what follows


def test_dates_numbers_and_money_follow_the_locale() -> None:
    day = date(2026, 11, 30)
    assert long_date(day, "lt") == "2026 m. lapkričio 30 d."
    assert long_date(day, "zh-Hans") == long_date(day, "zh-Hant") == "2026年11月30日"
    assert long_date(day, "en") == "November 30, 2026"
    assert month_name(Month(2026, 11), "lt") == "2026 m. lapkritis"
    assert month_name(Month(2026, 11), "zh-Hant") == "2026年11月"
    assert number(1250, "lt") == "1\xa0250" and number(1250, "zh-Hans") == "1,250"
    assert money(1250, "EUR", "lt") == "12,50\xa0€"
    assert money(1250, "CNY", "zh-Hans") == "¥12.50"
    assert money(12000, "TWD", "zh-Hant") == "NT$120"
    assert money(12050, "TWD", "zh-Hant") == "NT$120.50"
    assert money(1250, "EUR", "en") == "€12.50"


def test_vouchers_speak_their_customers_language(
    db: Database, shop: Shop, mixed: dict[str, str], tmp_path: Path, catalogs: Path
) -> None:
    # 王小明's voucher: Simplified Chinese.
    item = cards.voucher_print(db, shop.voucher)
    out = tmp_path / "zh.pdf"
    write_voucher(item, out)
    text = page_texts(out)[0]
    assert "兑换券" in text and "VOUCHER" not in text
    assert f"有效期至{long_date(item.voucher.valid_until, 'zh-Hans')} · 仅限使用一次" in text
    assert f"持券人：王小明 · 卡号 {shop.xiaoming}" in text

    # Jonas's voucher: Lithuanian.
    visits.record_visit(db, card_number=mixed["jonas"], amount_cents=9000)
    code = rewards.redeem_reward(db, card_number=mixed["jonas"], reward_id=1).voucher_code
    item = cards.voucher_print(db, code)
    assert item.language == "lt"
    out = tmp_path / "lt.pdf"
    write_voucher(item, out)
    text = page_texts(out)[0]
    valid = long_date(item.voucher.valid_until, "lt")
    assert "KUPONAS" in text and f"Galioja iki {valid} · vienkartinis" in text
    assert f"Jonas Kazlauskas · kortelė {mixed['jonas']}" in text
    assert render(out, 1, dpi=60).size[0] > 0


def test_the_wording_is_kept_per_language(
    db: Database, shop: Shop, mixed: dict[str, str], tmp_path: Path
) -> None:
    letters.save_letter_template(db, "lt", closing="Iki greito, {first_name}!")
    letters.save_letter_template(db, "zh-Hant", closing="歡迎再度光臨，{name}！")
    assert letters.letter_template(db, "lt").closing == "Iki greito, {first_name}!"
    assert letters.letter_template(db).closing == "Iki greito, {first_name}!"  # the shop's: lt
    assert letters.letter_template(db, "zh-TW").closing == "歡迎再度光臨，{name}！"  # an alias
    assert letters.letter_template(db, "zh-Hans").closing == "期待您再次光临！"  # untouched
    assert letters.letter_template(db, "en").closing == "See you soon!"
    with pytest.raises(InvalidInput, match="not 'de'"):
        letters.save_letter_template(db, "de", closing="Bis bald!")
    pages, _language, _out = _pages(db, tmp_path)
    assert "Iki greito, Jonai!" in pages[mixed["jonas"]]
    assert "歡迎再度光臨，陳美玲！" in unwrapped(pages[shop.meiling])
    assert "期待您再次光临！" in pages[shop.xiaoming]
    assert "See you soon!" in pages[shop.zoe]
    letters.reset_letter_template(db, "lt")
    assert letters.letter_template(db, "lt").closing == "Laukiame Jūsų vėl!"
    assert letters.letter_template(db, "zh-Hant").closing == "歡迎再度光臨，{name}！"
