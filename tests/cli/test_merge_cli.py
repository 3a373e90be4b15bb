"""``shopkeeper customer merge KEEP OTHER``: a preview first, ``--yes`` to merge, the old card
leads to the kept one afterwards, and every mistake is one line with nothing changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shopkeeper.cli.main import main
from tests.cli.test_cli import REPO, Cli


class MergeCli(Cli):
    """``Cli``, where a success may carry the merged-card note on stderr (and nothing else)."""

    def __call__(self, *args: str, code: int = 0) -> str:
        self.capsys.readouterr()
        result = main(["--db", str(self.db_path), *args])
        out, err = self.capsys.readouterr()
        assert result == code, (out, err)
        if code == 0:
            assert err == "" or err.startswith("note: ") and err.count("\n") == 1, err
        self.err = err
        return out


@pytest.fixture
def cli(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return MergeCli(db_path, capsys)


@pytest.fixture
def cards(cli: Cli) -> tuple[str, str]:
    keep = cli.json("customer", "add", "--name", "Žemaitė Ona", "--phone", "861234567")
    other = cli.json(
        "customer", "add", "--name", "Zemaite Ona", "--email", "ona@example.lt"
    )
    cli("visit", other["card_number"], "--amount", "30")
    cli("note", other["card_number"], "likes rye bread", "--pin")
    return keep["card_number"], other["card_number"]


def test_without_yes_it_shows_what_would_move_and_changes_nothing(
    cli: Cli, cards: tuple[str, str]
) -> None:
    keep, other = cards
    before = cli.snapshot()
    out = cli("customer", "merge", keep, other, code=1)
    assert "KEEP" in out and keep in out and other in out
    assert "1 visit, 2 ledger entries (+80 points), 1 note" in out
    assert "Taken from the other card: email." in out
    assert cli.err == (
        f"error: A merge cannot be undone; nothing changed. Add --yes to merge card {other} "
        f"into card {keep}.\n"
    )
    assert cli.snapshot() == before
    plan = cli.json("customer", "merge", keep, other, "--dry-run")
    assert (plan["points_balance_after"], plan["visits"], plan["filled"]) == (130, 1, ["email"])
    assert cli.snapshot() == before


def test_merge_then_the_old_card_leads_to_the_kept_one(cli: Cli, cards: tuple[str, str]) -> None:
    keep, other = cards
    out = cli("customer", "merge", keep, other, "--yes")
    assert f"Merged card {other} into card {keep} (Žemaitė Ona)" in out
    assert "Now 130 points, 1 visit" in out
    shown = cli.json("customer", "show", other)
    assert cli.err == f"note: card {other} was merged into card {keep}.\n"
    assert (shown["card_number"], shown["points_balance"], shown["email"]) == (
        keep,
        130,
        "ona@example.lt",
    )
    assert [n["text"] for n in shown["pinned_notes"]] == ["likes rye bread"]
    booked = cli.json("visit", other, "--amount", "5")
    assert (booked["card_number"], booked["points_balance"]) == (keep, 135)
    assert f"(card {other} was merged into it)" in cli("customer", "find", other)
    ledger = cli.json("ledger", keep)
    assert ledger[-1]["balance_after"] == 135
    # the same merge again, and other mistakes: one line each, nothing changed
    assert cli.fails("customer", "merge", keep, other, "--yes") == (
        f"error: Card {other} was already merged into card {keep}."
    )
    assert "into themselves" in cli.fails("customer", "merge", keep, keep, "--yes")
    assert "No customer has card number" in cli.fails("customer", "merge", keep, "12", "--yes")
    assert "keep that card instead" in cli.fails("customer", "merge", other, keep, "--yes")


def test_merge_as_a_separate_process_speaks_json(tmp_path: Path, cli: Cli, cards) -> None:  # noqa: ANN001
    keep, other = cards
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "shopkeeper", "--db", str(cli.db_path), "customer", "merge"]
        + [keep, other, "--yes", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["card_number"], result["merged_card"], result["points_balance"]) == (
        keep,
        other,
        130,
    )
    assert result["plan"]["other"]["card_number"] == other
