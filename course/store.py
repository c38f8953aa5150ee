"""One store for everything the course keeps per learner: who they are, how they sign in, and
their records (answers, practice, scenario choices, progress).

SQLite by default (data/course.sqlite3 beside organisation.yaml), or the database a SQLAlchemy
URL in $COURSE_STORE names, e.g. ``postgresql+psycopg://course@db.example/course``: the same
code runs on both. It keeps the minimum about a person: an id, a name, hashes of sign-in tokens
with their expiry, and the records callers save; no other timestamps, no addresses.

SQLite is safe for many processes on ONE machine (WAL journal, a 30 s busy timeout, and every
write transaction takes the write lock first, with BEGIN IMMEDIATE). Never put the file on a
network filesystem (NFS, SMB, a synced folder): its locks do not hold there and the database can
be corrupted. For several machines use PostgreSQL.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

ENV_VAR = "COURSE_STORE"
DATA_DIR = "data"
DB_FILE = "course.sqlite3"
KINDS = ("answer", "practice", "scenario", "progress", "exercise")
LEARNER_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")  # nbgrader-, URL- and folder-safe
PRAGMAS = ("busy_timeout=30000", "journal_mode=WAL", "foreign_keys=ON", "secure_delete=ON")
_READ = "course_read"  # execution option: a transaction that only reads needs no write lock

# Prefixed names: the tables may share a PostgreSQL database with other software.
metadata = sa.MetaData()
learners_t = sa.Table(
    "course_learners",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
)


def _owned(name: str, *items: sa.Column | sa.Constraint, index: bool = True) -> sa.Table:
    fk = sa.ForeignKey(learners_t.c.id, ondelete="CASCADE")
    owner = sa.Column("learner_id", sa.String(64), fk, nullable=False, index=index)
    return sa.Table(name, metadata, owner, *items)


def _tokens(name: str) -> sa.Table:
    hashed = sa.Column("token_hash", sa.String(64), primary_key=True)  # sha256 hex, never a token
    return _owned(name, hashed, sa.Column("expires", sa.DateTime, nullable=False))  # naive UTC


links_t, sessions_t = _tokens("course_links"), _tokens("course_sessions")
records_t = _owned(
    "course_records",
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("key", sa.String(255), nullable=False),
    sa.Column("value", sa.Text, nullable=False),  # JSON text: the same on every dialect
    sa.PrimaryKeyConstraint("learner_id", "kind", "key"),
    index=False,  # the primary key starts with learner_id
)
sa.Index("course_records_kind_key", records_t.c.kind, records_t.c.key)


class StoreError(Exception):
    """The store cannot be used; the message is one line a person can read."""


@dataclass(frozen=True)
class Learner:
    """A registered learner."""

    id: str
    name: str


def default_url(start: Path | None = None) -> str:
    """$COURSE_STORE, else the SQLite file data/course.sqlite3 under the course's root folder.

    The root is ``start`` (default: the current folder) or its parent, the first that holds
    organisation.yaml, else ``start`` itself.
    """
    if os.environ.get(ENV_VAR):
        return os.environ[ENV_VAR]
    here = (start or Path.cwd()).resolve()
    root = next((d for d in (here, here.parent) if (d / "organisation.yaml").is_file()), here)
    return f"sqlite:///{root / DATA_DIR / DB_FILE}"


_stores: dict[str, Store] = {}
_lock = threading.Lock()


def open_store(url: str | None = None) -> Store:
    """The store at ``url`` (default: default_url()), opened once per process; StoreError if
    it cannot be reached, created or read."""
    url = url or default_url()
    with _lock:
        if url not in _stores:
            _stores[url] = Store(url)
        return _stores[url]


def _after_fork() -> None:
    global _lock  # a forked child must neither use nor close its parent's connections
    _lock = threading.Lock()
    for store in _stores.values():
        store.engine.dispose(close=False)
    _stores.clear()


os.register_at_fork(after_in_child=_after_fork)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9._-]", "", re.sub(r"\s+", "-", text.strip()))
    return text.lstrip("._-")[:64] or "learner"


def _check(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of record {kind!r}: expected one of {', '.join(KINDS)}.")


def _record_text(kind: str, key: str, value: object) -> str | None:
    """A record's value as the JSON text the store keeps (None for None), after checking its
    kind and key."""
    _check(kind)
    if not isinstance(key, str) or not 0 < len(key) <= 255:
        raise ValueError(f"A record key must be 1 to 255 characters, not {key!r}.")
    return None if value is None else json.dumps(value, ensure_ascii=False, allow_nan=False)


@contextlib.contextmanager
def _learner_must_exist(learner_id: str) -> Iterator[None]:
    """A record for a learner the store does not have fails its foreign key: say so."""
    try:
        yield
    except sa.exc.IntegrityError:
        raise ValueError(f"There is no learner {learner_id!r}.") from None


def _sqlite_engine(url: sa.URL) -> sa.Engine:
    if url.database and url.database != ":memory:":
        path = Path(url.database)
        if not path.parent.is_dir():  # a folder made here is private; an existing one is left be
            path.parent.mkdir(parents=True)
            path.parent.chmod(0o700)
        if not path.exists():  # SQLite gives the -wal and -shm files the database file's mode
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
            path.chmod(0o600)
    engine = sa.create_engine(url)

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # the driver's BEGIN would be deferred: we send our own
        for pragma in PRAGMAS:
            dbapi_conn.execute(f"PRAGMA {pragma}").close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        # A deferred transaction that reads and then writes fails at once with "database is
        # locked" when another writer got in first; IMMEDIATE waits for the write lock up front.
        read_only = conn.get_execution_options().get(_READ)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


class Store:
    """Learners, their sign-in links and sessions, and their records, in one database."""

    def __init__(self, url: str):
        self.url = url
        with self._guard():
            parsed = sa.make_url(url)
            if parsed.get_backend_name() not in ("sqlite", "postgresql"):
                raise StoreError(f"The course store must be SQLite or PostgreSQL, not {url!r}.")
            if parsed.get_backend_name() == "sqlite":
                self.engine = _sqlite_engine(parsed)
            else:
                self.engine = sa.create_engine(parsed, pool_pre_ping=True)
            self._insert = (
                sqlite.insert if self.engine.dialect.name == "sqlite" else postgresql.insert
            )
            with self.engine.begin() as conn:
                if conn.dialect.name == "postgresql":  # kernels starting together create once
                    conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7243061)")
                metadata.create_all(conn)

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        """Database failures become a StoreError with a one-line message."""
        try:
            yield
        except (sa.exc.SQLAlchemyError, sqlite3.Error, OSError, ImportError) as err:
            cause = err.orig if isinstance(err, sa.exc.DBAPIError) else err
            reason = (str(cause).strip().splitlines() or [type(cause).__name__])[0]
            if isinstance(err, ImportError):
                reason += (
                    "; install the postgres extra: pip install 'safer-online-course[postgres]'"
                )
            where = sa.make_url(self.url).render_as_string() if "://" in self.url else self.url
            raise StoreError(f"The course store {where} cannot be used: {reason}") from err

    @contextlib.contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        with self._guard(), self.engine.begin() as conn:
            yield conn

    @contextlib.contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        with self._guard(), self.engine.connect() as conn:
            with conn.execution_options(**{_READ: True}).begin():
                yield conn

    def _scrub(self) -> None:
        # SQLite: secure_delete zeroed the deleted rows in their pages; the old copies of those
        # pages in the WAL go too once it is copied back and emptied.
        if self.engine.dialect.name == "sqlite":
            with self._guard(), self.engine.connect() as conn:
                conn.connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").close()

    # Learners

    def add_learner(self, name: str, learner_id: str | None = None) -> Learner:
        """Register a learner, with an id made from the name unless given (ann-lee, ann-lee-2).

        Raises:
            ValueError: the name is empty, or the id is invalid or taken.
        """
        if not (name := (name or "").strip()):
            raise ValueError("A learner needs a name.")
        if learner_id is not None:
            _valid(learner_id)
        tried: set[str] = set()
        with self._write() as conn:
            while True:  # PostgreSQL: another process may take the id picked; pick again
                chosen = learner_id or _free_id(conn, _slug(name), tried)
                stmt = self._insert(learners_t).values(id=chosen, name=name)
                stmt = stmt.on_conflict_do_nothing().returning(learners_t.c.id)
                if conn.execute(stmt).first():  # rowcount of an INSERT is -1 on psycopg
                    return Learner(chosen, name)
                if learner_id:
                    raise ValueError(f"The learner id {learner_id!r} is already taken.")
                tried.add(chosen)

    def ensure_learner(self, learner_id: str, name: str | None = None) -> Learner:
        """The learner with this id, registered first (named ``name`` or the id) if new."""
        _valid(learner_id)
        if found := self.learner(learner_id):  # the usual case takes no write lock
            return found
        with self._write() as conn:
            stmt = self._insert(learners_t).values(id=learner_id, name=name or learner_id)
            conn.execute(stmt.on_conflict_do_nothing())
        return self.learner(learner_id) or Learner(learner_id, name or learner_id)

    def learner(self, learner_id: str) -> Learner | None:
        """The learner with this id, or None."""
        with self._read() as conn:
            row = conn.execute(sa.select(learners_t).where(learners_t.c.id == learner_id)).first()
        return Learner(row.id, row.name) if row else None

    def learners(self) -> list[Learner]:
        """Every learner, sorted by id."""
        with self._read() as conn:
            rows = conn.execute(sa.select(learners_t).order_by(learners_t.c.id))
            return [Learner(r.id, r.name) for r in rows]

    def remove_learner(self, learner_id: str) -> bool:
        """Delete the learner with their links, sessions and records; False if unknown."""
        with self._write() as conn:
            for table in (records_t, links_t, sessions_t):  # not left to foreign keys alone
                conn.execute(table.delete().where(table.c.learner_id == learner_id))
            found = conn.execute(learners_t.delete().where(learners_t.c.id == learner_id)).rowcount
        self._scrub()
        return found > 0

    def delete_data(self, learner_id: str) -> None:
        """Delete the learner's records (answers, practice, scenario, progress); keep them."""
        with self._write() as conn:
            conn.execute(records_t.delete().where(records_t.c.learner_id == learner_id))
        self._scrub()

    # Sign-in

    def _token(self, table: sa.Table, learner_id: str, ttl: timedelta, only: bool) -> str:
        token = secrets.token_urlsafe(32)
        with self._write() as conn:
            # A row lock on PostgreSQL (SQLite already holds the write lock): one learner's new
            # links are made one at a time, so "replaces the earlier links" holds under races.
            learner = sa.select(learners_t.c.id).where(learners_t.c.id == learner_id)
            if conn.scalar(learner.with_for_update(key_share=True)) is None:
                raise ValueError(f"There is no learner {learner_id!r}.")
            gone = table.c.expires <= _now()  # expired tokens serve no one: drop them all
            if only:
                gone = sa.or_(gone, table.c.learner_id == learner_id)
            conn.execute(table.delete().where(gone))
            row = {"token_hash": _hash(token), "learner_id": learner_id, "expires": _now() + ttl}
            conn.execute(table.insert().values(row))
        return token

    def new_link(self, learner_id: str, ttl: timedelta = timedelta(days=14)) -> str:
        """A one-time sign-in token; the learner's earlier links stop working. ValueError if
        the learner is unknown."""
        return self._token(links_t, learner_id, ttl, only=True)

    def redeem_link(self, token: str) -> Learner | None:
        """The learner a link is for, using it up; None if unknown, expired or used."""
        with self._write() as conn:
            # DELETE ... RETURNING: of two requests racing for one link, one gets the row.
            stmt = links_t.delete().where(links_t.c.token_hash == _hash(token))
            row = conn.execute(stmt.returning(links_t.c.learner_id, links_t.c.expires)).first()
        return self.learner(row.learner_id) if row and row.expires > _now() else None

    def new_session(self, learner_id: str, ttl: timedelta = timedelta(days=30)) -> str:
        """A session token (one per device: others stay valid). ValueError if unknown."""
        return self._token(sessions_t, learner_id, ttl, only=False)

    def session_learner(self, token: str) -> Learner | None:
        """The learner of a live session, or None."""
        s = sessions_t.c
        stmt = sa.select(learners_t).join(sessions_t, s.learner_id == learners_t.c.id)
        stmt = stmt.where(s.token_hash == _hash(token), s.expires > _now())
        with self._read() as conn:
            row = conn.execute(stmt).first()
        return Learner(row.id, row.name) if row else None

    def end_session(self, token: str) -> None:
        """Sign one session out."""
        with self._write() as conn:
            conn.execute(sessions_t.delete().where(sessions_t.c.token_hash == _hash(token)))

    def revoke(self, learner_id: str) -> None:
        """Delete every link and session of the learner: signed out everywhere."""
        with self._write() as conn:
            for table in (links_t, sessions_t):
                conn.execute(table.delete().where(table.c.learner_id == learner_id))

    # Records

    def put(self, learner_id: str, kind: str, key: str, value: object) -> None:
        """Save one record, replacing any earlier value; None deletes it.

        Raises:
            ValueError: unknown kind or learner, a bad key, or a value JSON cannot hold.
        """
        text = _record_text(kind, key, value)
        r = records_t.c
        with self._write() as conn, _learner_must_exist(learner_id):
            if text is None:
                mine = (r.learner_id == learner_id, r.kind == kind, r.key == key)
                conn.execute(records_t.delete().where(*mine))
                return
            stmt = self._insert(records_t).values(learner_id=learner_id, kind=kind, key=key)
            stmt = stmt.values(value=text).on_conflict_do_update(
                index_elements=[r.learner_id, r.kind, r.key], set_={"value": text}
            )
            conn.execute(stmt)

    def put_if(self, learner_id: str, kind: str, key: str, value: object, expected: object) -> bool:
        """Save one record only if it still holds ``expected`` (None: there is none yet), and
        say whether it was saved. Of two writers that read the same value, one saves and the
        other is told to read again (compare and set).

        Raises:
            ValueError: as :meth:`put`; ``value`` may not be None here.
        """
        if value is None:
            raise ValueError("put_if saves a value; use put(..., None) to delete.")
        text = _record_text(kind, key, value)
        r = records_t.c
        mine = (r.learner_id == learner_id, r.kind == kind, r.key == key)
        with self._write() as conn, _learner_must_exist(learner_id):
            if expected is None:  # a returned row says it was saved (rowcount is not sure)
                stmt = self._insert(records_t).values(learner_id=learner_id, kind=kind)
                stmt = stmt.values(key=key, value=text).on_conflict_do_nothing(
                    index_elements=[r.learner_id, r.kind, r.key]
                )
                return conn.execute(stmt.returning(r.key)).first() is not None
            # The row is locked until this transaction ends (PostgreSQL: FOR UPDATE; SQLite: the
            # write lock BEGIN IMMEDIATE took), so nobody changes it between the two.
            now = conn.scalar(sa.select(r.value).where(*mine).with_for_update())
            if now is None or json.loads(now) != expected:
                return False
            conn.execute(records_t.update().where(*mine).values(value=text))
            return True

    def get(self, learner_id: str, kind: str) -> dict[str, object]:
        """The learner's records of one kind, {key: value}."""
        _check(kind)
        r = records_t.c
        stmt = sa.select(r.key, r.value).where(r.learner_id == learner_id, r.kind == kind)
        with self._read() as conn:
            return {key: json.loads(value) for key, value in conn.execute(stmt)}

    def export(self, learner_id: str) -> dict:
        """Everything held about the learner ("learner" is None when not registered)."""
        learner, records = self.learner(learner_id), {kind: {} for kind in KINDS}
        with self._read() as conn:
            rows = conn.execute(sa.select(records_t).where(records_t.c.learner_id == learner_id))
            for row in rows:
                records.setdefault(row.kind, {})[row.key] = json.loads(row.value)
            sign_in = {
                name: conn.scalar(sa.select(sa.func.count()).where(t.c.learner_id == learner_id))
                for name, t in (("links", links_t), ("sessions", sessions_t))
            }
        person = {"id": learner.id, "name": learner.name} if learner else None
        return {"learner": person, "records": records, "sign_in": sign_in}

    def records_for(self, kind: str, keys: Iterable[str]) -> dict[str, dict[str, object]]:
        """{learner_id: {key: value}} for every learner with at least one of ``keys``."""
        _check(kind)
        r, found = records_t.c, {}
        stmt = sa.select(r.learner_id, r.key, r.value).where(r.kind == kind, r.key.in_(list(keys)))
        with self._read() as conn:
            for learner_id, key, value in conn.execute(stmt):
                found.setdefault(learner_id, {})[key] = json.loads(value)
        return found

    def sign_in_ends(self, learner_id: str) -> dict[str, list[datetime]]:
        """When each of the learner's sign-in links and sessions runs out (naive UTC, soonest
        first), so a learner can see them without any token or hash."""
        with self._read() as conn:
            return {
                name: list(
                    conn.scalars(
                        sa.select(t.c.expires)
                        .where(t.c.learner_id == learner_id)
                        .order_by(t.c.expires)
                    )
                )
                for name, t in (("links", links_t), ("sessions", sessions_t))
            }


def _valid(learner_id: str) -> None:
    if not isinstance(learner_id, str) or not LEARNER_ID.fullmatch(learner_id):  # no "\n" at end
        raise ValueError(
            f"{learner_id!r} is not a valid learner id: 1 to 64 lower-case letters, digits, "
            "'.', '_' or '-', starting with a letter or digit."
        )


def _free_id(conn: sa.Connection, base: str, tried: set[str]) -> str:
    """The first of base, base-2, base-3... that no learner has (nor was just tried)."""
    similar = learners_t.c.id.startswith(base[:50], autoescape=True)
    taken = tried | set(conn.scalars(sa.select(learners_t.c.id).where(similar)))
    n = 1
    while (chosen := base if n == 1 else f"{base[: 63 - len(str(n))]}-{n}") in taken:
        n += 1
    return chosen
