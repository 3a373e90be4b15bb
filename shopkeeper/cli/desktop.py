"""``shopkeeper install-shortcut [--uninstall]``: a menu entry and icon for this user (freedesktop:
``$XDG_DATA_HOME/applications`` and ``$XDG_DATA_HOME/icons/hicolor``; no root needed).

The entry starts the very installation that wrote it (the bundle's executable, the virtual
environment's ``shopkeeper`` script, or this Python with ``-m shopkeeper``), so a shop that keeps
two installations gets the one it asked for.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from shopkeeper.cli.output import emit_json
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.i18n import _, ngettext
from shopkeeper.resources import ICON_SIZES, ICONS

APP_ID = "shopkeeper"  # the .desktop file's name, the icon's name and Qt's desktopFileName
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")  # Exec arguments holding these must be quoted


@dataclass(frozen=True)
class Shortcut:
    desktop_file: Path
    icons: list[Path] = field(default_factory=list)
    command: list[str] = field(default_factory=list)


def data_home() -> Path:
    """``$XDG_DATA_HOME`` when set to an absolute path (the spec ignores relative ones), else
    ``~/.local/share``."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def this_installation() -> list[str]:
    """The command that starts the installation running now."""
    if getattr(sys, "frozen", False):  # a PyInstaller bundle
        return [str(Path(sys.executable).resolve())]
    script = Path(sys.prefix) / "bin" / "shopkeeper"
    if script.is_file():
        return [str(script)]
    return [str(Path(sys.executable).resolve()), "-m", "shopkeeper"]


def exec_value(command: list[str]) -> str:
    """``command`` as a desktop entry's Exec value: arguments with reserved characters in double
    quotes (with ``"`` `` ` `` ``$`` ``\\`` escaped), then the string-value escaping of the
    backslash, and ``%`` doubled (a lone one would be a field code)."""
    parts = []
    for arg in command:
        if any(c in _RESERVED for c in arg) or not arg:
            arg = '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'
        parts.append(arg.replace("%", "%%"))
    return " ".join(parts).replace("\\", "\\\\")


def desktop_entry(command: list[str]) -> str:
    run = exec_value(command)
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Version=1.4",
            "Name=Shopkeeper",
            "GenericName=Loyalty Programme",
            "Comment=Stamp cards, points and rewards for a small shop",
            f"Exec={run}",
            f"Icon={APP_ID}",
            "Terminal=false",
            "Categories=Office;Finance;",
            "Keywords=loyalty;points;stamp card;customers;rewards;",
            "StartupNotify=true",
            "StartupWMClass=Shopkeeper",
            "Actions=demo;",
            "",
            "[Desktop Action demo]",
            "Name=Open the Demo Shop",
            f"Exec={run} --demo",
            "",
        ]
    )


def _places(home: Path) -> tuple[Path, list[tuple[Path, Path]]]:
    """The desktop file, and (source, target) of each icon file."""
    hicolor = home / "icons" / "hicolor"
    icons = [
        (ICONS / f"{APP_ID}-{size}.png", hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png")
        for size in ICON_SIZES
    ]
    icons.append((ICONS / f"{APP_ID}.svg", hicolor / "scalable" / "apps" / f"{APP_ID}.svg"))
    return home / "applications" / f"{APP_ID}.desktop", icons


def _write(path: Path, data: bytes) -> None:
    """Write under a temporary name, then rename: a desktop never reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def install_shortcut(command: list[str], home: Path) -> Shortcut:
    desktop_file, icons = _places(home)
    for source, target in icons:
        _write(target, source.read_bytes())
    _write(desktop_file, desktop_entry(command).encode("utf-8"))
    return Shortcut(desktop_file, [target for _source, target in icons], command)


def uninstall_shortcut(home: Path) -> Shortcut:
    """Remove the entry and the icons (those present); nothing there is not an error."""
    desktop_file, icons = _places(home)
    removed = [p for p in [desktop_file] + [t for _s, t in icons] if p.is_file()]
    for path in removed:
        path.unlink()
    return Shortcut(desktop_file, [p for p in removed if p != desktop_file], [])


def install_shortcut_command(args: argparse.Namespace) -> int:
    if sys.platform in ("win32", "darwin"):
        raise InvalidInput(
            _(
                "install-shortcut writes a freedesktop menu entry (Linux and BSD desktops); "
                "on Windows and macOS pin the program from its folder instead."
            )
        )
    home = data_home()
    if args.uninstall:
        existed = (home / "applications" / f"{APP_ID}.desktop").is_file()
        result = uninstall_shortcut(home)
        if args.json:
            emit_json({"removed": existed, "desktop_file": str(result.desktop_file)})
        elif existed or result.icons:
            print(
                ngettext(
                    "Removed the menu entry {file} and {n} icon.",
                    "Removed the menu entry {file} and {n} icons.",
                    len(result.icons),
                ).format(file=result.desktop_file, n=len(result.icons))
            )
        else:
            print(_("There was no Shopkeeper menu entry for this user; nothing to remove."))
        return 0
    command = [args.exec] if args.exec else this_installation()
    if args.exec and not shutil.which(args.exec):
        raise InvalidInput(
            _("--exec {program} is not a program that can be started.").format(
                program=repr(args.exec)
            )
        )
    result = install_shortcut(command, home)
    if args.json:
        emit_json(
            {
                "desktop_file": str(result.desktop_file),
                "icons": [str(icon) for icon in result.icons],
                "command": result.command,
            }
        )
    else:
        print(_("Menu entry: {file}").format(file=result.desktop_file))
        print(_("It starts: {command}").format(command=" ".join(result.command)))
        print(
            _("Icons: {n} under {folder}").format(
                n=len(result.icons), folder=home / "icons" / "hicolor"
            )
        )
    return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    help_text = _("add Shopkeeper to this user's application menu, with its icon (no root needed)")
    p = sub.add_parser(
        "install-shortcut", parents=[common], help=help_text, description=help_text
    )
    p.set_defaults(handler=install_shortcut_command)
    p.add_argument("--uninstall", action="store_true", help=_("remove the entry and its icons"))
    p.add_argument(
        "--exec", metavar="PATH", help=_("the program the entry starts (default: this one)")
    )
