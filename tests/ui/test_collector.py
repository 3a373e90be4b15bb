"""Cycles holding Qt objects are freed on the GUI thread, never on a worker thread."""

from __future__ import annotations

import gc
import threading
import time
import weakref

from PySide6.QtCore import QObject

from shopkeeper.ui import collector


class Holder:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the cyclic collector frees it
        self.timer_owner = QObject()


def test_a_cycle_made_and_dropped_on_a_worker_is_freed_by_the_gui_threads_timer(qtbot, qapp) -> None:  # noqa: ANN001, E501
    keeper = collector.install(qapp)
    assert not gc.isenabled()  # no collection may start on whatever thread allocates
    freed_on: list[str] = []
    refs: list[weakref.ref] = []

    def work() -> None:
        holder = Holder()
        weakref.finalize(holder, lambda: freed_on.append(threading.current_thread().name))
        refs.append(weakref.ref(holder))
        del holder
        for _ in range(50_000):  # allocations that would have triggered a collection here
            [object()]

    worker = threading.Thread(target=work, name="worker")
    worker.start()
    while worker.is_alive():  # a timed join never times out under libfaketime: poll
        qtbot.wait(5)
    # The GUI thread's timer may already have collected it while the worker ran (under
    # libfaketime a second passes quickly); what must never happen is a worker collection.
    assert "worker" not in freed_on
    gc.set_threshold(*keeper.threshold)
    keeper.threshold = (0, 0, 0)  # the next tick collects every generation
    try:
        qtbot.waitUntil(lambda: freed_on != [], timeout=5_000)
    finally:
        keeper.threshold = gc.get_threshold()
    assert freed_on == [threading.main_thread().name]


def test_a_tick_while_someone_types_waits_for_the_pause_after_it(qtbot, qapp) -> None:  # noqa: ANN001
    """A key in the counter's search field holds the collector: the pause of a collection
    falls after the scan's profile is painted, not between the scan and the profile."""
    keeper = collector.install(qapp)
    freed: list[float] = []
    holder = Holder()
    weakref.finalize(holder, lambda: freed.append(time.monotonic()))
    del holder
    saved = keeper.threshold
    keeper.threshold = (0, 0, 0)  # any tick collects every generation
    try:
        collector.hold(0.3)
        held_at = time.monotonic()
        keeper.tick()
        assert freed == []  # held: nothing collected during the typing
        qtbot.waitUntil(lambda: freed != [], timeout=3_000)
        assert freed[0] - held_at >= 0.25  # collected in the quiet after it
    finally:
        keeper.threshold = saved
