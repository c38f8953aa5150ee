"""Reading the store's database with SQLAlchemy, not with the store's own code: what is really in
the tables, found by reflection, so that a table added later cannot be missed."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import sqlalchemy as sa

from course.store import Store


@contextlib.contextmanager
def peek(store: Store) -> Iterator[sa.Connection]:
    """A connection of its own to the store's database, in a transaction committed at the end."""
    engine = sa.create_engine(store.url, poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as conn:
            yield conn
    finally:
        engine.dispose()


def tables(conn: sa.Connection) -> dict[str, sa.Table]:
    found = sa.MetaData()
    found.reflect(conn)
    return dict(found.tables)


def all_rows(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table the database holds."""
    with peek(store) as conn:
        return {name: [tuple(r) for r in conn.execute(sa.select(t))]
                for name, t in tables(conn).items()}  # fmt: skip
