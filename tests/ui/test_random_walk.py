"""A seeded random walk: at least 500 things a shopkeeper does in a day (typing and scanning at
the counter, bookings, undo, redemptions, vouchers, every screen, menus and their dialogs,
corrections, month-end), on a small demo shop. It fails on any exception that reaches
``sys.excepthook`` or the log, on a customer whose balance differs from their ledger, and on a
window that stops answering (a timer posted after each step must run within seconds).

A failure names its seed and step; ``SHOPKEEPER_WALK_SEED=<seed>`` replays it exactly (the
shop's clock is a fake one and the demo shop is built from a seed too).
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import text

from shopkeeper.services.privacy import ERASED_CARD
from shopkeeper.storage.database import Database
from shopkeeper.ui import dialogs
from shopkeeper.ui.main_window import MainWindow
from shopkeeper.ui.reports import screen as reports_screen

from .conftest import scan, send_key, type_text
from .crawling import (
    answers,
    balances_off_ledger,
    close_dialogs,
    menu_actions,
    open_dialogs,
    watching,
)
from .test_crawl import (  # noqa: F401 - fixtures
    demo_db,
    demo_window,
    settle,
)

ERASED_PREFIX = ERASED_CARD.split("{")[0]  # an erased customer's placeholder card
STEPS = 520
SEED = int(os.environ.get("SHOPKEEPER_WALK_SEED", "20261130"))
STALL_SECONDS = 3.0  # a step whose posted timer waits longer: the window stopped answering


@dataclass
class Shop:
    cards: list[str]
    fragments: list[str]
    vouchers: list[str]


def shop_facts(db: Database) -> Shop:
    with db.engine.connect() as connection:
        rows = connection.execute(text("SELECT card_number, name, phone FROM customer")).all()
        vouchers = connection.execute(text("SELECT voucher_code FROM redemption")).scalars().all()
    fragments = []
    for _card, name, phone in rows:
        words = name.split()
        fragments.append(words[-1][:4].lower())
        fragments.append(words[0])
        if phone:
            fragments.append("".join(ch for ch in phone if ch.isdigit())[-4:])
    return Shop([r[0] for r in rows], fragments, list(vouchers))


class Walker:
    """One user, acting at random but reproducibly; each action is a method named for it."""

    def __init__(self, qtbot, window: MainWindow, db: Database, rng: random.Random) -> None:  # noqa: ANN001
        self.qtbot = qtbot
        self.window = window
        self.db = db
        self.rng = rng
        self.shop = shop_facts(db)
        self.menu = [
            (name, action)
            for name, action in menu_actions(window)
            if not name.endswith("Quit") and not name.startswith("View")
        ]
        self.views = [a for name, a in menu_actions(window) if name.startswith("View")]
        self.done: list[str] = []

    # -- helpers ---------------------------------------------------------------------------
    def focus(self) -> QWidget:
        return QApplication.focusWidget() or self.window

    def counter(self) -> None:
        if self.window.current_view() != "counter":
            self.window.show_view("counter")

    def profile_open(self) -> bool:
        return (
            self.window.current_view() == "counter"
            and self.window.counter_view.page() == "profile"
            and self.window.counter.profile.summary is not None
        )

    # -- actions ---------------------------------------------------------------------------
    def type_search(self) -> None:
        self.counter()
        self.window.counter.focus_search()
        field = self.window.counter_view.lookup.search
        field.selectAll()
        pick = self.rng.random()
        if pick < 0.6:
            words = self.rng.choice(self.shop.fragments)
        elif pick < 0.8:
            words = self.rng.choice(self.shop.cards)[: self.rng.randint(3, 9)]
        elif pick < 0.9 and self.shop.vouchers:
            words = self.rng.choice(self.shop.vouchers)
        else:
            words = self.rng.choice(["zemaite", "xx", "王", "12", "a", "  ", "Ž"])
        type_text(field, words)
        if self.rng.random() < 0.6:
            self.qtbot.keyClick(field, Qt.Key.Key_Return)

    def scan_card(self) -> None:
        self.counter()
        self.window.counter.focus_search()
        scan(self.window.counter_view.lookup.search, self.rng.choice(self.shop.cards))

    def escape(self) -> None:
        self.qtbot.keyClick(self.focus(), Qt.Key.Key_Escape)

    def type_digits_where_focus_is(self) -> None:
        widget = self.focus()
        for ch in str(self.rng.randint(1, 999)):
            send_key(widget, Qt.Key(ord(ch)), ch, 0)

    def book(self) -> None:
        if not self.profile_open():
            return self.scan_card()
        booking = self.window.counter_view.profile.booking
        booking.amount.setFocus()
        booking.amount.selectAll()
        amount = self.rng.choice(
            ["12.50", "7", "3,20", "45", "0.99", "abc", "0", "-5", "99999", "", "18.4"]
        )
        type_text(booking.amount, amount)
        self.qtbot.keyClick(booking.amount, Qt.Key.Key_Return)
        if self.rng.random() < 0.15:  # a double Enter
            self.qtbot.keyClick(booking.amount, Qt.Key.Key_Return)

    def undo(self) -> None:
        undo = self.window.counter_view.profile.booking.undo
        if self.profile_open() and undo.isVisible() and undo.isEnabled():
            undo.click()

    def redeem(self) -> None:
        if not self.profile_open():
            return self.scan_card()
        rewards = self.window.counter_view.profile.rewards
        rows = rewards.table.model().rowCount() if rewards.table.model() else 0
        if not rows:
            return
        rewards.table.selectRow(self.rng.randrange(rows))
        if rewards.redeem.isEnabled():
            rewards.redeem.click()

    def use_voucher(self) -> None:
        self.qtbot.keyClick(self.focus(), Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)

    def new_customer(self) -> None:
        self.qtbot.keyClick(self.focus(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        if self.rng.random() < 0.5:
            self.escape()

    def switch_screen(self) -> None:
        self.rng.choice(self.views).trigger()

    def choose_report(self) -> None:
        self.window.show_view("reports")
        view = self.window.reports_view.content
        view.choice.setCurrentIndex(self.rng.randrange(view.choice.count()))
        if self.rng.random() < 0.2 and view.all_button.isVisible():
            view.all_button.click()

    def menu_action(self) -> None:
        name, action = self.rng.choice(self.menu)
        self.done[-1] += f" ({name})"
        if "Customer" in name and not self.profile_open() and self.rng.random() < 0.7:
            self.scan_card()
            settle(self.qtbot, self.window)
        action.trigger()
        settle(self.qtbot, self.window)
        self.work_in_dialog()

    def work_in_dialog(self) -> None:
        """Do something in the dialog that opened, or just close it."""
        from PySide6.QtWidgets import QDialogButtonBox

        from shopkeeper.ui.customers.correction import CorrectionDialog
        from shopkeeper.ui.month_end import MonthEndDialog

        for dialog in open_dialogs():
            if isinstance(dialog, CorrectionDialog):
                dialog.points.setValue(self.rng.choice([-500, -3, 5, 40]))
                type_text(dialog.reason, self.rng.choice(["", "card forgotten", "  "]))
                save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
                if save.isEnabled():
                    save.click()
            elif isinstance(dialog, MonthEndDialog) and self.rng.random() < 0.5:
                self.qtbot.waitUntil(lambda d=dialog: d.preview is not None, timeout=10_000)
                if dialog.run_button.isEnabled():
                    dialog.run_button.click()
        close_dialogs(self.qtbot)

    def fill_and_save_form(self) -> None:
        """Whatever the customer form shows (new or edit): give it a name if it has none,
        then Save, as a shopkeeper in a hurry does."""
        if self.window.current_view() != "counter" or self.window.counter_view.page() != "form":
            return self.new_customer()
        form = self.window.counter_view.form
        if not form.name.text().strip():
            type_text(form.name, self.rng.choice(["Rūta Petraitė", "李娜", "Tom Hale"]))
        form.save.click()

    def wait_a_while(self) -> None:
        self.db.clock.advance(minutes=self.rng.choice([1, 5, 30, 240]))

    ACTIONS: tuple[tuple[str, int], ...] = (
        ("type_search", 16),
        ("scan_card", 10),
        ("escape", 8),
        ("type_digits_where_focus_is", 4),
        ("book", 16),
        ("undo", 6),
        ("redeem", 6),
        ("use_voucher", 3),
        ("new_customer", 3),
        ("fill_and_save_form", 3),
        ("switch_screen", 8),
        ("choose_report", 3),
        ("menu_action", 8),
        ("wait_a_while", 3),
    )

    def step(self) -> str:
        names = [name for name, _w in self.ACTIONS]
        weights = [w for _n, w in self.ACTIONS]
        name = self.rng.choices(names, weights)[0]
        self.done.append(name)
        action: Callable[[], None] = getattr(self, name)
        action()
        return self.done[-1]


def cards_not_of_the_shop(db: Database) -> list[str]:
    """Card numbers that are not the shop's digits (typed search text saved as a card)."""
    with db.engine.connect() as connection:
        cards = connection.execute(text("SELECT card_number FROM customer")).scalars().all()
    return [c for c in cards if not c.isdigit() and not c.startswith(ERASED_PREFIX)]


