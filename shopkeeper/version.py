"""The version that runs, for ``shopkeeper --version`` and Help › About."""

from __future__ import annotations

from importlib import metadata

import shopkeeper


def installed_version() -> str:
    """The installed package's version (its metadata: what pip or the bundle recorded), or the
    source's own ``__version__`` when the code runs from a checkout that was never installed."""
    try:
        return metadata.version("shopkeeper")
    except metadata.PackageNotFoundError:
        return shopkeeper.__version__
