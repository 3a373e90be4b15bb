"""A reward for any product of a category: stored, edited, listed, and said on the voucher."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from shopkeeper.cli.main import main
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.printing.vouchers import write_voucher
from shopkeeper.services import cards, rewards, settings_admin
from shopkeeper.services.customers import create_customer
from shopkeeper.services.visits import record_visit
from shopkeeper.storage.database import Database
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.settings.view import SettingsView
from tests.printing.helpers import page_texts


def test_a_category_reward_is_listed_redeemed_and_printed_as_any_bread(
    db: Database, tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    loaf = rewards.add_reward(db, name="A free loaf", points_cost=60, category="bread")
    assert loaf.category == "bread"
    assert next(r for r in rewards.list_rewards(db) if r.id == loaf.id).category == "bread"
    ona = create_customer(db, name="Ona Žemaitė", language="en").card_number
    record_visit(db, card_number=ona, amount_cents=2000)
    code = rewards.redeem_reward(db, card_number=ona, reward_id=loaf.id).voucher_code
    assert rewards.find_voucher(db, code).category == "bread"
    out = tmp_path / "voucher.pdf"
    write_voucher(cards.voucher_print(db, code), out)
    text = page_texts(out)[0]
    assert "A free loaf" in text and "For any bread" in text
    capsys.readouterr()
    assert main(["--db", str(db_path), "rewards"]) == 0
    assert "A free loaf (any bread)" in capsys.readouterr().out


def test_an_edit_keeps_or_clears_the_category(db: Database) -> None:
    loaf = rewards.add_reward(db, name="A free loaf", points_cost=60, category="bread")
    common = dict(name="A free loaf", points_cost=70, value_cents=0, valid_days=90,
                  min_tier_id=None, active=True, cause=None)  # fmt: skip
    assert settings_admin.update_reward(db, loaf.id, **common).category == "bread"
    assert settings_admin.update_reward(db, loaf.id, **common, category=None).category is None
    with pytest.raises(InvalidInput, match="too long"):
        rewards.add_reward(db, name="Cake", points_cost=10, category="c" * 61)


def test_the_rewards_tab_sets_the_category(qtbot, db: Database) -> None:  # noqa: ANN001
    view = SettingsView(Operations(db))
    qtbot.addWidget(view)
    tab = view.rewards
    coffee = next(r for r in rewards.list_rewards(db) if r.name == "Free coffee")
    tab.table.selectRow([r.id for r in tab._rewards].index(coffee.id))
    assert tab.category.text() == ""
    tab.category.setText("coffee")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert next(r for r in rewards.list_rewards(db) if r.id == coffee.id).category == "coffee"
    tab.name.setText("Free cake")
    tab.category.setText("cake")
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert {r.name: r.category for r in rewards.list_rewards(db)}["Free cake"] == "cake"
