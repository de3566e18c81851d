"""Moving an app's SQLite file into a new PostgreSQL database: the schema by the same
migrations, then every table's rows in one transaction, each table's count checked.

It knows no table: the tables and columns are those the migrations make (read from a
migrated in-memory SQLite database), so a table a later migration adds is moved too, and a
table only one side has stops the move before anything is copied.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import psycopg
from psycopg import sql
from sqlite_utils.migrations import Migrations

from kernel import pg
from kernel.db import BUSY_TIMEOUT_MS, connect

# sqlite_utils' record of applied migrations (PostgreSQL keeps its own, pg.MIGRATIONS_TABLE).
SQLITE_MIGRATIONS_TABLE = Migrations.migrations_table

# Schema: each table's columns in order, as the migrations make them.
Schema = dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class TableCount:
    """One table's rows in the SQLite file's snapshot and in PostgreSQL after the copy."""

    table: str
    source: int
    target: int


class MoveError(Exception):
    """The move was refused or undone; PostgreSQL holds nothing of it. `counts` when the
    copy got as far as counting."""

    def __init__(self, message: str, counts: Iterable[TableCount] = ()) -> None:
        super().__init__(message)
        self.counts = tuple(counts)


@dataclass(frozen=True)
class _Fresh:
    """What the migrations make on an empty database: the tables and the rows they insert."""

    schema: Schema
    seeded: dict[str, set[tuple]]
    names: tuple[str, ...]


def move(source: Path, url: str, migrations: Migrations) -> list[TableCount]:
    """Copy every table of the SQLite file `source` into the PostgreSQL database `url`.

    Refused, with nothing written to PostgreSQL, when the target already holds data (more
    than the rows the migrations insert themselves), when the file's schema is not exactly
    what `migrations` make, or when anything wrote to the file while it was read (the service
    must be stopped: what it wrote after the snapshot would be left behind)."""
    if not source.is_file():
        raise MoveError(f"no SQLite database at {source}")
    fresh = _fresh(migrations)
    where = pg.shown(url)
    try:
        src = _open_source(source)
    except sqlite3.Error as err:
        raise MoveError(f"cannot read {source}: {err}") from None
    try:
        return _move(src, source, url, migrations, fresh)
    except sqlite3.Error as err:
        raise MoveError(f"reading {source} failed: {err}; PostgreSQL was left as it was") from None
    except psycopg.Error as err:
        raise MoveError(f"PostgreSQL at {where}: {err}".strip()) from None
    finally:
        src.close()


def _move(
    src: sqlite3.Connection, source: Path, url: str, migrations: Migrations, fresh: _Fresh
) -> list[TableCount]:
    # One read transaction: every table is read from the same snapshot of the file.
    src.execute("BEGIN")
    _check_source(src, source, migrations, fresh)
    before = _data_version(src)
    order = _copy_order(src, fresh.schema)
    source_counts = {table: _count_sqlite(src, table) for table in order}

    target = pg.open_connection(url)
    try:
        filled = _filled_tables(target, fresh)
        if filled:
            raise MoveError(
                f"{pg.shown(url)} already holds data ("
                + ", ".join(f"{table}: {rows} rows" for table, rows in filled)
                + "); nothing was written. Move into a new, empty database."
            )
        pg.migrate(url, migrations)
        _check_target(target, url, fresh.schema)
        with target.transaction():
            # Only the rows the migrations inserted (checked above) are here: the file's
            # rows replace them.
            for table in reversed(order):
                target.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(table)))
            for table in order:
                _copy(src, target, table, fresh.schema[table])
            _set_sequences(target)
            counts = [
                TableCount(table, source_counts[table], _count_pg(target, table))
                for table in sorted(order)
            ]
            differ = [c.table for c in counts if c.source != c.target]
            if differ:
                raise MoveError(
                    "the copy was undone: the row counts differ in " + ", ".join(differ), counts
                )
            # The snapshot ends here; had anything written to the file since it began, the
            # copy would miss it.
            src.execute("COMMIT")
            if _data_version(src) != before:
                raise MoveError(
                    f"the copy was undone: something wrote to {source} while it was copied"
                    " (is central still running?). Stop it and move again.",
                    counts,
                )
        # Bulk-loaded tables get the planner's statistics now rather than at autovacuum's
        # next visit; only a help: the move is committed whether or not it works.
        with suppress(psycopg.Error):
            target.execute("ANALYZE")
        return counts
    finally:
        target.close()


def _fresh(migrations: Migrations) -> _Fresh:
    db = connect(":memory:")
    try:
        migrations.apply(db)
        schema = _sqlite_schema(db.conn)
        seeded = {}
        for table, columns in schema.items():
            rows = set(db.conn.execute(_select(table, columns)).fetchall())
            if rows:
                seeded[table] = rows
    finally:
        db.close()
    return _Fresh(schema, seeded, tuple(m.name for m in migrations._migrations))


def _open_source(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    # Read only: this connection never changes the file it moves.
    conn.execute("PRAGMA query_only = ON")
    return conn


def _sqlite_schema(conn: sqlite3.Connection) -> Schema:
    tables = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%'"
        " ESCAPE '\\' AND name != ? ORDER BY name",
        [SQLITE_MIGRATIONS_TABLE],
    ).fetchall()
    return {
        table: tuple(
            name
            for (name,) in conn.execute(
                "SELECT name FROM pragma_table_info(?) ORDER BY cid", [table]
            ).fetchall()
        )
        for (table,) in tables
    }


def _check_source(
    src: sqlite3.Connection, source: Path, migrations: Migrations, fresh: _Fresh
) -> None:
    has_record = src.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [SQLITE_MIGRATIONS_TABLE]
    ).fetchone()
    if has_record is None:
        raise MoveError(f"{source} has no record of migrations: it is not this app's database")
    applied = {
        name
        for (name,) in src.execute(
            f"SELECT name FROM {SQLITE_MIGRATIONS_TABLE} WHERE migration_set = ?",
            [migrations.name],
        ).fetchall()
    }
    missing = [name for name in fresh.names if name not in applied]
    unknown = sorted(applied - set(fresh.names))
    if unknown:
        raise MoveError(
            f"{source} has migrations this version does not know ({', '.join(unknown)}):"
            " move it with the version that made them"
        )
    if missing:
        raise MoveError(
            f"{source} lacks migrations {', '.join(missing)}: bring it up to date first"
            " (init-db) so both databases get the same schema"
        )
    _same_schema(_sqlite_schema(src), fresh.schema, str(source))


def _same_schema(found: Schema, expected: Schema, where: str) -> None:
    """Refuse a table or column on one side only: it would be left behind or left empty."""
    extra = sorted(set(found) - set(expected))
    lacking = sorted(set(expected) - set(found))
    columns = sorted(
        table for table in set(found) & set(expected) if set(found[table]) != set(expected[table])
    )
    problems = []
    if extra:
        problems.append(f"tables the migrations do not make: {', '.join(extra)}")
    if lacking:
        problems.append(f"tables missing: {', '.join(lacking)}")
    if columns:
        problems.append(f"other columns than the migrations make in: {', '.join(columns)}")
    if problems:
        raise MoveError(f"{where} has {'; '.join(problems)}; nothing was copied")


def _data_version(src: sqlite3.Connection) -> int:
    # Changes whenever another connection (any process) commits to the file.
    return int(src.execute("PRAGMA data_version").fetchone()[0])


def _copy_order(src: sqlite3.Connection, schema: Schema) -> list[str]:
    """Every table after the tables its foreign keys point to."""
    graph: dict[str, set[str]] = {table: set() for table in schema}
    for table in schema:
        for (parent,) in src.execute(
            'SELECT "table" FROM pragma_foreign_key_list(?)', [table]
        ).fetchall():
            if parent != table and parent in graph:
                graph[table].add(parent)
    try:
        return list(TopologicalSorter(graph).static_order())
    except CycleError as err:
        raise MoveError(f"the foreign keys go round in a circle: {err.args[1]}") from None


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _select(table: str, columns: tuple[str, ...]) -> str:
    return f"SELECT {', '.join(map(_quoted, columns))} FROM {_quoted(table)}"


def _count_sqlite(src: sqlite3.Connection, table: str) -> int:
    return int(src.execute(f"SELECT count(*) FROM {_quoted(table)}").fetchone()[0])


def _count_pg(target: psycopg.Connection, table: str) -> int:
    query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
    return int(target.execute(query).fetchone()[0])  # type: ignore[index]


def _pg_schema(target: psycopg.Connection) -> Schema:
    found: Schema = {}
    for table, column in target.execute(
        "SELECT c.table_name, c.column_name FROM information_schema.columns c"
        " JOIN information_schema.tables t"
        " ON t.table_schema = c.table_schema AND t.table_name = c.table_name"
        " WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'"
        " AND c.table_name != %s ORDER BY c.table_name, c.ordinal_position",
        [pg.MIGRATIONS_TABLE],
    ).fetchall():
        found[table] = (*found.get(table, ()), column)
    return found


def _filled_tables(target: psycopg.Connection, fresh: _Fresh) -> list[tuple[str, int]]:
    """The target's tables that hold more than the migrations' own rows (empty: a new
    database, or one only migrated)."""
    filled = []
    for table, columns in sorted(_pg_schema(target).items()):
        rows = _count_pg(target, table)
        if rows == 0:
            continue
        seed = fresh.seeded.get(table)
        if seed is not None and set(columns) >= set(fresh.schema[table]):
            query = sql.SQL("SELECT {} FROM {}").format(
                sql.SQL(", ").join(map(sql.Identifier, fresh.schema[table])),
                sql.Identifier(table),
            )
            if set(map(tuple, target.execute(query).fetchall())) == seed:
                continue
        filled.append((table, rows))
    return filled


def _check_target(target: psycopg.Connection, url: str, schema: Schema) -> None:
    _same_schema(_pg_schema(target), schema, pg.shown(url))


def _copy(
    src: sqlite3.Connection, target: psycopg.Connection, table: str, columns: tuple[str, ...]
) -> None:
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    with target.cursor() as cursor, cursor.copy(statement) as copy:
        for row in src.execute(_select(table, columns)):
            copy.write_row(row)


def _set_sequences(target: psycopg.Connection) -> None:
    """Each identity or serial column's next number comes after the largest copied one, so
    the first new row does not take the number of a copied one."""
    owned = target.execute(
        "SELECT c.table_name, c.column_name, pg_get_serial_sequence("
        "quote_ident(c.table_schema) || '.' || quote_ident(c.table_name), c.column_name)"
        " FROM information_schema.columns c WHERE c.table_schema = 'public'"
    ).fetchall()
    for table, column, sequence in owned:
        if sequence is None:
            continue
        target.execute(
            sql.SQL("SELECT setval(%s, COALESCE((SELECT MAX({}) FROM {}), 0) + 1, false)").format(
                sql.Identifier(column), sql.Identifier(table)
            ),
            [sequence],
        )
