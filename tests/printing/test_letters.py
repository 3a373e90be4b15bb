"""The monthly reward letters: who gets one, what each says, where the address sits, and that a
second run for the same month is a reprint only by choice."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from shopkeeper.domain.calendar import Month
from shopkeeper.domain.errors import InvalidInput, UnknownCard
from shopkeeper.domain.letters import address_block
from shopkeeper.printing.fonts import TextSetter
from shopkeeper.printing.letters import ENVELOPES, PrintCancelled, write_letters
from shopkeeper.services import customers, letters, month_end, print_settings, rewards, visits
from shopkeeper.storage.database import Database

from .conftest import NOVEMBER, Shop, at
from .helpers import (
    MM,
    barcodes,
    embedded,
    fonts,
    page_texts,
    reader,
    render,
    said,
    text_lines,
    unwrapped,
)


def _by_card(plan: letters.LetterPlan) -> dict[str, letters.LetterData]:
    return {letter.card_number: letter for letter in plan.letters}


def test_one_letter_per_active_consenting_customer_with_an_address(
    db: Database, shop: Shop
) -> None:
    plan = letters.plan_letters(db, NOVEMBER)
    assert sorted(_by_card(plan)) == sorted([shop.ona, shop.xiaoming, shop.zoe, shop.meiling])
    assert {s.card_number: s.reason for s in plan.skipped} == {
        shop.jonas: "no consent to letters",
        shop.petras: "no postal address",
        shop.archived: "archived",
    }
    assert plan.skipped_by_reason() == {
        "no consent to letters": 1,
        "no postal address": 1,
        "archived": 1,
    }
    assert (plan.month, plan.printed_on, plan.envelope) == ("2026-11", date(2026, 12, 1), "din5008")


def test_each_letter_carries_the_months_figures(db: Database, shop: Shop) -> None:
    by_card = _by_card(letters.plan_letters(db, NOVEMBER))
    ona, xiaoming, zoe = by_card[shop.ona], by_card[shop.xiaoming], by_card[shop.zoe]

    # Ona: two November visits (40 + 12 points), the welcome bonus of 16 November, and the
    # birthday bonus month-end gave for her December birthday.
    assert (ona.visits, ona.points_earned, ona.balance) == (2, 102, 202)
    assert (ona.tier, ona.next_tier, ona.points_to_next) == ("Bronze", "Silver", 198)
    assert (ona.birthday, ona.birthday_bonus) == (True, 100)
    assert [r.name for r in ona.rewards] == ["Free coffee"]
    assert ona.voucher is None
    assert ona.first_name == "Ona"
    assert ona.address_lines == ("Pilies g. 5-3", "LT-01123 Vilnius", "Lietuva")

    # 王小明 redeemed a coffee: the unused voucher goes into the letter.
    assert (xiaoming.visits, xiaoming.points_earned, xiaoming.balance) == (1, 150, 50)
    assert xiaoming.voucher is not None and xiaoming.voucher.code == shop.voucher
    assert xiaoming.voucher.reward == "Free coffee"
    assert (xiaoming.rewards, xiaoming.birthday, xiaoming.first_name) == ((), False, "王小明")

    # Zoë's only visit was in October.
    assert (zoe.visits, zoe.points_earned) == (0, 50)


def test_the_letters_pdf_has_one_page_per_letter_with_every_name_exact(
    db: Database, shop: Shop, tmp_path: Path
) -> None:
    plan = letters.plan_letters(db, NOVEMBER)
    out = tmp_path / "letters.pdf"
    result = write_letters(plan, out)

    assert (result.items, result.pages, result.missing_characters) == (4, 4, ())
    texts = page_texts(out)
    assert len(texts) == len(plan.letters)
    greetings = {
        shop.ona: "Mieloji Ona,",
        shop.zoe: "Dear Zoë,",
        shop.xiaoming: "亲爱的王小明：",
        shop.meiling: "親愛的陳美玲：",
    }
    for page, letter in zip(texts, plan.letters, strict=True):
        assert letter.name in page
        assert said(letter.language, "Card {card}", card=letter.card_number) in page
        assert greetings[letter.card_number] in page
    everything = "\n".join(texts)
    for name in ("Ona Žemaitė", "王小明", "Zoë Faure", "陳美玲", "臺灣臺北市信義區"):
        assert name in everything
    for skipped in ("Jonas Jonaitis", "Petras Petraitis", "Old Customer"):
        assert skipped not in everything
    used = fonts(out)
    assert used and all(embedded(font) for font in used.values()), list(used)
    assert not any("Helvetica" in name for name in used)


def test_birthday_voucher_and_rewards_blocks_appear_where_due(
    db: Database, shop: Shop, tmp_path: Path
) -> None:
    plan = letters.plan_letters(db, NOVEMBER)
    out = tmp_path / "letters.pdf"
    write_letters(plan, out)
    pages = {letter.card_number: i for i, letter in enumerate(plan.letters)}
    texts = page_texts(out)

    ona = texts[pages[shop.ona]]  # a Lithuanian letter
    assert "Su gimtadieniu, Ona! Linkime šviesios ir saldžios šventės." in ona
    assert "Gimtadienio proga pridėjome Jums premijos taškų: 100." in ona
    assert said("lt", "•  {reward} — {cost}", reward="Free coffee", cost="") in ona
    assert "Jūsų kuponas" not in ona

    xiaoming = unwrapped(texts[pages[shop.xiaoming]])  # a Simplified Chinese letter
    assert "您的兑换券：Free coffee" in xiaoming
    assert f"{shop.voucher[:5]}-{shop.voucher[5:]}" in xiaoming
    assert "生日快乐" not in xiaoming
    assert "再来几次，第一份奖励就是您的了。" in xiaoming
    scanned = barcodes(render(out, pages[shop.xiaoming] + 1, dpi=300))
    assert scanned == {"CODE128": {shop.voucher}}


@pytest.mark.parametrize("envelope", ["din5008", "us10"])
def test_the_address_lies_inside_the_envelope_window(
    db: Database, shop: Shop, tmp_path: Path, envelope: str
) -> None:
    print_settings.update(db, envelope=envelope)
    plan = letters.plan_letters(db, NOVEMBER)
    out = tmp_path / "letters.pdf"
    write_letters(plan, out)
    env = ENVELOPES[envelope]
    width, height = env.pagesize
    measure = TextSetter()
    for index, letter in enumerate(plan.letters):
        page = reader(out).pages[index]
        assert float(page.mediabox.width) == pytest.approx(width, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(height, abs=0.5)
        drawn = {text: (x, y) for text, x, y in text_lines(out, index)}
        for line in address_block(letter.name, letter.address_lines):
            assert line in drawn, (line, sorted(drawn))
            x, y = drawn[line]
            from_top = height - y  # the baseline, measured down from the top edge
            assert env.window.x <= x
            assert x + measure.width(line, 10, bold=True) <= env.window.right
            assert env.window.top + 6 <= from_top <= env.window.bottom - 2
    assert env.window.x <= env.address.x and env.address.right <= env.window.right
    assert env.window.top <= env.address.top and env.address.bottom <= env.window.bottom


def test_din_window_is_where_din_5008_form_b_puts_it() -> None:
    din = ENVELOPES["din5008"]
    assert (din.window.x / MM, din.window.top / MM) == pytest.approx((20, 45))
    assert (din.window.width / MM, din.window.height / MM) == pytest.approx((90, 45))
    assert (din.address.x / MM, din.address.top / MM) == pytest.approx((25, 62.7))
    assert [f / MM for f in din.folds] == pytest.approx([105, 210])


def test_sending_is_recorded_and_a_second_run_is_a_reprint_only_by_choice(
    db: Database,
    shop: Shop,
    clock,  # noqa: ANN001
) -> None:
    first = letters.plan_letters(db, NOVEMBER)
    record = letters.record_sent(db, NOVEMBER, first.customer_ids)
    assert (record.first_time, record.reprinted) == (4, 0)

    again = letters.plan_letters(db, NOVEMBER)
    assert again.letters == []
    already = [s for s in again.skipped if s.reason.startswith("already sent on 2026-12-01")]
    assert sorted(s.card_number for s in already) == sorted(_by_card(first))

    everyone = letters.plan_letters(db, NOVEMBER, reprint=True)
    assert len(everyone.letters) == 4 and all(letter.reprint for letter in everyone.letters)

    clock.advance(days=2)
    chosen = letters.plan_letters(db, NOVEMBER, reprint=True, cards=[shop.ona, shop.xiaoming])
    assert sorted(_by_card(chosen)) == sorted([shop.ona, shop.xiaoming])
    assert chosen.skipped == []
    record = letters.record_sent(db, NOVEMBER, chosen.customer_ids)
    assert (record.first_time, record.reprinted) == (0, 2)
    [sent] = letters.letters_sent(db, shop.ona)
    assert (sent.month, sent.copies) == ("2026-11", 2)
    assert sent.sent_at < sent.last_sent_at
    [sent] = letters.letters_sent(db, shop.zoe)
    assert sent.copies == 1

    # Choosing a customer is not enough: a reprint must be asked for.
    not_asked = letters.plan_letters(db, NOVEMBER, cards=[shop.ona])
    assert not_asked.letters == [] and not_asked.skipped[0].reason.startswith("already sent")
    # A reprint never overrides a missing consent.
    refused = letters.plan_letters(db, NOVEMBER, reprint=True, cards=[shop.jonas])
    assert [s.reason for s in refused.skipped] == ["no consent to letters"]
    # Another month is another letter.
    assert len(letters.plan_letters(db, Month(2026, 12)).letters) == 4


def test_a_month_before_the_customer_joined_gets_no_letter(db: Database, shop: Shop) -> None:
    october = letters.plan_letters(db, Month(2026, 10))
    assert october.letters == []
    assert {s.reason for s in october.skipped} >= {"joined after the month"}


def test_unknown_cards_and_future_months_are_refused(db: Database, shop: Shop) -> None:
    with pytest.raises(UnknownCard):
        letters.plan_letters(db, NOVEMBER, cards=[shop.ona, "123456789"])
    with pytest.raises(InvalidInput, match="has not started"):
        letters.plan_letters(db, Month(2027, 1))


def test_points_expiring_soon_follow_the_month_end_fifo_rule(
    db: Database,
    shop: Shop,
    clock,  # noqa: ANN001
) -> None:
    december_1 = clock.now
    clock.set(datetime(2025, 12, 10, 10, 0, tzinfo=UTC))
    card = customers.create_customer(
        db, name="Vytautas Senas", address="Senoji g. 1\nKaunas", letters_consent=True
    ).card_number  # 50 welcome points
    visits.record_visit(db, card_number=card, amount_cents=3000)  # 30 points
    clock.set(december_1)

    plan = letters.plan_letters(db, NOVEMBER)
    old = _by_card(plan)[card]
    assert (old.balance, old.expiring_points, plan.expiry_date) == (80, 80, date(2026, 12, 31))
    others = [x.expiring_points for x in plan.letters if x.card_number != card]
    assert others == [0, 0, 0, 0]

    # What the letter announces is what closing December expires.
    clock.set(datetime(2027, 1, 1, 8, 0, tzinfo=UTC))
    closed = month_end.month_end(db, Month(2026, 12))
    assert closed.expired_points == 80 and closed.expired_customers == 1


def test_spending_takes_the_oldest_points_first_so_nothing_expires(
    db: Database,
    shop: Shop,
    clock,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    december_1 = clock.now
    clock.set(datetime(2025, 12, 10, 10, 0, tzinfo=UTC))
    card = customers.create_customer(
        db, name="Vytautas Senas", address="Senoji g. 1\nKaunas", letters_consent=True
    ).card_number
    visits.record_visit(db, card_number=card, amount_cents=3000)
    clock.set(december_1)
    visits.record_visit(db, card_number=card, amount_cents=4000, at=at(20))  # balance 120
    rewards.redeem_reward(db, card_number=card, reward_id=1)  # spends 100: the 80 old ones first

    plan = letters.plan_letters(db, NOVEMBER, cards=[card])
    [letter] = plan.letters
    assert (letter.balance, letter.expiring_points) == (20, 0)
    out = tmp_path / "letter.pdf"
    write_letters(plan, out)
    assert "expire" not in page_texts(out)[0]


def test_the_expiry_line_is_printed_with_its_date(
    db: Database,
    shop: Shop,
    clock,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    december_1 = clock.now
    clock.set(datetime(2025, 12, 10, 10, 0, tzinfo=UTC))
    card = customers.create_customer(
        db, name="Vytautas Senas", address="Senoji g. 1\nKaunas", letters_consent=True
    ).card_number
    clock.set(december_1)
    out = tmp_path / "letter.pdf"
    write_letters(letters.plan_letters(db, NOVEMBER, cards=[card]), out)
    text = page_texts(out)[0]  # Vytautas speaks the shop's language (Lithuanian: the default)
    assert "2026 m. gruodžio 31 d. baigs galioti dalis Jūsų taškų (50)" in text


def test_the_shops_own_wording_is_printed(db: Database, shop: Shop, tmp_path: Path) -> None:
    letters.save_letter_template(
        db, greeting="Labas, {first_name}!", closing="Iki greito! Jūsų taškai: {points}."
    )
    plan = letters.plan_letters(db, NOVEMBER, cards=[shop.ona])
    out = tmp_path / "letter.pdf"
    write_letters(plan, out)
    text = page_texts(out)[0]
    assert "Labas, Ona!" in text
    assert "Iki greito! Jūsų taškai: 202." in text


def test_a_very_long_template_continues_on_a_second_page(
    db: Database, shop: Shop, tmp_path: Path
) -> None:
    letters.save_letter_template(db, intro="\n".join(["Ačiū, kad esate su mumis."] * 38))
    plan = letters.plan_letters(db, NOVEMBER, cards=[shop.ona, shop.zoe])
    out = tmp_path / "letters.pdf"
    result = write_letters(plan, out)
    # The shop's (Lithuanian) wording is long: Ona's letter takes two pages; Zoë's English one.
    assert result.items == 2 and result.pages == 3
    texts = page_texts(out)
    assert "Laukiame Jūsų vėl!" in texts[1] and "Dear Zoë," in texts[2]


def test_progress_is_reported_and_a_cancelled_batch_leaves_no_file(
    db: Database, shop: Shop, tmp_path: Path
) -> None:
    plan = letters.plan_letters(db, NOVEMBER)
    seen: list[tuple[int, int]] = []
    write_letters(plan, tmp_path / "a.pdf", progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (4, 4)
    with pytest.raises(PrintCancelled):
        write_letters(plan, tmp_path / "b.pdf", cancelled=lambda: True)
    assert not (tmp_path / "b.pdf").exists()
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".pdf"] == ["a.pdf"]


def test_nobody_to_write_to_prints_nothing(db: Database, shop: Shop, tmp_path: Path) -> None:
    plan = letters.plan_letters(db, NOVEMBER, cards=[shop.jonas])
    with pytest.raises(InvalidInput, match="Nobody gets a letter"):
        write_letters(plan, tmp_path / "none.pdf")
    assert not (tmp_path / "none.pdf").exists()
