"""The store's prebuilt Core statements run straight on the SQLite driver connection (the embedded profile).

Why: through SQLAlchemy's async layer a statement costs about 100 µs here (the greenlet bridge, the execution
context, the result objects) against about 30 µs on the driver, and more again when the router has idled while
Rasa answered (cold caches: about 175 µs saved a statement, measured). A bot turn makes ten such statements in its
two units of work, all on the path the bruker waits on.

What stays SQLAlchemy's: the statements are still defined once, as Core, in store.py, and compiled here by
SQLAlchemy's own compiler for SQLite, with SQLAlchemy's own type processors for the values that go in and come
out; each runs on the unit of work's own connection, so in its transaction, and a driver error becomes the
SQLAlchemy exception a session would have raised (an IntegrityError stays an IntegrityError). A statement that
needs SQLAlchemy at execution time (a Python-side column default or onupdate) is not run here: ``compile`` says
so and the caller uses the session.
"""

from __future__ import annotations

import sqlite3
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError, NoResultFound
from sqlalchemy.sql import ClauseElement

__all__ = ["CompiledStatement", "DriverResult", "SqliteStatements"]

# Prebuilt statements times the sets of columns they are run with; a bound, so a statement built per call by
# mistake cannot grow the cache without end (it is then compiled each time, still correct).
_MAX_CACHED = 512


@dataclass(frozen=True)
class CompiledStatement:
    sql: str
    names: tuple[str, ...]  # the bound values' names in the order of the SQL's ? marks
    defaults: Mapping[str, Any]  # values the statement carries itself (``.values(state="running")``)
    processors: Mapping[str, Callable[[Any], Any]]  # SQLAlchemy's bind processors (datetimes, JSON, booleans)
    row_type: type[tuple[Any, ...]] | None  # a named tuple of the returned columns, or None when none return
    results: tuple[Callable[[Any], Any] | None, ...]  # SQLAlchemy's result processors, per returned column

    def arguments(self, params: Mapping[str, Any]) -> list[Any]:
        values = []
        for name in self.names:
            value = params[name] if name in params else self.defaults[name]
            process = self.processors.get(name)
            values.append(value if process is None else process(value))  # None too, as SQLAlchemy does
        return values

    def row(self, raw: Sequence[Any]) -> tuple[Any, ...]:
        assert self.row_type is not None
        return self.row_type(*(value if process is None else process(value)
                               for process, value in zip(self.results, raw, strict=True)))


class DriverResult:
    """The part of SQLAlchemy's Result the store uses with these statements: first(), scalar(), scalar_one(),
    rowcount."""

    def __init__(self, rows: list[tuple[Any, ...]], rowcount: int) -> None:
        self._rows = rows
        self.rowcount = rowcount

    def first(self) -> tuple[Any, ...] | None:
        return self._rows[0] if self._rows else None

    def scalar(self) -> Any:
        return self._rows[0][0] if self._rows else None

    def scalar_one(self) -> Any:
        if len(self._rows) != 1:
            raise NoResultFound(f"expected one row, got {len(self._rows)}")
        return self._rows[0][0]


class SqliteStatements:
    """Compiles each prebuilt statement once per set of given columns, and runs it on an aiosqlite connection."""

    def __init__(self, dialect: Dialect) -> None:
        self._dialect = dialect
        self._cache: dict[tuple[ClauseElement, frozenset[str]], CompiledStatement | None] = {}

    def compile(self, statement: ClauseElement, keys: frozenset[str]) -> CompiledStatement | None:
        """The statement for these bound names, or None when it needs SQLAlchemy at execution (column defaults)."""
        cache_key = (statement, keys)
        if cache_key in self._cache:
            return self._cache[cache_key]
        compiled = self._compile(statement, keys)
        if len(self._cache) < _MAX_CACHED:
            self._cache[cache_key] = compiled
        return compiled

    def _compile(self, statement: ClauseElement, keys: frozenset[str]) -> CompiledStatement | None:
        dialect = self._dialect
        compiled: Any = statement.compile(dialect=dialect, column_keys=sorted(keys))
        if compiled.insert_prefetch or compiled.update_prefetch or compiled.positiontup is None:
            return None
        binds = compiled.binds
        processors = {}
        for name in compiled.positiontup:
            process = binds[name].type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                processors[name] = process
        defaults = {name: bind.effective_value for name, bind in binds.items() if not bind.required}
        columns = list(getattr(statement, "exported_columns", ()))
        row_type = namedtuple("Row", [c.key for c in columns], rename=True) if columns else None  # type: ignore[misc]
        results = tuple(column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns)
        return CompiledStatement(compiled.string, tuple(compiled.positiontup), defaults, processors, row_type,
                                 results)

    async def execute(self, connection: Any, compiled: CompiledStatement,
                      params: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> DriverResult:
        """Run ``compiled`` on ``connection`` (aiosqlite), once with a mapping or once per mapping of a list."""
        try:
            if isinstance(params, Mapping):
                arguments: Any = compiled.arguments(params)
                cursor = await connection.execute(compiled.sql, arguments)
            else:
                arguments = [compiled.arguments(each) for each in params]
                cursor = await connection.executemany(compiled.sql, arguments)
            try:
                raw = await cursor.fetchall() if compiled.row_type is not None else []
                rowcount = cursor.rowcount
            finally:
                await cursor.close()
        except sqlite3.Error as error:
            # As a session would raise it: the store catches IntegrityError (a retried message) and OperationalError.
            # Without the values, like the engine (db.create_engine, hide_parameters): they are the words of the
            # chat, and an error's text ends up in the log (probe 98: a locked database logged a bruker's message).
            raise DBAPIError.instance(compiled.sql, arguments, error, sqlite3.Error, hide_parameters=True) from error
        return DriverResult([compiled.row(row) for row in raw], rowcount)
