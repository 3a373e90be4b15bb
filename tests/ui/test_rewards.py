"""Redeeming at the counter: confirmation, the voucher code, the balance."""

from __future__ import annotations

import pytest

from shopkeeper.services import visits
from shopkeeper.services.ledger import ledger
from shopkeeper.services.rewards import find_voucher, redeem_reward
from shopkeeper.ui import dialogs
from shopkeeper.ui.main_window import MainWindow
from tests.ui.test_booking import open_customer


@pytest.fixture
def rich_ona(db, shop) -> str:
    visits.record_visit(db, card_number=shop.ona, amount_cents=22000)  # 50 + 220 = 270 points
    return shop.ona


def test_redeem_asks_then_shows_the_voucher_and_the_lower_balance(
    qtbot,
    window: MainWindow,
    db,
    rich_ona: str,
    monkeypatch,
) -> None:
    questions: list[str] = []
    monkeypatch.setattr(dialogs, "ask", lambda _p, _t, q: questions.append(q) or True)
    voucher_codes: list[str] = []
    window.counter_view.profile.voucher_issued.connect(voucher_codes.append)
    open_customer(qtbot, window, rich_ona)
    panel = window.counter_view.profile.rewards
    rewards = [panel.model.option(row).name for row in range(panel.model.rowCount())]
    assert rewards == ["Free coffee", "Cake of your choice"]
    panel.table.selectRow(1)
    panel.redeem.click()
    assert questions == [
        "Redeem “Cake of your choice” for 250 points?\n\nOna Žemaitė has 270; 20 will be left."
    ]
    assert window.counter_view.profile.balance.text() == "20"
    assert len(voucher_codes) == 1
    code = voucher_codes[0]
    assert panel.voucher.text() == (
        f"Voucher {code[:5]}-{code[5:]} · Cake of your choice · valid until 2027-02-14 · balance 20"
    )
    assert find_voucher(db, code).reward_name == "Cake of your choice"
    assert [(e.kind, e.points) for e in ledger(db, rich_ona)][-1] == ("redemption", -250)
    assert panel.model.rowCount() == 0
    assert "Nothing to redeem yet with 20 points" in panel.empty.text()


def test_saying_no_redeems_nothing(
    qtbot, window: MainWindow, db, rich_ona: str, monkeypatch
) -> None:
    monkeypatch.setattr(dialogs, "ask", lambda *_args: False)
    open_customer(qtbot, window, rich_ona)
    window.counter_view.profile.rewards.redeem.click()
    assert window.counter_view.profile.balance.text() == "270"
    assert [e.kind for e in ledger(db, rich_ona)] == ["welcome_bonus", "visit"]
    assert window.counter_view.profile.rewards.voucher.text() == ""


def test_not_enough_points_is_a_message_not_a_crash(
    qtbot,
    window: MainWindow,
    db,
    rich_ona: str,
    monkeypatch,
) -> None:
    open_customer(qtbot, window, rich_ona)
    panel = window.counter_view.profile.rewards
    panel.table.selectRow(1)

    def another_till_spends_first(*_args: object) -> bool:
        redeem_reward(db, card_number=rich_ona, reward_id=panel.model.option(0).id)  # 100 points
        return True

    monkeypatch.setattr(dialogs, "ask", another_till_spends_first)
    panel.redeem.click()
    assert panel.voucher.text() == "Not enough points: this needs 250, the balance is 170."
    assert window.counter_view.profile.balance.text() == "170"  # refreshed from the change
    assert [e.kind for e in ledger(db, rich_ona)].count("redemption") == 1
