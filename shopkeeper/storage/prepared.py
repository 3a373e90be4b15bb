"""Reads on the scan path, run on the driver's own cursor.

A scan reads a profile in up to eight small statements whose SQL takes 0.1 ms together. Through
``Connection.execute`` each cost 0.1–0.3 ms more: an execution context, events, a result
object. A ``Prepared`` statement is a Core ``select`` compiled once per dialect; each run binds
its parameters and converts its columns with the type processors SQLAlchemy itself would use
(dates and times stored as text on SQLite, booleans as 0/1), on the connection of the caller's
transaction. Its rows are named tuples, read as a ``Row`` is (``row.name``, ``row[0]``).

One statement, one definition: the same ``select`` still runs through ``Connection.execute``
anywhere else. A statement this cannot run as is (an expanding ``IN`` list, or a driver whose
parameters are neither ``?`` nor ``%(name)s``) runs through ``Connection.execute``, so its rows
are the same either way.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from sqlalchemy import Connection, Select
from sqlalchemy.engine import Dialect

Processor = Callable[[Any], Any] | None


class _Plan(NamedTuple):
    sql: str
    names: tuple[str, ...] | None  # the parameters in order (``?``), or None (``%(name)s``)
    fixed: dict[str, Any]  # values written into the statement (``kind == "visit"``)
    binds: dict[str, Processor]  # each parameter's conversion for the driver


class Prepared:
    """A Core ``select`` compiled once per dialect, run on the DBAPI cursor."""

    def __init__(self, statement: Select[Any]) -> None:
        self.statement = statement
        self.row = namedtuple(  # type: ignore[misc]  # noqa: PYI024 - built from the columns
            "Row", list(statement.selected_columns.keys()), rename=True
        )
        self._plans: dict[str, _Plan | None] = {}
        self._results: dict[str, list[Processor]] = {}

    def all(self, connection: Connection, params: Mapping[str, Any] | None = None) -> list[Any]:
        """The rows, inside the transaction of ``connection``."""
        dialect = connection.dialect
        key = dialect.name
        plan = self._plans[key] if key in self._plans else self._plan(dialect)
        if plan is None:
            return [self.row._make(r) for r in connection.execute(self.statement, params or {})]
        values = dict(plan.fixed)
        if params:
            values.update(params)
        for name, convert in plan.binds.items():
            if convert is not None and values.get(name) is not None:
                values[name] = convert(values[name])
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            if plan.names is None:
                cursor.execute(plan.sql, values)
            else:
                cursor.execute(plan.sql, [values[name] for name in plan.names])
            fetched = cursor.fetchall()
            results = self._results.get(key)
            if results is None:
                results = self._results[key] = self._result_processors(dialect, cursor)
        finally:
            cursor.close()
        make = self.row._make
        if not any(results):
            return [make(r) for r in fetched]
        return [make(map(_convert, results, r)) for r in fetched]

    def first(self, connection: Connection, params: Mapping[str, Any] | None = None) -> Any:
        rows = self.all(connection, params)
        return rows[0] if rows else None

    def scalars(self, connection: Connection, params: Mapping[str, Any] | None = None) -> list:
        return [row[0] for row in self.all(connection, params)]

    # -- compiling, once per dialect --------------------------------------------------------
    def _plan(self, dialect: Dialect) -> _Plan | None:
        compiled = self.statement.compile(dialect=dialect)
        positional = dialect.paramstyle == "qmark"
        runnable = (positional or dialect.paramstyle == "pyformat") and not (
            compiled.post_compile_params or compiled.literal_execute_params
        )
        plan = None
        if runnable:
            binds = compiled.binds
            plan = _Plan(
                sql=compiled.string,
                names=tuple(compiled.positiontup or ()) if positional else None,
                fixed={
                    name: bind.effective_value for name, bind in binds.items() if not bind.required
                },
                binds={
                    name: bind.type.dialect_impl(dialect).bind_processor(dialect)
                    for name, bind in binds.items()
                },
            )
        self._plans[dialect.name] = plan
        return plan

    def _result_processors(self, dialect: Dialect, cursor: Any) -> list[Processor]:
        """Each column's conversion from what the driver gives (SQLAlchemy's own)."""
        columns = self.statement.selected_columns
        return [
            column.type.dialect_impl(dialect).result_processor(dialect, described[1])
            for column, described in zip(columns, cursor.description, strict=True)
        ]


def _convert(processor: Processor, value: Any) -> Any:
    return value if processor is None or value is None else processor(value)
