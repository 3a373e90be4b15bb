"""The table models, checked by Qt's model tester and by what they show."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from shopkeeper.services import notes, rewards, visits
from shopkeeper.services.search import search_customers
from shopkeeper.services.summary import customer_summary
from shopkeeper.ui.models.base import ObjectRole, SortRole
from shopkeeper.ui.models.customers import POINTS, SearchResultsModel
from shopkeeper.ui.models.notes import NotesModel
from shopkeeper.ui.models.rewards import AffordableModel, CatalogueModel
from shopkeeper.ui.models.visits import VisitsModel
from tests.old_notes import old_scored_note


def cell(model, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, column), role)


def test_search_results_model(qtmodeltester, db, shop) -> None:
    model = SearchResultsModel()
    model.set_rows(search_customers(db, "jon"))
    qtmodeltester.check(model, force_py=True)
    names = [cell(model, row, 0) for row in range(model.rowCount())]
    assert names == ["Jonas Jonaitis"]
    assert cell(model, 0, POINTS) == "50"  # the welcome bonus
    assert cell(model, 0, POINTS, SortRole) == 50
    assert cell(model, 0, 0, ObjectRole).card_number == shop.jonas
    model.set_rows(search_customers(db, "小明"))
    assert [cell(model, r, 0) for r in range(model.rowCount())] == ["王小明"]
    qtmodeltester.check(model, force_py=True)


def test_visits_model_strikes_out_an_undone_visit(qtmodeltester, db, shop, clock) -> None:
    first = visits.record_visit(db, card_number=shop.ona, amount_cents=1250)
    clock.advance(hours=1)
    visits.record_visit(db, card_number=shop.ona, amount_cents=700)
    visits.reverse_visit(db, visit_id=first.visit_id)
    model = VisitsModel()
    model.set_rows(customer_summary(db, shop.ona).recent_visits)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 2
    assert [cell(model, 1, c) for c in range(1, 4)] == ["12.50", "+12 points", "undone"]
    assert cell(model, 1, 1, Qt.ItemDataRole.FontRole).strikeOut()
    assert cell(model, 0, 3) == ""
    assert cell(model, 0, 0) == datetime(2026, 11, 16, 11, tzinfo=UTC).astimezone().strftime(
        "%Y-%m-%d %H:%M"
    )


def test_notes_model_marks_open_problems_and_pins(qtmodeltester, db, shop) -> None:
    notes.add_note(
        db, card_number=shop.ona, text="rye loaf\nsliced", kind="preference", pinned=True
    )
    notes.add_note(db, card_number=shop.ona, text="cake was dry", kind="problem")
    old_scored_note(db, shop.ona, "lovely", 9)  # written when notes had scores
    model = NotesModel()
    model.set_rows(customer_summary(db, shop.ona).notes)
    qtmodeltester.check(model, force_py=True)
    rows = {cell(model, r, 2): r for r in range(model.rowCount())}
    assert set(rows) == {"rye loaf / sliced", "cake was dry", "lovely"}
    assert cell(model, rows["lovely"], 3) == "9/10"
    assert cell(model, rows["cake was dry"], 1) == "problem, open"
    assert cell(model, rows["rye loaf / sliced"], 1) == "preference, pinned"
    assert cell(model, rows["cake was dry"], 0, Qt.ItemDataRole.FontRole).bold()
    assert cell(model, rows["lovely"], 0, Qt.ItemDataRole.BackgroundRole) is None


def test_reward_models(qtmodeltester, db, shop) -> None:
    catalogue = CatalogueModel()
    catalogue.set_rows(rewards.list_rewards(db))
    qtmodeltester.check(catalogue, force_py=True)
    assert [cell(catalogue, r, 0) for r in range(catalogue.rowCount())] == [
        "Free coffee",
        "Cake of your choice",
        "10 EUR off",
    ]
    assert cell(catalogue, 0, 1) == "100 points"
    assert cell(catalogue, 0, 2) == "2.50"
    visits.record_visit(db, card_number=shop.ona, amount_cents=9000)
    affordable = AffordableModel()
    affordable.set_rows(customer_summary(db, shop.ona).affordable)
    qtmodeltester.check(affordable, force_py=True)
    assert [cell(affordable, r, 0) for r in range(affordable.rowCount())] == ["Free coffee"]
    assert catalogue.headerData(0, Qt.Orientation.Horizontal) == "Reward"
