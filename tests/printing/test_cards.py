"""Loyalty cards: exact CR80 size, every name in any script, fonts embedded, barcodes that scan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from shopkeeper.domain.errors import InvalidInput, UnknownCard
from shopkeeper.printing.cards import write_cards
from shopkeeper.services import cards, customers, print_settings
from shopkeeper.storage.database import Database

from .conftest import Shop
from .helpers import MM, barcodes, embedded, fonts, page_texts, reader, render


def test_one_card_per_page_is_exactly_cr80(db: Database, shop: Shop, tmp_path: Path) -> None:
    batch = cards.card_batch(db, card_numbers=[shop.ona, shop.xiaoming, shop.zoe], layout="single")
    out = tmp_path / "cards.pdf"
    result = write_cards(batch, out)

    assert (result.pages, result.items, result.missing_characters) == (3, 3, ())
    for page in reader(out).pages:
        box = page.mediabox
        assert float(box.width) == pytest.approx(85.6 * MM, abs=0.01)
        assert float(box.height) == pytest.approx(54 * MM, abs=0.01)
    texts = page_texts(out)
    assert "Ona Žemaitė" in texts[0] and shop.ona in texts[0] and "Test Bakery" in texts[0]
    assert "王小明" in texts[1] and shop.xiaoming in texts[1]
    assert "Zoë Faure" in texts[2]
    assert "Bronze" in texts[2]  # the tier, printed in its colour band


def test_every_font_in_a_card_is_embedded(db: Database, shop: Shop, tmp_path: Path) -> None:
    batch = cards.card_batch(db, card_numbers=[shop.ona, shop.meiling], layout="single")
    out = tmp_path / "cards.pdf"
    write_cards(batch, out)
    used = fonts(out)
    assert len(used) >= 2  # the Latin and the Chinese font
    assert all(embedded(font) for font in used.values()), used.keys()
    assert all("FontFile2" in str(font["/FontDescriptor"].get_object()) for font in used.values())
    assert not any("Helvetica" in name for name in used)


def test_the_barcode_and_qr_code_scan_back_to_the_card_number(
    db: Database, shop: Shop, tmp_path: Path
) -> None:
    batch = cards.card_batch(db, card_numbers=[shop.xiaoming], layout="single")
    out = tmp_path / "card.pdf"
    write_cards(batch, out)
    found = barcodes(render(out, 1, dpi=300))
    assert found == {"CODE128": {shop.xiaoming}, "QRCODE": {shop.xiaoming}}


def test_a_long_card_number_still_scans(db: Database, tmp_path: Path) -> None:
    card = "LT-2026-ABCDEFGHJK-000123"
    customers.create_customer(db, name="Ona Žemaitė", card_number=card)
    out = tmp_path / "card.pdf"
    write_cards(cards.card_batch(db, card_numbers=[card], layout="single"), out)
    assert barcodes(render(out, 1, dpi=300)).get("CODE128") == {card}


@pytest.mark.parametrize(("layout", "size"), [("a4", (210, 297)), ("letter", (215.9, 279.4))])
def test_sheets_hold_ten_cards_each(
    db: Database, shop: Shop, tmp_path: Path, layout: str, size: tuple[float, float]
) -> None:
    extra = [customers.create_customer(db, name=f"Klientas {i}").card_number for i in range(8)]
    chosen = [shop.ona, shop.xiaoming, shop.zoe, shop.meiling, *extra]
    out = tmp_path / "sheet.pdf"
    result = write_cards(cards.card_batch(db, card_numbers=chosen, layout=layout), out)

    assert (result.pages, result.items) == (2, 12)
    pages = reader(out).pages
    for page in pages:
        assert float(page.mediabox.width) == pytest.approx(size[0] * MM, abs=0.1)
        assert float(page.mediabox.height) == pytest.approx(size[1] * MM, abs=0.1)
    first, second = page_texts(out)
    assert all(card in first for card in chosen[:10])
    assert all(card in second for card in chosen[10:])
    assert "王小明" in first and "陳美玲" in first
    assert barcodes(render(out, 2, dpi=300)).get("CODE128") == set(chosen[10:])


def test_the_layout_defaults_to_the_shops_setting(db: Database, shop: Shop) -> None:
    assert cards.card_batch(db, card_numbers=[shop.ona]).layout == "single"
    print_settings.update(db, card_layout="letter")
    assert cards.card_batch(db, card_numbers=[shop.ona]).layout == "letter"


def test_a_batch_of_new_cards_since_a_date(db: Database, shop: Shop, clock) -> None:  # noqa: ANN001
    newer = customers.create_customer(db, name="Naujas Klientas").card_number  # 2026-12-01
    batch = cards.card_batch(db, since=date(2026, 12, 1))
    assert [c.card_number for c in batch.cards] == [newer]
    everyone = cards.card_batch(db, since=date(2026, 11, 1))
    assert shop.archived not in [c.card_number for c in everyone.cards]
    assert len(everyone.cards) == 7  # six active customers of the shop fixture and the new one


def test_unknown_cards_and_empty_choices_are_refused(db: Database, shop: Shop) -> None:
    with pytest.raises(UnknownCard):
        cards.card_batch(db, card_numbers=[shop.ona, "999999999"])
    with pytest.raises(InvalidInput, match="Choose the cards"):
        cards.card_batch(db)
    with pytest.raises(InvalidInput, match="card layout"):
        cards.card_batch(db, card_numbers=[shop.ona], layout="poster")


def test_a_failed_write_leaves_no_file(db: Database, shop: Shop, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="folder"):
        write_cards(cards.card_batch(db, card_numbers=[shop.ona]), tmp_path / "no" / "c.pdf")
    assert [p for p in tmp_path.rglob("*") if "c.pdf" in p.name] == []
    assert not (tmp_path / "no").exists()
