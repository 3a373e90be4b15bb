"""The one path from the window to the data, and the last line of defence."""

from __future__ import annotations

import sys
import threading

import pytest

from shopkeeper.domain.errors import NotEnoughPoints, ShopkeeperError
from shopkeeper.services import visits
from shopkeeper.services.ledger import ledger
from shopkeeper.services.search import search_customers
from shopkeeper.ui import dialogs, errors
from shopkeeper.ui.operations import Change, Operations


@pytest.fixture
def operations(qtbot, db):
    ops = Operations(db)
    yield ops
    ops.shutdown()


def test_a_write_tells_every_screen_once(operations: Operations, db, shop) -> None:
    changes: list[Change] = []
    operations.changed.connect(changes.append)
    booked = operations.write(
        visits.record_visit, what="visit", card_number=shop.ona, amount_cents=1000
    )
    assert booked is not None and booked.points_balance == 60
    assert changes == [Change("visit", shop.ona)]


def test_a_refused_write_is_a_message_and_changes_nothing(operations: Operations, db, shop) -> None:
    changes: list[Change] = []
    failures: list[str] = []
    operations.changed.connect(changes.append)
    operations.failed.connect(failures.append)
    result = operations.write(
        visits.record_visit, what="visit", card_number="999999999", amount_cents=1000
    )
    assert result is None
    assert failures == ["No customer has card number '999999999'."]
    assert changes == []
    inline: list[ShopkeeperError] = []
    operations.write(
        visits.record_visit,
        what="visit",
        card_number=shop.ona,
        amount_cents=-5,
        on_error=inline.append,
    )
    assert [type(e).__name__ for e in inline] == ["InvalidInput"]
    assert failures == ["No customer has card number '999999999'."]  # shown inline instead
    assert [line.kind for line in ledger(db, shop.ona)] == ["welcome_bonus"]


def test_background_results_arrive_on_the_gui_thread(qtbot, operations: Operations, shop) -> None:
    seen: list[tuple[list[str], bool]] = []

    def done(hits: list) -> None:
        seen.append(([h.name for h in hits], threading.current_thread() is threading.main_thread()))

    operations.background(search_customers, "jonas", on_done=done)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [(["Jonas Jonaitis"], True)]


def test_background_refusal_and_crash(qtbot, operations: Operations, monkeypatch, tmp_path) -> None:
    refusals: list[str] = []
    operations.background(
        lambda _db: (_ for _ in ()).throw(NotEnoughPoints(100, 40)),
        on_done=lambda _r: None,
        on_error=lambda e: refusals.append(str(e)),
    )
    qtbot.waitUntil(lambda: bool(refusals))
    assert refusals == ["Not enough points: this needs 100, the balance is 40."]

    hooked: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, v, tb: hooked.append(f"{t.__name__}: {v}"))
    operations.background(lambda _db: 1 / 0, on_done=lambda _r: None)
    qtbot.waitUntil(lambda: bool(hooked))
    assert hooked == ["ZeroDivisionError: division by zero"]


def test_an_unexpected_error_is_logged_and_apologised_for(monkeypatch) -> None:
    told: list[str] = []
    monkeypatch.setattr(dialogs, "inform", lambda _p, _t, message, **_k: told.append(message))
    try:
        raise RuntimeError("the oven caught fire")
    except RuntimeError:
        errors.handle_exception(*sys.exc_info())
    log = errors.log_path()
    assert log.exists()
    text = log.read_text(encoding="utf-8")
    assert "RuntimeError: the oven caught fire" in text
    assert "Traceback" in text
    assert len(told) == 1
    assert str(log) in told[0]
    assert told[0].startswith("Sorry, something unexpected went wrong.")
