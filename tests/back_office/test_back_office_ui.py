"""The settings screen and the customer list, driven like a person, checked against the data."""

from __future__ import annotations

from PySide6.QtCore import Qt

from shopkeeper.services import customer_list as cl
from shopkeeper.services import programme, rewards
from shopkeeper.ui import dialogs
from shopkeeper.ui.customers import list_view
from shopkeeper.ui.customers.list_view import CustomerListView
from shopkeeper.ui.models.customer_list import BALANCE, NAME, CustomerListModel
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.settings import SettingsView


def names(model) -> list[str]:  # noqa: ANN001
    return [model.index(r, NAME).data() for r in range(model.rowCount())]


def test_invalid_tier_order_refused_with_message_nothing_saved(qtbot, db) -> None:  # noqa: ANN001
    view = SettingsView(Operations(db))
    qtbot.addWidget(view)
    tab = view.tiers
    before = programme.load(db).tiers
    tab.table.selectRow(0)
    tab.table.setCurrentCell(0, 0)
    tab.move_selected(1)  # Silver above Bronze: thresholds no longer increase
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "must increase" in tab.message.text()
    assert programme.load(db).tiers == before


def test_valid_tier_change_saved_and_visible_after_reload(qtbot, db) -> None:  # noqa: ANN001
    ops = Operations(db)
    view = SettingsView(ops)
    qtbot.addWidget(view)
    tab = view.tiers
    tab.table.item(2, tab.NAME).setText("Auksas")
    tab.table.item(2, tab.THRESHOLD).setText("900")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "saved" in tab.message.text()
    assert programme.load(db).tiers[2].name == "Auksas"
    again = SettingsView(ops)
    qtbot.addWidget(again)
    assert again.tiers.table.item(2, tab.NAME).text() == "Auksas"
    assert again.tiers.table.item(2, tab.THRESHOLD).text() == "900"


def test_reward_deactivation_with_open_vouchers_asks(qtbot, db, list_shop, monkeypatch) -> None:  # noqa: ANN001
    coffee = next(r for r in rewards.list_rewards(db) if r.name == "Free coffee")
    rewards.redeem_reward(db, card_number=list_shop.jonas, reward_id=coffee.id)
    view = SettingsView(Operations(db))
    qtbot.addWidget(view)
    tab = view.rewards
    questions: list[str] = []
    answers = iter([False, True])
    monkeypatch.setattr(
        dialogs, "ask", lambda _p, _t, question: questions.append(question) or next(answers)
    )
    row = [r.id for r in tab._rewards].index(coffee.id)
    tab.table.selectRow(row)
    tab.active.setChecked(False)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "1 customer voucher" in questions[0]
    assert tab.message.text() == "Nothing was changed."
    assert coffee.id in {r.id for r in rewards.list_rewards(db)}
    tab.table.selectRow(row)
    tab.active.setChecked(False)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert len(questions) == 2
    assert coffee.id not in {r.id for r in rewards.list_rewards(db)}


def test_list_sorts_by_balance_from_the_header(qtbot, db, list_shop) -> None:  # noqa: ANN001
    view = CustomerListView(Operations(db))
    qtbot.addWidget(view)
    assert names(view.model) == ["Jonas Jonaitis", "Ona Žemaitė", "王小明", "陳美玲"]
    header = view.table.horizontalHeader()
    header.setSortIndicator(BALANCE, Qt.SortOrder.DescendingOrder)
    balances = [view.model.row_at(r).points_balance for r in range(view.model.rowCount())]
    assert balances == sorted(balances, reverse=True)
    assert names(view.model)[0] == "Jonas Jonaitis"
    header.setSortIndicator(BALANCE, Qt.SortOrder.AscendingOrder)
    assert names(view.model)[-1] == "Jonas Jonaitis"


def test_list_filters_show_exactly_the_expected(qtbot, db, list_shop) -> None:  # noqa: ANN001
    view = CustomerListView(Operations(db))
    qtbot.addWidget(view)
    view.at_risk.setChecked(True)  # worked out off the GUI thread
    qtbot.waitUntil(lambda: names(view.model) == ["Ona Žemaitė"], timeout=5000)
    assert view.total_label.text() == "1 customer"
    view.at_risk.setChecked(False)
    view.open_problem.setChecked(True)
    assert names(view.model) == ["王小明"]
    view.open_problem.setChecked(False)
    view.birthday.setChecked(True)
    view.consent.setChecked(True)
    assert names(view.model) == ["Ona Žemaitė"]
    view.birthday.setChecked(False)
    view.consent.setChecked(False)
    view.archived.setCurrentIndex(view.archived.findData("archived"))
    assert names(view.model) == ["John Smith (archived)"]
    view.archived.setCurrentIndex(view.archived.findData("active"))
    gold = view.tier.findText("Bronze")
    view.tier.setCurrentIndex(gold)
    assert names(view.model) == ["Ona Žemaitė", "王小明", "陳美玲"]
    view.tier.setCurrentIndex(0)
    view.search.setText("小明")
    qtbot.waitUntil(lambda: names(view.model) == ["王小明"], timeout=3000)


def test_lazy_fetch_grows_row_count(qtbot, db, list_shop, qtmodeltester) -> None:  # noqa: ANN001
    model = CustomerListModel(Operations(db), page_size=2)
    model.set_filter(cl.CustomerFilter(archived="all"))
    assert model.total == 5
    assert model.rowCount() == 2 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 4
    model.fetchMore()
    assert model.rowCount() == 5 and not model.canFetchMore()
    model.sort(BALANCE, Qt.SortOrder.DescendingOrder)
    assert model.rowCount() == 2  # a new ORDER BY starts again from its first page
    assert model.index(0, NAME).data() == "Jonas Jonaitis"
    assert model.all_card_numbers()[0] == list_shop.jonas
    qtmodeltester.check(model)


def test_selection_actions(qtbot, db, list_shop, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    view = CustomerListView(Operations(db))
    qtbot.addWidget(view)
    opened: list[str] = []
    view.open_customer.connect(opened.append)
    view.table.doubleClicked.emit(view.model.index(1, NAME))
    assert opened == [list_shop.ona]
    view.table.selectRow(0)
    target = tmp_path / "sel.csv"
    monkeypatch.setattr(list_view, "ask_csv_path", lambda _p, _s: str(target))
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    assert "Exported 1 customer to" in view.message.text()
    assert "Jonas Jonaitis" in target.read_text(encoding="utf-8-sig")
    view.all_matching.setChecked(True)
    qtbot.mouseClick(view.print_button, Qt.MouseButton.LeftButton)
    assert view.message.text() == "4 cards ready to print."
    dialog = view.windows.dialogs()[-1]
    qtbot.addWidget(dialog)
    assert dialog.preview.page_count() >= 1
