"""Till programs the crash tests run as separate processes.

``python -m tests.data.tills book DB TAG CARD...``: books visits in a loop, printing
``visit <visit id> <request id>`` after each booking returns (the acknowledgement).

``python -m tests.data.tills mixed DB TAG START ROUNDS REWARD CARD...``: from the wall-clock time
START on, books and redeems on the given customers in turn, printing each outcome; anything but
a booking, a redemption or "not enough points" is printed as ``ERROR`` and ends the program
with exit code 1.
"""

from __future__ import annotations

import sys
import time

from shopkeeper.domain.errors import NotEnoughPoints
from shopkeeper.services.rewards import redeem_reward
from shopkeeper.services.visits import record_visit
from shopkeeper.storage.database import Database


def book(path: str, tag: str, cards: list[str]) -> None:
    db = Database.open(path)
    i = 0
    while True:
        request = f"{tag}-{i}"
        booked = record_visit(
            db, card_number=cards[i % len(cards)], amount_cents=100 + i % 997, request_id=request
        )
        print(f"visit {booked.visit_id} {request}", flush=True)
        i += 1


def mixed(path: str, tag: str, start: float, rounds: int, reward: int, cards: list[str]) -> int:
    db = Database.open(path)
    while time.monotonic() < start:  # one system-wide clock for both tills, not the date
        time.sleep(0.005)
    for i in range(rounds):
        card = cards[i % len(cards)]
        try:
            if i % 2 == 0:
                request = f"{tag}-{i}"
                booked = record_visit(db, card_number=card, amount_cents=1_500, request_id=request)
                print(f"visit {booked.visit_id} {request} {booked.points_earned}", flush=True)
            else:
                done = redeem_reward(db, card_number=card, reward_id=reward)
                print(f"redeem {done.redemption_id} {done.voucher_code}", flush=True)
        except NotEnoughPoints:
            print("refused", flush=True)
        except Exception as error:  # noqa: BLE001 - reported to the test, which fails on it
            print(f"ERROR {type(error).__name__}: {error}", flush=True)
            return 1
    db.dispose()
    return 0


if __name__ == "__main__":
    command, path, tag, *rest = sys.argv[1:]
    if command == "book":
        book(path, tag, rest)
    else:
        start, rounds, reward, *cards = rest
        sys.exit(mixed(path, tag, float(start), int(rounds), int(reward), cards))
