"""Turning service results into JSON or short human lines."""

from __future__ import annotations

import dataclasses
import json
import sys
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from shopkeeper.domain.calendar import local_date


def plain(value: Any) -> Any:
    """Dataclasses, dates and decimals as JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data = {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        for name in dir(type(value)):  # computed properties a script may want
            if isinstance(getattr(type(value), name, None), property) and not name.startswith("_"):
                data[name] = plain(getattr(value, name))
        return data
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    return value


def emit_json(value: Any) -> None:
    json.dump(plain(value), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def emit_change(value: Any, db: Any, staff: str | None = None) -> None:
    """A change's JSON with ``staff``: who did it (the name given, else the person at the
    till, else null in a shop without staff)."""
    data = plain(value)
    if isinstance(data, dict) and data.get("staff") is None:
        actor = getattr(db, "actor", None)
        data["staff"] = staff or (actor.name if actor is not None else None)
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def when(value: datetime | None) -> str:
    return local_date(value).isoformat() if value else "-"
