"""The issue's command lines, as a user types them: the shop's own export imported back, another
shop's export, a Chinese teahouse's GBK file, and the choices a user makes on the way."""

from __future__ import annotations

from pathlib import Path

import pytest

from shopkeeper.bootstrap import open_database
from shopkeeper.services.demo import build_demo_shop
from tests.cli.test_cli import Cli
from tests.data.sheets import SIMPLIFIED, encode


@pytest.fixture
def cli(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(db_path, capsys)


def shown(cli: Cli, *cards: str) -> dict[str, tuple[str, str | None, int, int]]:
    found = {card: cli.json("customer", "show", card) for card in cards}
    return {
        card: (c["name"], c["phone"], c["points_balance"], c["visit_count"])
        for card, c in found.items()
    }


def test_export_customers_then_import_changes_nothing(cli: Cli, tmp_path: Path) -> None:
    ona = cli.json("customer", "add", "--name", "Ona Žemaitė", "--phone", "8 612 34567")
    cli("visit", ona["card_number"], "--amount", "12.50")
    cli("customer", "add", "--name", "王小明", "--email", "wang@example.cn")
    before = cli.snapshot()
    out = tmp_path / "c.csv"
    cli("export", "customers", "--out", str(out))
    for _ in range(2):
        said = cli("import", str(out))
        assert "Imported 0 new customers, updated 0, 2 unchanged, 0 skipped" in said
    after = cli.snapshot()
    assert {k: v for k, v in after.items() if k not in ("import_run", "setting")} == {
        k: v for k, v in before.items() if k not in ("import_run", "setting")
    }
    assert cli.json("customer", "show", ona["card_number"])["points_balance"] == 62


def test_another_shops_export_shows_conflicts_and_takes_choices(
    cli: Cli, tmp_path: Path, db_path: Path, clock  # noqa: ANN001 - FakeClock
) -> None:
    ona = cli.json("customer", "add", "--name", "Ona Žemaitė", "--phone", "8 612 34567")
    jonas = cli.json("customer", "add", "--name", "Jonas Jonaitis")
    other = open_database(tmp_path / "other.db", shop_name="Another")
    other.clock = clock
    build_demo_shop(other, customers=12, months=3, seed=5)
    other.dispose()
    path = tmp_path / "other.csv"
    cli("--db", str(tmp_path / "other.db"), "export", "customers", "--out", str(path))
    ours = shown(cli, ona["card_number"], jonas["card_number"])
    preview = cli("import", str(path), "--dry-run")
    assert "conflict: " in preview and f"(card {ona['card_number']}): new, card " in preview
    assert "--conflicts skip|update or --decide ROW=ACTION" in preview
    first_conflict = next(
        r for r in cli.json("import", str(path), "--dry-run")["rows"] if r["conflict"]
    )
    out = cli.json("import", str(path), "--conflicts", "skip",
                   "--decide", f"{first_conflict['row']}=new")  # fmt: skip
    assert out["conflicts"] == 2 and out["skipped"] == 1 and out["imported"] == 11
    assert shown(cli, *ours) == ours  # Ona and Jonas untouched
    message = cli.fails("import", str(path), "--decide", "2=merge")
    assert message == (
        "error: '2=merge' is not ROW=ACTION with a row number and one of new, skip, keep, update."
    )


def test_a_gbk_file_of_chinese_mobiles_on_a_lithuanian_shop(cli: Cli, tmp_path: Path) -> None:
    table = [list(r) for r in SIMPLIFIED]
    table[1][1], table[2][1], table[4][1] = "13800138003", "13900001111", "13722223333"
    path = tmp_path / "茶馆.csv"
    path.write_bytes(encode(table, "gbk"))
    preview = cli("import", str(path), "--dry-run")
    assert "Read 茶馆.csv as Chinese simplified (GBK), comma-separated." in preview
    assert (
        "3 phone numbers are not valid for LT but are for CN: import again with "
        "--phone-country CN to keep them." in preview
    )
    out = cli.json("import", str(path), "--phone-country", "CN")
    assert (out["imported"], out["warnings"], out["phone_country"]) == (4, 0, "CN")
    assert cli.json("customer", "find", "13800138003")[0]["name"] == "王小明"
    assert "not a country code" in cli.fails("import", str(path), "--phone-country", "ZZ")
