"""The README's run command, its install part: ``python3 install.py`` from a clean clone, as a new
user (an empty HOME) on a Python whose ensurepip is missing, as on Debian 12 and Ubuntu 24.04
without the python3-venv package. It downloads from PyPI and takes a minute or two:
``SHOPKEEPER_SKIP_INSTALL_TEST=1`` skips it (.ci/test runs it once, in its first run)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(
        os.environ.get("SHOPKEEPER_SKIP_INSTALL_TEST") == "1",
        reason="SHOPKEEPER_SKIP_INSTALL_TEST=1 (slow, downloads from PyPI)",
    ),
    pytest.mark.skipif(sys.platform == "win32" or not shutil.which("git"), reason="POSIX + git"),
]

NO_ENSUREPIP = 'raise ModuleNotFoundError("No module named \'ensurepip\'", name="ensurepip")\n'


def system_python() -> str:
    """The interpreter the tests' environment was made from (``python3`` of the machine)."""
    return os.path.realpath(getattr(sys, "_base_executable", sys.executable))


def new_user_env(home: Path, shim: Path, *, display: bool) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SHOPKEEPER_", "QT_", "XDG_", "VIRTUAL_ENV", "PYTHON"))
        and k not in ("DISPLAY", "WAYLAND_DISPLAY", "HOME", "PATH")
    }
    # pip's download cache of the real user: the same files, fetched once per machine.
    cache = os.environ.get("PIP_CACHE_DIR") or str(Path.home() / ".cache" / "pip")
    env.update(HOME=str(home), PATH="/usr/bin:/bin", PYTHONPATH=str(shim), PIP_CACHE_DIR=cache)
    if display:
        env["DISPLAY"] = ":99"  # a session the installer sees; --no-launch keeps it shut
    return env


def install(clone: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [system_python(), "install.py", *args],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def set_version(clone: Path, old: str, new: str) -> None:
    for name in ("pyproject.toml", "shopkeeper/__init__.py"):
        path = clone / name
        text = path.read_text(encoding="utf-8")
        assert f'version = "{old}"' in text or f'__version__ = "{old}"' in text
        path.write_text(text.replace(f'"{old}"', f'"{new}"', 1), encoding="utf-8")


def test_install_py_from_a_clean_clone_then_again_as_an_upgrade(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    home = tmp_path / "home"
    home.mkdir()
    shim = tmp_path / "no-ensurepip"
    (shim / "ensurepip").mkdir(parents=True)
    (shim / "ensurepip" / "__init__.py").write_text(NO_ENSUREPIP, encoding="utf-8")
    import shopkeeper

    version = shopkeeper.__version__

    first = install(clone, new_user_env(home, shim, display=True), "--no-launch")
    assert "no ensurepip" in first.stdout  # pip came from its own wheel
    env_dir = home / ".local" / "share" / "Shopkeeper" / "venv"
    launcher = home / ".local" / "bin" / "shopkeeper"
    assert (env_dir / "pyvenv.cfg").is_file()
    assert "Opening the demo shop" not in first.stdout
    user = dict(new_user_env(home, shim, display=False), QT_QPA_PLATFORM="offscreen")
    started = subprocess.run([launcher, "--version"], env=user, capture_output=True, text=True)
    assert started.returncode == 0, started.stderr
    assert started.stdout == f"shopkeeper {version}\n"
    entry = (home / ".local/share/applications/shopkeeper.desktop").read_text()
    assert f"Exec={env_dir / 'bin' / 'shopkeeper'}\n" in entry
    assert (home / ".local/share/icons/hicolor/48x48/apps/shopkeeper.png").is_file()
    # The installed copy is whole: migrations build a shop, fonts print, Qt's PDF module loads.
    shop, pdf = tmp_path / "shop.db", tmp_path / "c.pdf"
    for command in (
        ["--db", str(shop), "demo", "--customers", "40", "--months", "2"],
        ["--db", str(shop), "print", "cards", "--since", "2000-01-01", "--out", str(pdf)],
    ):
        done = subprocess.run([launcher, *command], env=user, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    assert pdf.read_bytes()[:5] == b"%PDF-"
    python = env_dir / "bin" / "python"
    subprocess.run([python, "-c", "import PySide6.QtPdfWidgets"], env=user, check=True)

    # Run again after an update of the source: the same environment, upgraded in place. No
    # --no-launch this time: without a desktop session it says so and opens nothing.
    set_version(clone, version, f"{version}.post1")
    second = install(clone, new_user_env(home, shim, display=False))
    assert f"Upgrading the installation in {env_dir}" in second.stdout
    assert "No desktop session here" in second.stdout
    again = subprocess.run([launcher, "--version"], env=user, capture_output=True, text=True)
    assert again.stdout == f"shopkeeper {version}.post1\n"
    site = next((env_dir / "lib").glob("python3.*/site-packages"))
    assert [p.name for p in site.glob("shopkeeper-*.dist-info")] == [
        f"shopkeeper-{version}.post1.dist-info"
    ]
    assert len(list((home / ".local/share/applications").iterdir())) == 1
