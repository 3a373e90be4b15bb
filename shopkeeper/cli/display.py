"""Can the window open here? Asked before Qt is touched: without a display Qt's xcb plugin
aborts the process (SIGABRT, "could not connect to display"), which no ``except`` can catch."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

from shopkeeper.i18n import _

X11_SOCKETS = Path("/tmp/.X11-unix")
_LOCAL_X = re.compile(r"^(?:unix)?:(\d+)(?:\.\d+)?$")



def display_problem(
    env: Mapping[str, str] | None = None,
    *,
    platform: str | None = None,
    x11_sockets: Path = X11_SOCKETS,
) -> str | None:
    """Why the window cannot open (one line), or None when it can (or when we cannot tell).

    Only Linux and the BSDs need a display server; ``QT_QPA_PLATFORM`` (offscreen, vnc...)
    means the caller chose a platform itself. A local X display (":0") whose socket is missing
    counts as no display too.
    """
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if not (platform.startswith("linux") or "bsd" in platform):
        return None
    if env.get("QT_QPA_PLATFORM") or env.get("WAYLAND_DISPLAY"):
        return None
    display = env.get("DISPLAY", "")
    if not display:
        return _no_display()
    local = _LOCAL_X.match(display)
    if local and not (x11_sockets / f"X{local.group(1)}").exists():
        return _("{problem} (DISPLAY={display} does not answer)").format(
            problem=_no_display(), display=display
        )
    return None


def _no_display() -> str:
    return _(
        "error: no display found, so the window cannot open here; use the command line instead "
        "(shopkeeper --help), or run the window on a desktop session"
    )
