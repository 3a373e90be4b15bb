"""``ledger`` and ``note`` name a ledger entry's kind and a note's kind in the reader's
language; ``--json`` keeps the stored codes (a file format)."""

from __future__ import annotations

import json

from shopkeeper.cli.main import main


def run(capsys, *argv: str) -> str:  # noqa: ANN001
    capsys.readouterr()
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_ledger_and_note_print_the_kind_in_words(capsys, tmp_path) -> None:  # noqa: ANN001
    db = str(tmp_path / "shop.db")
    added = run(capsys, "--db", db, "customer", "add", "--name", "Ona Žemaitė", "--json")
    card = json.loads(added)["card_number"]
    run(capsys, "--db", db, "visit", card, "--amount", "12.50")

    english = run(capsys, "--db", db, "ledger", card)
    assert "Welcome bonus" in english and "Visit" in english and "welcome_bonus" not in english
    lithuanian = run(capsys, "--db", db, "--lang", "lt", "ledger", card)
    assert "Sveikinimo premija" in lithuanian and "Apsilankymas" in lithuanian
    taiwanese = run(capsys, "--db", db, "--lang", "zh-Hant", "ledger", card)
    assert "入會禮點數" in taiwanese and "消費" in taiwanese
    kinds = [line["kind"] for line in json.loads(run(capsys, "--db", db, "ledger", card, "--json"))]
    assert kinds == ["welcome_bonus", "visit"]

    said = run(capsys, "--db", db, "--lang", "lt", "note", card, "Nori pieno", "--problem")
    assert "problema" in said and "problem)" not in said
    assert "(problem)" in run(capsys, "--db", db, "note", card, "Wants milk", "--problem")