def answers_from(rng: random.Random, shop: Shop) -> dict[str, Callable]:
    """The user's answers to the window's questions (through ``ui.dialogs``)."""
    return {
        "ask": lambda *_a, **_k: rng.random() < 0.6,
        "inform": lambda *_a, **_k: None,
        "get_text": lambda *_a, **_k: rng.choice(
            [None, "", "NOT-A-CODE", *(shop.vouchers[-3:] or ["X"])]
        ),
        "save_path": lambda *_a, **_k: None,
    }


def walk(qtbot, window: MainWindow, db: Database, monkeypatch, seed: int) -> Walker:  # noqa: ANN001
    rng = random.Random(seed)
    walker = Walker(qtbot, window, db, rng)
    for name, fake in answers_from(rng, walker.shop).items():
        monkeypatch.setattr(dialogs, name, fake)
    monkeypatch.setattr(reports_screen, "ask_save_path", lambda *_a: None)
    slowest = 0.0
    with watching(monkeypatch) as watch:
        for number in range(1, STEPS + 1):
            watch.step = f"seed {seed}, step {number}"
            did = walker.step()
            watch.step += f": {did}"
            settle(qtbot, window)
            waited = answers(qtbot, within_ms=int(STALL_SECONDS * 1000) * 3)
            slowest = max(slowest, waited)
            assert waited < STALL_SECONDS, f"{watch.step}: the window stopped answering"
            if number % 20 == 0 or did in ("undo", "redeem") or did.startswith("menu"):
                off = balances_off_ledger(db)
                assert not off, f"{watch.step}: balance differs from the ledger: {off[:5]}"
            if did == "fill_and_save_form":
                bad = cards_not_of_the_shop(db)
                assert not bad, f"{watch.step}: text saved as a card number: {bad}"
            if watch.problems:
                break
        close_dialogs(qtbot)
    assert not watch.problems, f"seed {seed}\n" + watch.report()
    assert balances_off_ledger(db) == []
    assert len(walker.done) == STEPS
    return walker


def test_a_long_day_at_the_counter(qtbot, demo_window, demo_db, monkeypatch) -> None:  # noqa: ANN001, F811
    walker = walk(qtbot, demo_window, demo_db, monkeypatch, SEED)
    assert {"book", "undo", "redeem", "type_search", "menu_action"} <= {
        k.split(" ")[0] for k in walker.done
    }
