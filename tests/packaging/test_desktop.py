"""``shopkeeper install-shortcut``: a valid freedesktop entry and the icons, per user, and gone
again with ``--uninstall``."""

from __future__ import annotations

import configparser
import json
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from shopkeeper.cli import desktop
from shopkeeper.cli.main import main
from shopkeeper.resources import ICON_SIZES

pytestmark = pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="freedesktop only")


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    return home / "xdg-data"


def read_entry(path: Path) -> configparser.ConfigParser:
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # keys are case-sensitive in desktop entries
    entry.read_string(path.read_text(encoding="utf-8"))
    return entry


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def validate(path: Path) -> None:
    """``desktop-file-validate`` (desktop-file-utils; .ci/test installs it) where present."""
    tool = shutil.which("desktop-file-validate")
    if tool:
        result = subprocess.run([tool, str(path)], capture_output=True, text=True)
        assert result.returncode == 0 and "error" not in result.stdout, result.stdout


def test_install_writes_a_valid_entry_and_icons_then_uninstall_removes_them(
    data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["install-shortcut"]) == 0
    assert "Menu entry:" in capsys.readouterr().out
    path = data_home / "applications" / "shopkeeper.desktop"
    entry = read_entry(path)["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Shopkeeper"
    assert entry["Exec"] == desktop.this_installation()[0]  # this very installation
    assert Path(entry["Exec"]).is_file()
    assert entry["Icon"] == "shopkeeper"
    assert "Office" in entry["Categories"].split(";")
    assert entry["Terminal"] == "false"
    assert read_entry(path)["Desktop Action demo"]["Exec"].endswith(" --demo")
    validate(path)
    hicolor = data_home / "icons" / "hicolor"
    for size in ICON_SIZES:
        assert png_size(hicolor / f"{size}x{size}" / "apps" / "shopkeeper.png") == (size, size)
    assert "<svg" in (hicolor / "scalable" / "apps" / "shopkeeper.svg").read_text()

    assert main(["install-shortcut"]) == 0  # again: the same files, nothing beside them
    assert sorted(p.name for p in path.parent.iterdir()) == ["shopkeeper.desktop"]

    assert main(["install-shortcut", "--uninstall"]) == 0
    assert f"{len(ICON_SIZES) + 1} icons" in capsys.readouterr().out
    assert not path.exists()
    assert not list(hicolor.rglob("shopkeeper.*"))
    assert main(["install-shortcut", "--uninstall"]) == 0
    assert "nothing to remove" in capsys.readouterr().out


def test_a_program_path_with_spaces_and_percent_is_quoted_for_exec(
    data_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    program = tmp_path / "my apps" / "shop 100%" / "shopkeeper"
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\n", encoding="utf-8")
    program.chmod(0o755)
    assert main(["install-shortcut", "--exec", str(program), "--json"]) == 0
    written = json.loads(capsys.readouterr().out)
    assert written["command"] == [str(program)]
    path = Path(written["desktop_file"])
    entry = read_entry(path)["Desktop Entry"]
    assert entry["Exec"] == '"' + str(program).replace("%", "%%") + '"'
    validate(path)


def test_exec_quoting_escapes_what_the_spec_reserves() -> None:
    assert desktop.exec_value(["/opt/shop/shopkeeper"]) == "/opt/shop/shopkeeper"
    # `$` escaped inside the quotes, then every backslash doubled by the string-value escaping.
    assert desktop.exec_value(["/a $b/c", "-m"]) == '"/a \\\\$b/c" -m'


def test_an_exec_that_is_no_program_is_refused(
    data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["install-shortcut", "--exec", "/nowhere/shopkeeper"]) == 1
    assert capsys.readouterr().err.startswith("error: --exec")
    assert not (data_home / "applications").exists()
