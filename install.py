"""Install Shopkeeper for this user and open the demo shop: ``python3 install.py``.

Made for a stock system Python, where the obvious ways fail: Debian 12 and Ubuntu 24.04 refuse
``pip install`` into the system Python (PEP 668, "externally-managed-environment"), and their
``python3 -m venv`` fails unless the python3-venv package is installed (they ship ensurepip
apart). So this script, with the standard library only:

1. creates a private virtual environment in the user's data folder without pip
   (``~/.local/share/Shopkeeper/venv`` on Linux), or reuses the one an earlier run made;
2. gives it pip: ``ensurepip`` where the system has it, else pip's own wheel from PyPI (checked
   against the SHA-256 PyPI publishes), which pip can install itself from;
3. installs this folder with its window (``.[gui]``) there, upgrading in place on a re-run;
4. writes a ``shopkeeper`` launcher into ``~/.local/bin`` and, on Linux, the menu entry with its
   icon (``shopkeeper install-shortcut``);
5. opens the demo shop (``shopkeeper --demo``) when there is a desktop session.

Options: ``--no-launch`` (or ``SHOPKEEPER_NO_LAUNCH=1``) stops before step 5; ``--venv DIR`` and
``--bin-dir DIR`` choose other places. Running it again is safe: it upgrades what is there.
"""

from __future__ import annotations

import argparse
import ctypes.util
import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
import venv
from pathlib import Path

APP = "Shopkeeper"
SOURCE = Path(__file__).resolve().parent
PIP_JSON = "https://pypi.org/pypi/pip/json"
LAUNCHER_MARK = "# Shopkeeper's launcher, written by install.py"
WINDOWS = sys.platform == "win32"


class Failed(Exception):
    """A step that cannot go on; its message is the one line the user sees."""


def say(text: str) -> None:
    print(f"==> {text}", flush=True)


def data_dir() -> Path:
    """The user data folder the program itself uses (as ``platformdirs.user_data_dir``)."""
    if WINDOWS:
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / APP
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP
    xdg = os.environ.get("XDG_DATA_HOME", "").strip()
    return (Path(xdg) if xdg else Path.home() / ".local" / "share") / APP


def venv_python(env: Path) -> Path:
    return env / ("Scripts/python.exe" if WINDOWS else "bin/python")


def venv_script(env: Path) -> Path:
    return env / ("Scripts/shopkeeper.exe" if WINDOWS else "bin/shopkeeper")


def run(command: list[str | Path], *, quiet: bool = False) -> bool:
    """Run a command; True when it succeeded. ``quiet`` hides its output (an attempt)."""
    output = subprocess.DEVNULL if quiet else None
    return subprocess.run([str(c) for c in command], stdout=output, stderr=output).returncode == 0


