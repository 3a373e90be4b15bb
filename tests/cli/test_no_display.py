"""A bare ``shopkeeper`` where no display is: one line that says so, and no SIGABRT."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from shopkeeper.cli.display import display_problem

ROOT = Path(__file__).resolve().parents[2]


def _run(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    clean.update(
        SHOPKEEPER_DATA_DIR=str(tmp_path / "data"),
        SHOPKEEPER_DB=str(tmp_path / "shop.db"),
        PYTHONPATH=str(ROOT),
        **env,
    )
    return subprocess.run(
        [sys.executable, "-m", "shopkeeper"],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a display server is Linux's")
def test_a_bare_shopkeeper_without_a_display_says_so_in_one_line(tmp_path: Path) -> None:
    done = _run(tmp_path)
    assert done.returncode == 1  # not -6 (SIGABRT)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "no display found" in lines[0] and "shopkeeper --help" in lines[0]
    assert not (tmp_path / "shop.db").exists()  # nothing was opened or created


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a display server is Linux's")
def test_a_display_that_is_not_there_is_no_display(tmp_path: Path) -> None:
    done = _run(tmp_path, DISPLAY=":97")
    assert done.returncode == 1
    assert "DISPLAY=:97 does not answer" in done.stderr.strip()


def test_which_environments_have_a_display(tmp_path: Path) -> None:
    sockets = tmp_path / "x11"
    sockets.mkdir()
    (sockets / "X0").touch()
    linux = {"platform": "linux", "x11_sockets": sockets}
    assert display_problem({}, **linux) is not None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, **linux) is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, **linux) is None
    assert display_problem({"DISPLAY": ":0"}, **linux) is None
    assert display_problem({"DISPLAY": ":1"}, **linux) is not None
    assert display_problem({"DISPLAY": "localhost:10.0"}, **linux) is None  # ssh -X: Qt decides
    assert display_problem({}, platform="win32") is None
    assert display_problem({}, platform="darwin") is None
