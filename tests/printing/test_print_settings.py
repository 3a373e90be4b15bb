"""Printing settings: card layout, envelope window, logo."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image

from shopkeeper.domain.errors import InvalidInput
from shopkeeper.printing.cards import write_cards
from shopkeeper.printing.letters import write_letters
from shopkeeper.services import cards, letters, print_settings, programme
from shopkeeper.storage.database import Database

from .conftest import NOVEMBER, Shop


def test_defaults_follow_the_shops_country(db: Database) -> None:
    assert print_settings.load(db) == print_settings.PrintSettings("single", "din5008", None)
    programme.update_shop(db, country="us")
    assert print_settings.load(db).envelope == "us10"
    print_settings.update(db, envelope="din5008")  # an explicit choice wins
    assert print_settings.load(db).envelope == "din5008"


def test_unknown_values_and_a_missing_logo_are_refused(db: Database, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="card layout"):
        print_settings.update(db, card_layout="poster")
    with pytest.raises(InvalidInput, match="envelope"):
        print_settings.update(db, envelope="c6")
    with pytest.raises(InvalidInput, match="does not exist"):
        print_settings.update(db, logo_path=str(tmp_path / "logo.png"))
    (tmp_path / "logo.txt").write_text("not an image")
    with pytest.raises(InvalidInput, match="PNG"):
        print_settings.update(db, logo_path=str(tmp_path / "logo.txt"))
    with pytest.raises(InvalidInput, match="Unknown printing setting"):
        print_settings.update(db, colour="red")
    assert print_settings.load(db) == print_settings.PrintSettings()


def test_the_logo_is_printed_on_cards_and_letters(db: Database, shop: Shop, tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 60), (20, 60, 200)).save(logo)
    print_settings.update(db, logo_path=str(logo))
    assert print_settings.shop_header(db).logo_path == str(logo.resolve())

    card = tmp_path / "card.pdf"
    write_cards(cards.card_batch(db, card_numbers=[shop.ona]), card)
    letter = tmp_path / "letter.pdf"
    write_letters(letters.plan_letters(db, NOVEMBER, cards=[shop.ona]), letter)
    for pdf in (card, letter):
        assert any(b > 150 and r < 60 for r, _g, b in _colours(pdf)), pdf.name  # the blue logo

    logo.unlink()  # moved away: printing goes on without it
    assert print_settings.shop_header(db).logo_path is None
    write_cards(cards.card_batch(db, card_numbers=[shop.ona]), card)
    assert not any(b > 150 and r < 60 for r, _g, b in _colours(card))


def _colours(pdf: Path) -> list[tuple[int, int, int]]:
    """The colours of the first page as rendered (RGB)."""
    out = pdf.with_name(f"{pdf.stem}-colours")
    subprocess.run(
        ["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", "-singlefile", str(pdf), str(out)],
        check=True,
    )
    image = Image.open(f"{out}.png").convert("RGB")
    return [colour for _count, colour in image.getcolors(1_000_000)]