def python_version(python: Path) -> str | None:
    try:
        result = subprocess.run(
            [str(python), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
        )
    except OSError:
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def ensure_venv(env: Path) -> Path:
    """The environment's Python: reused when it runs this Python's version, else made anew."""
    python = venv_python(env)
    here = "{}.{}".format(*sys.version_info[:2])
    if python_version(python) == here:
        say(f"Upgrading the installation in {env}")
        return python
    if env.exists():
        if not (env / "pyvenv.cfg").is_file():
            raise Failed(f"{env} exists and is not a virtual environment; move it away first.")
        say(f"Replacing the environment in {env} (made for another Python than {here})")
        shutil.rmtree(env)
    say(f"Creating a private Python environment in {env}")
    env.parent.mkdir(parents=True, exist_ok=True)
    try:
        venv.EnvBuilder(with_pip=False, symlinks=not WINDOWS).create(env)
    except Exception as error:  # noqa: BLE001 - say what went wrong in one line
        raise Failed(f"could not create {env}: {error}") from None
    if python_version(python) != here:
        raise Failed(f"the new environment in {env} does not start; see the messages above.")
    return python


def fetch_pip_wheel(folder: Path) -> Path:
    """pip's newest wheel from PyPI, its SHA-256 checked against PyPI's record."""
    with urllib.request.urlopen(PIP_JSON, timeout=60) as response:
        release = json.load(response)
        base = response.geturl()  # a mirror may list its files relative to the JSON
    wheels = [u for u in release["urls"] if u["filename"].endswith("-py3-none-any.whl")]
    if not wheels:
        raise Failed("PyPI lists no pip wheel right now; try again later.")
    wheel = wheels[0]
    target = folder / wheel["filename"]
    with urllib.request.urlopen(urllib.parse.urljoin(base, wheel["url"]), timeout=120) as response:
        data = response.read()
    if hashlib.sha256(data).hexdigest() != wheel["digests"]["sha256"]:
        raise Failed("the pip download does not match PyPI's checksum; try again.")
    target.write_bytes(data)
    return target


def ensure_pip(python: Path) -> None:
    if run([python, "-m", "pip", "--version"], quiet=True):
        return
    say("Setting up pip in it")
    if run([python, "-m", "ensurepip", "--upgrade", "--default-pip"], quiet=True) and run(
        [python, "-m", "pip", "--version"], quiet=True
    ):
        return
    say("This Python has no ensurepip (Debian and Ubuntu keep it in python3-venv): fetching pip")
    with tempfile.TemporaryDirectory() as folder:
        try:
            wheel = fetch_pip_wheel(Path(folder))
        except OSError as error:
            raise Failed(f"could not download pip ({error}); check the network.") from None
        # A pip wheel can run itself: <wheel>/pip installs the wheel into this environment.
        if not run([python, f"{wheel}/pip", "install", "--no-index", "-q", wheel]):
            raise Failed("pip could not be installed into the environment; see above.")


def install_package(python: Path) -> None:
    say("Installing Shopkeeper and its window (Qt: about 200 MB the first time)")
    if not run(
        [python, "-m", "pip", "install", "--upgrade", "--disable-pip-version-check",
         "--no-warn-script-location", f"{SOURCE}[gui]"]
    ):  # fmt: skip
        raise Failed("the installation did not finish; see pip's messages above.")


def write_launcher(bin_dir: Path, script: Path) -> Path:
    """``bin_dir/shopkeeper``: a two-line shell script that starts the environment's command."""
    launcher = bin_dir / "shopkeeper"
    if launcher.is_symlink() or (launcher.exists() and LAUNCHER_MARK not in _head(launcher)):
        say(f"Replacing the earlier {launcher}")
    bin_dir.mkdir(parents=True, exist_ok=True)
    partial = bin_dir / ".shopkeeper.partial"
    partial.write_text(
        f"#!/bin/sh\n{LAUNCHER_MARK}: starts the installation in {script.parent.parent}\n"
        f'exec {shlex.quote(str(script))} "$@"\n',
        encoding="utf-8",
    )
    partial.chmod(0o755)
    os.replace(partial, launcher)
    return launcher


def _head(path: Path) -> str:
    try:
        return path.read_bytes()[:200].decode("utf-8", "replace")
    except OSError:
        return ""


def has_display() -> bool:
    if WINDOWS or sys.platform == "darwin":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def launch(command: Path) -> int:
    say(f"Opening the demo shop: {command} --demo")
    code = subprocess.call([str(command), "--demo"])
    if code != 0 and sys.platform.startswith("linux") and not ctypes.util.find_library(
        "xcb-cursor"
    ):
        print(
            "If the window did not open: Qt needs libxcb-cursor0 on X11 "
            "(sudo apt install libxcb-cursor0), then run: shopkeeper --demo",
            file=sys.stderr,
        )
    return code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="install.py",
        description="Install Shopkeeper for this user (a private environment, a launcher and a "
        "menu entry), then open the demo shop. Safe to run again: it upgrades in place.",
    )
    parser.add_argument("--no-launch", action="store_true", help="install only; open nothing")
    parser.add_argument("--venv", type=Path, help="the environment's folder "
                        f"(default: {data_dir() / 'venv'})")  # fmt: skip
    parser.add_argument("--bin-dir", type=Path, help="where the launcher goes "
                        "(default: ~/.local/bin; not used on Windows)")  # fmt: skip
    args = parser.parse_args(argv)
    if sys.version_info < (3, 11):  # noqa: UP036 - this runs on whatever python3 is there
        print(f"error: Shopkeeper needs Python 3.11 or newer; this is {sys.version.split()[0]}.",
              file=sys.stderr)  # fmt: skip
        return 1
    env = (args.venv or data_dir() / "venv").expanduser().absolute()
    try:
        python = ensure_venv(env)
        ensure_pip(python)
        install_package(python)
    except Failed as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    script = venv_script(env)
    command = script
    if not WINDOWS:
        bin_dir = (args.bin_dir or Path.home() / ".local" / "bin").expanduser().absolute()
        command = write_launcher(bin_dir, script)
        say(f"Launcher: {command}")
        on_path = [Path(p).absolute() for p in os.environ.get("PATH", "").split(os.pathsep) if p]
        if bin_dir not in on_path:
            print(f"    {bin_dir} is not on your PATH yet: log out and in again (Debian and "
                  f"Ubuntu add it at login once it exists), or start {command}")  # fmt: skip
    if sys.platform.startswith("linux") and not run([script, "install-shortcut"]):
        print("warning: the menu entry could not be written (see above)", file=sys.stderr)
    print(f"Shopkeeper is installed. Start it with: {'shopkeeper' if not WINDOWS else script}")
    if args.no_launch or os.environ.get("SHOPKEEPER_NO_LAUNCH") == "1":
        return 0
    if not has_display():
        print("No desktop session here, so no window: run `shopkeeper --demo` from one.")
        return 0
    return launch(command)


if __name__ == "__main__":
    sys.exit(main())
