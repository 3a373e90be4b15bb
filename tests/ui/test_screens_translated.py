"""The customer list, the merge dialog, the backups screen and the table models speak the shop's
language when the catalog has their words: every word is marked and looked up when shown (not
at import), counts take the language's plural form, and money the shop's format, through the
shipped catalogs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer

from shopkeeper import i18n
from shopkeeper.present.numbers import Numbers
from shopkeeper.services import visits
from shopkeeper.services.summary import customer_summary
from shopkeeper.ui.customers.list_view import CustomerListView
from shopkeeper.ui.customers.merge import MergeView
from shopkeeper.ui.data import BackupsView
from shopkeeper.ui.models.customer_list import NAME, SPENT
from shopkeeper.ui.models.visits import AMOUNT, VisitsModel
from shopkeeper.ui.operations import Operations
from tests.ui.conftest import Shop, type_text

FRAGMENT = Path(__file__).parents[2] / "i18n" / "fragments" / "i10-rest.json"


@pytest.fixture
def speaking(catalogs) -> Iterator[object]:  # noqa: ANN001
    """The shipped catalogs; ``speaking(tag)`` switches the process language."""
    yield i18n.set_language


def test_the_fragment_is_complete_for_every_language() -> None:
    entries = json.loads(FRAGMENT.read_text(encoding="utf-8"))
    assert len(entries) > 200
    for entry in entries:
        plural = "msgid_plural" in entry
        assert isinstance(entry["lt"], list if plural else str), entry["msgid"]
        if plural:
            assert len(entry["lt"]) == 3 and len(entry["zh_Hans"]) == len(entry["zh_Hant"]) == 1


def test_the_customer_list_in_lithuanian(qtbot, db, shop: Shop, speaking) -> None:  # noqa: ANN001
    visits.record_visit(db, card_number=shop.jonas, amount_cents=1250)
    speaking("lt")
    view = CustomerListView(Operations(db))
    qtbot.addWidget(view)
    model = view.model
    assert model.headerData(NAME, Qt.Orientation.Horizontal) == "Vardas, pavardė"
    assert view.total_label.text() == "5 klientai"  # 2–9: the "few" form
    assert view.at_risk.text() == "Gali būti prarasti"
    row = [model.row_at(r).card_number for r in range(model.rowCount())].index(shop.jonas)
    assert model.index(row, SPENT).data() == "12,50\u00a0€"
    view.search.setFocus()
    type_text(view.search, "Jon")
    qtbot.waitUntil(lambda: view.total_label.text() == "1 klientas", timeout=5000)
    view.search.clear()
    view.archived.setCurrentIndex(view.archived.findData("all"))
    assert view.total_label.text() == "5 klientai"


def test_chinese_plurals_and_the_merge_dialog(qtbot, db, shop: Shop, speaking) -> None:  # noqa: ANN001
    speaking("zh-Hant")
    view = MergeView(Operations(db), shop.ona)
    qtbot.addWidget(view)
    assert view.swap.text() == "改為保留另一張卡"
    view.search.setFocus()
    type_text(view.search, "Jonas")  # found as typed, without Enter and without a timer
    assert [t for t in view.findChildren(QTimer) if t.isActive()] == []
    qtbot.waitUntil(lambda: view.results.count() == 1, timeout=5000)
    assert view.results.item(0).text().endswith("50 點")
    view.results.setCurrentRow(0)
    assert "合併後：" in view.summary.text() and "點" in view.summary.text()
    speaking("zh-Hans")
    list_view = CustomerListView(Operations(db))
    qtbot.addWidget(list_view)
    assert list_view.total_label.text() == "5 位顾客"


def test_the_backups_screen_in_lithuanian(qtbot, db, speaking) -> None:  # noqa: ANN001
    speaking("lt")
    view = BackupsView(Operations(db))
    qtbot.addWidget(view)
    assert view.backup_button.text() == "Daryti atsarginę kopiją dabar"
    assert view.table.horizontalHeaderItem(1).text() == "Kodėl"


def test_models_show_money_in_the_shops_format_once_they_know_it(db, shop: Shop) -> None:  # noqa: ANN001
    visits.record_visit(db, card_number=shop.ona, amount_cents=123_456 // 2)
    model = VisitsModel()
    model.set_rows(customer_summary(db, shop.ona).recent_visits)
    assert model.index(0, AMOUNT).data() == "617.28"  # no shop known: a plain number
    model.set_numbers(Numbers.for_shop("LT", "EUR"))
    assert model.index(0, AMOUNT).data() == "617,28\u00a0€"
    model.set_numbers(Numbers.for_shop("CN", "CNY"))
    assert model.index(0, AMOUNT).data() == "CN¥617.28"
