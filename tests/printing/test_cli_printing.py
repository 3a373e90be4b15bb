"""``shopkeeper print cards|voucher|letters`` as a shop's script would use them.

These run on the real clock (the command opens its own database), so the letters are for the
current month and the voucher was issued today.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import select

from shopkeeper.bootstrap import open_database
from shopkeeper.cli.main import main
from shopkeeper.domain.calendar import Month, local_date
from shopkeeper.services import customers, rewards, visits
from shopkeeper.storage import tables as t

from .helpers import barcodes, page_texts, reader, render


@dataclass(frozen=True)
class CliShop:
    path: Path
    ona: str
    xiaoming: str
    jonas: str
    voucher: str
    month: str
    day: str  # the shop's today, by its clock, when the customers joined


@pytest.fixture
def cli_shop(tmp_path: Path) -> Iterator[CliShop]:
    path = tmp_path / "cli.db"
    db = open_database(path, shop_name="Arbatinė 茶馆")
    # English readers (a customer without a language would take the shop's, Lithuanian).
    ona = customers.create_customer(
        db, name="Ona Žemaitė", address="Pilies g. 5\nVilnius", letters_consent=True, language="en"
    ).card_number
    xiaoming = customers.create_customer(
        db, name="王小明", address="上海市\n世纪大道100号", letters_consent=True, language="en"
    ).card_number
    jonas = customers.create_customer(
        db, name="Jonas Jonaitis", letters_consent=False, language="en"
    ).card_number
    visits.record_visit(db, card_number=ona, amount_cents=15000)
    voucher = rewards.redeem_reward(db, card_number=ona, reward_id=1).voucher_code
    today = local_date(db.now())
    db.dispose()
    yield CliShop(path, ona, xiaoming, jonas, voucher, str(Month.of(today)), today.isoformat())


def run(shop: CliShop, *args: str) -> int:
    return main(["--db", str(shop.path), *args])


def test_print_letters_then_a_second_run_skips_them_until_reprint(
    cli_shop: CliShop, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "letters.pdf"
    assert run(cli_shop, "print", "letters", "--month", cli_shop.month, "--out", str(out)) == 0
    printed = capsys.readouterr().out
    assert f"Printed 2 letters for {cli_shop.month} into {out} (2 pages)." in printed
    assert "Skipped 1: 1 no consent to letters." in printed
    assert f"{cli_shop.jonas}  Jonas Jonaitis: no consent to letters" in printed
    text = "\n".join(page_texts(out))
    assert "Ona Žemaitė" in text and "王小明" in text and "Jonas" not in text

    out.unlink()
    assert run(cli_shop, "print", "letters", "--month", cli_shop.month, "--out", str(out)) == 0
    again = capsys.readouterr().out
    assert f"No letters to print for {cli_shop.month}; no file written." in again
    assert "2 already sent" in again
    assert not out.exists()

    assert (
        run(
            cli_shop,
            "print",
            "letters",
            "--month",
            cli_shop.month,
            "--out",
            str(out),
            "--reprint",
            "--card",
            cli_shop.xiaoming,
            "--json",
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert (report["letters"], report["pages"], report["reprinted"]) == (1, 1, 1)
    assert report["skipped"] == []
    assert "王小明" in page_texts(out)[0]

    db = open_database(cli_shop.path)
    with db.read() as session:
        copies = {row.customer_id: row.copies for row in session.exec(select(t.LetterSent)).all()}
    db.dispose()
    assert sorted(copies.values()) == [1, 2]


def test_print_cards_by_card_and_since_a_date(
    cli_shop: CliShop, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cards.pdf"
    args = ("print", "cards", "--card", cli_shop.ona, cli_shop.xiaoming, "--out", str(out))
    assert run(cli_shop, *args) == 0
    assert "Printed 2 cards (single layout, 2 pages)" in capsys.readouterr().out
    assert barcodes(render(out, 2, dpi=300))["CODE128"] == {cli_shop.xiaoming}

    since = cli_shop.day
    assert (
        run(cli_shop, "print", "cards", "--since", since, "--layout", "a4", "--out", str(out)) == 0
    )
    assert "Printed 3 cards (a4 layout, 1 page)" in capsys.readouterr().out
    assert len(reader(out).pages) == 1


def test_print_voucher(
    cli_shop: CliShop, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "voucher.pdf"
    assert run(cli_shop, "print", "voucher", cli_shop.voucher.lower(), "--out", str(out)) == 0
    assert f"Printed voucher {cli_shop.voucher} (Free coffee for Ona Žemaitė)" in (
        capsys.readouterr().out
    )
    assert barcodes(render(out, 1, dpi=300)) == {"CODE128": {cli_shop.voucher}}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("print", "cards", "--card", "999999999"), "No customer has card number '999999999'"),
        (("print", "cards"), "Choose the cards to print"),
        (("print", "cards", "--since", "yesterday"), "is not a date"),
        (("print", "voucher", "ABCDE-FGHJK"), "No voucher has the code ABCDEFGHJK"),
        (("print", "letters", "--month", "2026-13"), "is not a month"),
        (("print", "letters", "--month", "2999-01"), "has not started yet"),
    ],
)
def test_user_errors_exit_1_with_one_line_and_write_nothing(
    cli_shop: CliShop,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    message: str,
) -> None:
    out = tmp_path / "out.pdf"
    assert run(cli_shop, *args, "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err
    assert err.count("\n") == 1
    assert not out.exists()


def test_a_used_voucher_and_a_bad_template_are_refused_before_printing(
    cli_shop: CliShop, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = open_database(cli_shop.path)
    rewards.use_voucher(db, cli_shop.voucher)
    with db.write() as session:
        session.add(t.Setting(key="letter_template:en", value=json.dumps({"greeting": "Hi {nme}"})))
    db.dispose()
    out = tmp_path / "out.pdf"
    assert run(cli_shop, "print", "voucher", cli_shop.voucher, "--out", str(out)) == 1
    assert "already used" in capsys.readouterr().err
    assert run(cli_shop, "print", "letters", "--month", cli_shop.month, "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: Unknown placeholder {nme} in the greeting")
    assert not out.exists()


def test_an_unwritable_destination_is_a_clear_error(
    cli_shop: CliShop, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "missing-folder" / "cards.pdf"
    assert run(cli_shop, "print", "cards", "--card", cli_shop.ona, "--out", str(out)) == 1
    assert "the folder" in capsys.readouterr().err and not out.exists()


def test_settings_and_template_commands(
    cli_shop: CliShop, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(cli_shop, "print", "settings", "--envelope", "us10", "--card-layout", "a4") == 0
    assert "Cards: a4 · envelope: us10 · logo: none" in capsys.readouterr().out
    out = tmp_path / "cards.pdf"
    assert run(cli_shop, "print", "cards", "--card", cli_shop.ona, "--out", str(out)) == 0
    assert "(a4 layout, 1 page)" in capsys.readouterr().out

    # Ona and 王小明 were created without a language: English letters, English wording.
    greeting = "Hello {first_name}!"
    english = ("print", "template", "--language", "en")
    assert run(cli_shop, *english, "--set", "greeting", greeting) == 0
    assert f"greeting: {greeting}" in capsys.readouterr().out
    assert run(cli_shop, "print", "template", "--set", "greeting", "Labas, {vardas}!") == 1
    assert "Unknown placeholder {vardas} in the greeting" in capsys.readouterr().err
    letters_pdf = tmp_path / "letters.pdf"
    assert (
        run(cli_shop, "print", "letters", "--month", cli_shop.month, "--out", str(letters_pdf)) == 0
    )
    assert "Printed 2 letters" in capsys.readouterr().out
    assert "Hello Ona!" in "\n".join(page_texts(letters_pdf))
    page = reader(letters_pdf).pages[0]
    assert float(page.mediabox.width) == pytest.approx(612, abs=0.5)  # US Letter for us10

    assert run(cli_shop, "print", "template", "--language", "en", "--reset", "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["template"]["greeting"] == "Dear {first_name},"
    assert "first_name" in shown["placeholders"]


def test_the_wording_per_language_and_a_salutation_from_the_command_line(
    cli_shop: CliShop, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    closing = "歡迎再度光臨！"
    taiwan = ("print", "template", "--language", "zh-Hant")
    assert run(cli_shop, *taiwan, "--set", "closing", closing) == 0
    assert f"closing: {closing}" in capsys.readouterr().out
    assert run(cli_shop, "print", "template", "--language", "zh-TW", "--json") == 0
    shown = json.loads(capsys.readouterr().out)["template"]
    assert (shown["closing"], shown["greeting"]) == (closing, "{dear}{name}：")
    assert run(cli_shop, "print", "template", "--json") == 0  # the shop's language: Lithuanian
    assert json.loads(capsys.readouterr().out)["template"]["closing"] == "Laukiame Jūsų vėl!"
    assert run(cli_shop, "print", "template", "--language", "klingon", "--set", "closing", "x") == 1
    assert capsys.readouterr().err.startswith("error: The letters are written in en, lt")

    ona = cli_shop.ona
    assert run(cli_shop, "customer", "edit", ona, "--salutation", "Brangioji Ona,") == 0
    assert "Ona Žemaitė's letters now greet: Brangioji Ona," in capsys.readouterr().out
    out = tmp_path / "letters.pdf"
    assert run(cli_shop, "print", "letters", "--month", cli_shop.month, "--out", str(out)) == 0
    capsys.readouterr()
    assert "Brangioji Ona," in page_texts(out)[0] and "Dear Ona" not in page_texts(out)[0]

    # Another change with it: both are saved, one JSON object comes out.
    assert run(cli_shop, "customer", "edit", ona, "--email", "ona@example.lt", "--salutation", "",
               "--json") == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out)["card_number"] == ona
    assert customer_summary_email(cli_shop, ona) == "ona@example.lt"
    assert run(cli_shop, "customer", "edit", ona, "--salutation", "x" * 121) == 1
    assert capsys.readouterr().err.startswith("error:")
    assert run(cli_shop, "print", "letters", "--month", cli_shop.month, "--reprint",
               "--out", str(out)) == 0  # fmt: skip
    assert "Dear Ona," in page_texts(out)[0]  # back to the rules (Ona's language is English)



def customer_summary_email(shop: CliShop, card: str) -> str | None:
    from shopkeeper.services.summary import customer_summary

    db = open_database(shop.path)
    try:
        return customer_summary(db, card).email
    finally:
        db.dispose()
