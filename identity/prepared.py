"""Hot statements compiled once per dialect and run on the cursor of the session's own DBAPI connection.

Why: inside a sign-in request, ``Connection.execute`` of a cached Core statement costs ~100 µs of SQLAlchemy's
own work (execution context, parameter processing, result metadata, events) around a statement whose driver call
costs ~50 µs on SQLite. A login round runs 12 such statements. ``Prepared`` keeps what SQLAlchemy does for them
and drops the rest:

- SQLAlchemy still builds the SQL (the statement is ordinary Core), compiles it for the connection's dialect
  (once), converts every parameter and result value with the column types' own processors, owns the
  connection, the pool and the transaction (a statement run here is part of the session's transaction and is
  committed or rolled back with it), and wraps driver errors in its exception classes;
- what is skipped is per-execution bookkeeping that these statements do not need: the compiled-cache lookup,
  the execution context, the ``CursorResult`` machinery and the engine events (none are registered on
  statements; the pool's checkout/checkin events still run).

Only plain statements qualify: no expanding (``IN``) or literal-execute parameters, and no Python-side column
defaults or ``onupdate`` values, which SQLAlchemy computes per execution; ``Prepared`` refuses such a statement
when it is first compiled, naming the columns to give values for. ``tests/identity/test_prepared.py`` holds it
to ``Connection.execute``'s results, types, errors and transactions on both databases.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import exc
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.sql.expression import Executable

_MISSING = object()


class _Form:
    """One statement compiled for one dialect: the SQL, how to lay out and convert its parameters, its rows."""

    __slots__ = ("dialect", "positional", "result_processors", "result_types", "row_type", "slots", "sql")

    def __init__(self, statement: Executable, dialect: Dialect, column_keys: tuple[str, ...] | None) -> None:
        compiled = statement.compile(dialect=dialect, column_keys=list(column_keys) if column_keys else None)
        prefetch = [*compiled.insert_prefetch, *compiled.update_prefetch]  # type: ignore[attr-defined]
        if prefetch:
            names = ", ".join(sorted(column.key for column in prefetch))
            raise ValueError(f"Prepared statements take no Python-side defaults: give values for {names}")
        binds = compiled.binds
        if any(bind.expanding or bind.literal_execute for bind in binds.values()):
            raise ValueError("Prepared statements take no expanding or literal-execute parameters")
        self.dialect, self.sql, self.positional = dialect, compiled.string, compiled.positional
        names = compiled.positiontup if compiled.positional else list(binds)
        given = set(column_keys or ())  # an INSERT's listed columns take no default: each must come as a parameter

        def bound_value(name: str) -> Any:
            bind = binds[name]
            return _MISSING if name in given or (bind.value is None and bind.required) else bind.value

        # (parameter name, the type's bind processor, the value bound in the statement itself, if any)
        self.slots = tuple(
            (name, binds[name].type.dialect_impl(dialect).bind_processor(dialect), bound_value(name))
            for name in names  # type: ignore[union-attr]
        )
        columns = list(getattr(statement, "exported_columns", ()))
        keys = [column.key for column in columns]
        if len(set(keys)) != len(keys):
            raise ValueError(f"Prepared statements need distinct column keys (label duplicates): {keys}")
        self.row_type = namedtuple("Row", keys, rename=False) if keys else None  # type: ignore[misc]
        self.result_types = [column.type.dialect_impl(dialect) for column in columns]
        self.result_processors: list[Callable[[Any], Any] | None] | None = None

    def arguments(self, params: Mapping[str, Any]) -> tuple[Any, ...] | dict[str, Any]:
        values = []
        for name, process, bound in self.slots:
            value = params.get(name, bound)
            if value is _MISSING:
                raise exc.ArgumentError(f"A value is required for bind parameter {name!r}")
            values.append(value if process is None else process(value))
        if self.positional:
            return tuple(values)
        return {name: value for (name, _, _), value in zip(self.slots, values, strict=True)}

    def processors(self, description: Any) -> list[Callable[[Any], Any] | None]:
        """The result columns' processors, from the driver's type codes (as SQLAlchemy does), found once."""
        if self.result_processors is None:
            self.result_processors = [
                type_.result_processor(self.dialect, column[1])
                for type_, column in zip(self.result_types, description, strict=True)
            ]
        return self.result_processors


class Result:
    """Rows (named tuples, converted by the column types) and the driver's row count."""

    __slots__ = ("rowcount", "rows")

    def __init__(self, rows: list[Any], rowcount: int) -> None:
        self.rows, self.rowcount = rows, rowcount

    def first(self) -> Any | None:
        return self.rows[0] if self.rows else None

    def one_or_none(self) -> Any | None:
        if len(self.rows) > 1:
            raise exc.MultipleResultsFound("Multiple rows were found when one or none was required")
        return self.first()

    def scalar(self) -> Any | None:
        return self.rows[0][0] if self.rows else None

    def scalar_one(self) -> Any:
        if len(self.rows) != 1:
            raise exc.NoResultFound("No row was found") if not self.rows else exc.MultipleResultsFound("Many rows")
        return self.rows[0][0]


class Prepared:
    """A Core statement run directly on the DBAPI cursor of a ``Connection``, inside its transaction.

    ``statement`` is one statement, or one per dialect name (an upsert written with each dialect's ``insert``).
    ``column_keys`` fixes the columns of an ``insert(table)`` whose values come as parameters.
    """

    __slots__ = ("_forms", "column_keys", "statement")

    def __init__(
        self, statement: Executable | Mapping[str, Executable], column_keys: tuple[str, ...] | None = None
    ) -> None:
        self.statement, self.column_keys = statement, column_keys
        self._forms: dict[tuple[str, str], _Form] = {}

    def form(self, dialect: Dialect) -> _Form:
        key = (dialect.name, dialect.driver)
        found = self._forms.get(key)
        if found is None:
            statement = self.statement[dialect.name] if isinstance(self.statement, Mapping) else self.statement
            found = self._forms[key] = _Form(statement, dialect, self.column_keys)
        return found

    def execute(self, conn: Connection, params: Mapping[str, Any]) -> Result:
        """Run on ``conn``'s DBAPI connection; like ``Connection.execute``, begins its transaction if none is."""
        form = self.form(conn.dialect)
        if not conn.in_transaction():
            conn.begin()  # SQLAlchemy 2's autobegin, so the caller's commit or rollback covers this statement
        arguments = form.arguments(params)
        dbapi_connection = conn.connection.dbapi_connection
        cursor = dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(form.sql, arguments)
            rows: list[Any] = []
            if form.row_type is not None:
                processors = form.processors(cursor.description)
                make = form.row_type._make
                rows = [
                    make([v if process is None else process(v) for process, v in zip(processors, raw, strict=True)])
                    for raw in cursor.fetchall()
                ]
            return Result(rows, cursor.rowcount)
        except conn.dialect.loaded_dbapi.Error as error:
            invalidated = conn.dialect.is_disconnect(error, dbapi_connection, cursor)
            if invalidated:
                conn.invalidate(error)  # as SQLAlchemy does: a dead connection never goes back to the pool
            raise exc.DBAPIError.instance(
                form.sql, arguments, error, conn.dialect.loaded_dbapi.Error,
                connection_invalidated=invalidated, dialect=conn.dialect,
            ) from error  # fmt: skip
        finally:
            cursor.close()
