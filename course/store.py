"""One store for everything the course keeps per learner: who they are, how they sign in, and
their records (answers, practice, scenario choices, progress).

SQLite by default (data/course.sqlite3 beside organisation.yaml), or the PostgreSQL database a
URL in $COURSE_STORE names, e.g. ``postgresql+psycopg://course@db.example/course``: the same
SQL runs on both, through Python's sqlite3 or psycopg, one connection per thread (every
learner's kernel opens the store, and SQLAlchemy cost each one 13 MB of memory). It keeps the
minimum about a person: an id, a name, hashes of sign-in tokens with their expiry, and the
records callers save; no other timestamps, no addresses.

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
import sys
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

ENV_VAR = "COURSE_STORE"
DATA_DIR = "data"
DB_FILE = "course.sqlite3"
KINDS = ("answer", "practice", "scenario", "progress", "exercise")
LEARNER_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")  # nbgrader-, URL- and folder-safe
PRAGMAS = ("busy_timeout=30000", "journal_mode=WAL", "foreign_keys=ON", "secure_delete=ON")
TOKEN_TABLES = {"links": "course_links", "sessions": "course_sessions"}


def schema(postgresql: bool) -> list[str]:
    """The tables, prefixed: they may share a PostgreSQL database with other software. Times
    are naive UTC; record values are JSON text, the same on both databases."""
    time = "TIMESTAMP WITHOUT TIME ZONE" if postgresql else "DATETIME"
    owner = "learner_id VARCHAR(64) NOT NULL REFERENCES course_learners (id) ON DELETE CASCADE"
    tables = ["CREATE TABLE IF NOT EXISTS course_learners (id VARCHAR(64) NOT NULL, "
              "name TEXT NOT NULL, PRIMARY KEY (id))"]  # fmt: skip
    for table in TOKEN_TABLES.values():  # a token is kept only as its sha256 (hex)
        tables += [
            f"CREATE TABLE IF NOT EXISTS {table} ({owner}, token_hash VARCHAR(64) NOT NULL, "
            f"expires {time} NOT NULL, PRIMARY KEY (token_hash))",
            f"CREATE INDEX IF NOT EXISTS ix_{table}_learner_id ON {table} (learner_id)",
        ]
    return tables + [
        f"CREATE TABLE IF NOT EXISTS course_records ({owner}, kind VARCHAR(16) NOT NULL, "
        "key VARCHAR(255) NOT NULL, value TEXT NOT NULL, PRIMARY KEY (learner_id, kind, key))",
        "CREATE INDEX IF NOT EXISTS course_records_kind_key ON course_records (kind, key)",
    ]


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
_inherited: list[object] = []  # a forked child's copies of its parent's connections


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
        _inherited.append(store._local)  # kept, so never closed here
        store._local = threading.local()
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


def _driver_errors(name: str = "Error") -> tuple[type[Exception], ...]:
    """sqlite3's and (if loaded) psycopg's exception class ``name``."""
    psycopg = sys.modules.get("psycopg")
    return (getattr(sqlite3, name),) + ((getattr(psycopg, name),) if psycopg else ())


@contextlib.contextmanager
def _learner_must_exist(learner_id: str) -> Iterator[None]:
    """A record for a learner the store does not have fails its foreign key: say so."""
    try:
        yield
    except _driver_errors("IntegrityError"):
        raise ValueError(f"There is no learner {learner_id!r}.") from None


def _shown(url: str) -> str:
    """The URL as it may appear in a message: with any password hidden."""
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url


def _sqlite_file(path: Path) -> None:
    if not path.parent.is_dir():  # a folder made here is private; an existing one is left be
        path.parent.mkdir(parents=True)
        path.parent.chmod(0o700)
    if not path.exists():  # SQLite gives the -wal and -shm files the database file's mode
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        path.chmod(0o600)


class _Tx:
    """A transaction's statements, written once with ``?`` placeholders for both databases."""

    def __init__(self, conn, postgresql: bool):
        self.conn, self.postgresql = conn, postgresql

    def run(self, sql: str, *params: object):
        if self.postgresql:
            sql = sql.replace("?", "%s")
        else:  # as SQLAlchemy kept them, so earlier stores read the same
            params = tuple(
                p.isoformat(" ", "microseconds") if isinstance(p, datetime) else p for p in params
            )
        return self.conn.execute(sql, params)

    def rows(self, sql: str, *params: object) -> list[tuple]:
        return self.run(sql, *params).fetchall()

    def first(self, sql: str, *params: object) -> tuple | None:
        return self.run(sql, *params).fetchone()

    def value(self, sql: str, *params: object) -> object:
        row = self.first(sql, *params)
        return row[0] if row else None

    def time(self, value: object) -> datetime:
        return datetime.fromisoformat(value) if isinstance(value, str) else value


class Store:
    """Learners, their sign-in links and sessions, and their records, in one database."""

    def __init__(self, url: str):
        self.url, self.path = url, None
        self._local = threading.local()
        scheme, sep, rest = url.partition("://")
        backend, _, driver = scheme.partition("+")
        if not sep or (backend, driver) not in {
            ("sqlite", ""),
            ("sqlite", "pysqlite"),
            ("postgresql", ""),
            ("postgresql", "psycopg"),
        }:
            raise StoreError(
                f"The course store must be SQLite or PostgreSQL (sqlite:///FILE or "
                f"postgresql+psycopg://...), not {_shown(url)!r}."
            )
        self.dialect = backend
        self._target = rest[1:] if backend == "sqlite" else f"postgresql://{rest}"
        if backend == "sqlite" and self._target not in ("", ":memory:"):
            self.path = Path(self._target.partition("?")[0])
        with self._guard():
            if self.path:
                _sqlite_file(self.path)
            with self._write() as tx:
                if self.dialect == "postgresql":  # kernels starting together create once
                    tx.run("SELECT pg_advisory_xact_lock(7243061)")
                for statement in schema(self.dialect == "postgresql"):
                    tx.run(statement)

    def _connect(self):
        if self.dialect == "postgresql":
            import psycopg

            return psycopg.connect(self._target, autocommit=True)  # we send BEGIN and COMMIT
        conn = sqlite3.connect(str(self.path or ":memory:"), timeout=30, isolation_level=None)
        for pragma in PRAGMAS:
            conn.execute(f"PRAGMA {pragma}").close()
        return conn

    def _conn(self, fresh: bool = False):
        """This thread's connection (a new one if asked, or if PostgreSQL's has been closed)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None and (fresh or getattr(conn, "closed", False)):
            with contextlib.suppress(Exception):
                conn.close()
            conn = None
        if conn is None:
            conn = self._local.conn = self._connect()
        return conn

    def close(self) -> None:
        """Close this thread's connection (the next use opens another)."""
        conn = getattr(self._local, "conn", None)
        self._local.conn = None
        if conn is not None:
            conn.close()

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        """Database failures become a StoreError with a one-line message."""
        try:
            yield
        except (*_driver_errors(), OSError, ImportError) as err:
            reason = (str(err).strip().splitlines() or [type(err).__name__])[0]
            if isinstance(err, ImportError):
                reason += (
                    "; install the postgres extra: pip install 'safer-online-course[postgres]'"
                )
            raise StoreError(
                f"The course store {_shown(self.url)} cannot be used: {reason}"
            ) from err

    @contextlib.contextmanager
    def _transaction(self, begin: str) -> Iterator[_Tx]:
        with self._guard():
            conn = self._conn()
            try:
                conn.execute(begin)
            except _driver_errors("OperationalError"):
                if self.dialect != "postgresql":
                    raise
                conn = self._conn(fresh=True)  # the server restarted since: connect again
                conn.execute(begin)
            try:
                yield _Tx(conn, self.dialect == "postgresql")
                conn.execute("COMMIT")
            except BaseException:  # a failed COMMIT too: the next BEGIN must find none open
                with contextlib.suppress(Exception):
                    conn.execute("ROLLBACK")
                raise

    def _write(self) -> contextlib.AbstractContextManager[_Tx]:
        # SQLite: a deferred transaction that reads and then writes fails at once with
        # "database is locked" when another writer got in first; IMMEDIATE waits for the write
        # lock up front.
        return self._transaction("BEGIN IMMEDIATE" if self.dialect == "sqlite" else "BEGIN")

    def _read(self) -> contextlib.AbstractContextManager[_Tx]:
        return self._transaction("BEGIN")  # a transaction that only reads needs no write lock

    def _row_lock(self, key_share: bool = False) -> str:
        """A row lock on the rows a SELECT reads, held by one transaction at a time (PostgreSQL;
        SQLite holds the write lock already). ``key_share``: a lock that still lets others add
        rows that refer to this one."""
        if self.dialect == "sqlite":
            return ""
        return " FOR NO KEY UPDATE" if key_share else " FOR UPDATE"

    def _scrub(self) -> None:
        # SQLite: secure_delete zeroed the deleted rows in their pages; the old copies of those
        # pages in the WAL go too once it is copied back and emptied.
        if self.dialect == "sqlite":
            with self._guard():
                self._conn().execute("PRAGMA wal_checkpoint(TRUNCATE)").close()

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
        with self._write() as tx:
            while True:  # PostgreSQL: another process may take the id picked; pick again
                chosen = learner_id or _free_id(tx, _slug(name), tried)
                if tx.first(
                    "INSERT INTO course_learners (id, name) VALUES (?, ?) "
                    "ON CONFLICT DO NOTHING RETURNING id", chosen, name,
                ):  # fmt: skip
                    return Learner(chosen, name)
                if learner_id:
                    raise ValueError(f"The learner id {learner_id!r} is already taken.")
                tried.add(chosen)

    def ensure_learner(self, learner_id: str, name: str | None = None) -> Learner:
        """The learner with this id, registered first (named ``name`` or the id) if new."""
        _valid(learner_id)
        if found := self.learner(learner_id):  # the usual case takes no write lock
            return found
        with self._write() as tx:
            tx.run(
                "INSERT INTO course_learners (id, name) VALUES (?, ?) ON CONFLICT DO NOTHING",
                learner_id, name or learner_id,
            )  # fmt: skip
        return self.learner(learner_id) or Learner(learner_id, name or learner_id)

    def learner(self, learner_id: str) -> Learner | None:
        """The learner with this id, or None."""
        with self._read() as tx:
            row = tx.first("SELECT id, name FROM course_learners WHERE id = ?", learner_id)
        return Learner(*row) if row else None

    def learners(self) -> list[Learner]:
        """Every learner, sorted by id."""
        with self._read() as tx:
            return [
                Learner(*r) for r in tx.rows("SELECT id, name FROM course_learners ORDER BY id")
            ]

    def remove_learner(self, learner_id: str) -> bool:
        """Delete the learner with their links, sessions and records; False if unknown."""
        with self._write() as tx:
            for table in ("course_records", *TOKEN_TABLES.values()):  # not left to foreign keys
                tx.run(f"DELETE FROM {table} WHERE learner_id = ?", learner_id)
            found = tx.run("DELETE FROM course_learners WHERE id = ?", learner_id).rowcount
        self._scrub()
        return found > 0

    def delete_data(self, learner_id: str) -> None:
        """Delete the learner's records (answers, practice, scenario, progress); keep them."""
        with self._write() as tx:
            tx.run("DELETE FROM course_records WHERE learner_id = ?", learner_id)
        self._scrub()

    # Sign-in

    def _token(self, table: str, learner_id: str, ttl: timedelta, only: bool) -> str:
        token = secrets.token_urlsafe(32)
        with self._write() as tx:
            # A row lock on PostgreSQL (SQLite already holds the write lock): one learner's new
            # links are made one at a time, so "replaces the earlier links" holds under races.
            found = "SELECT id FROM course_learners WHERE id = ?" + self._row_lock(key_share=True)
            if tx.first(found, learner_id) is None:
                raise ValueError(f"There is no learner {learner_id!r}.")
            if only:  # expired tokens serve no one: they go too
                tx.run(f"DELETE FROM {table} WHERE expires <= ? OR learner_id = ?", _now(),
                       learner_id)  # fmt: skip
            else:
                tx.run(f"DELETE FROM {table} WHERE expires <= ?", _now())
            tx.run(
                f"INSERT INTO {table} (learner_id, token_hash, expires) VALUES (?, ?, ?)",
                learner_id, _hash(token), _now() + ttl,
            )  # fmt: skip
        return token

    def new_link(self, learner_id: str, ttl: timedelta = timedelta(days=14)) -> str:
        """A one-time sign-in token; the learner's earlier links stop working. ValueError if
        the learner is unknown."""
        return self._token(TOKEN_TABLES["links"], learner_id, ttl, only=True)

    def redeem_link(self, token: str) -> Learner | None:
        """The learner a link is for, using it up; None if unknown, expired or used."""
        with self._write() as tx:
            # DELETE ... RETURNING: of two requests racing for one link, one gets the row.
            row = tx.first(
                "DELETE FROM course_links WHERE token_hash = ? RETURNING learner_id, expires",
                _hash(token),
            )
            expires = tx.time(row[1]) if row else None
        return self.learner(row[0]) if row and expires > _now() else None

    def new_session(self, learner_id: str, ttl: timedelta = timedelta(days=30)) -> str:
        """A session token (one per device: others stay valid). ValueError if unknown."""
        return self._token(TOKEN_TABLES["sessions"], learner_id, ttl, only=False)

    def session_learner(self, token: str) -> Learner | None:
        """The learner of a live session, or None."""
        with self._read() as tx:
            row = tx.first(
                "SELECT l.id, l.name FROM course_learners l JOIN course_sessions s "
                "ON s.learner_id = l.id WHERE s.token_hash = ? AND s.expires > ?",
                _hash(token), _now(),
            )  # fmt: skip
        return Learner(*row) if row else None

    def end_session(self, token: str) -> None:
        """Sign one session out."""
        with self._write() as tx:
            tx.run("DELETE FROM course_sessions WHERE token_hash = ?", _hash(token))

    def revoke(self, learner_id: str) -> None:
        """Delete every link and session of the learner: signed out everywhere."""
        with self._write() as tx:
            for table in TOKEN_TABLES.values():
                tx.run(f"DELETE FROM {table} WHERE learner_id = ?", learner_id)

    # Records

    _MINE = "learner_id = ? AND kind = ? AND key = ?"

    def put(self, learner_id: str, kind: str, key: str, value: object) -> None:
        """Save one record, replacing any earlier value; None deletes it.

        Raises:
            ValueError: unknown kind or learner, a bad key, or a value JSON cannot hold.
        """
        text = _record_text(kind, key, value)
        with self._write() as tx, _learner_must_exist(learner_id):
            if text is None:
                tx.run(f"DELETE FROM course_records WHERE {self._MINE}", learner_id, kind, key)
                return
            tx.run(
                "INSERT INTO course_records (learner_id, kind, key, value) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (learner_id, kind, key) DO UPDATE SET value = excluded.value",
                learner_id, kind, key, text,
            )  # fmt: skip

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
        with self._write() as tx, _learner_must_exist(learner_id):
            if expected is None:  # a returned row says it was saved (rowcount is not sure)
                return tx.first(
                    "INSERT INTO course_records (learner_id, kind, key, value) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (learner_id, kind, key) DO NOTHING "
                    "RETURNING key", learner_id, kind, key, text,
                ) is not None  # fmt: skip
            # The row is locked until this transaction ends (PostgreSQL: FOR UPDATE; SQLite: the
            # write lock BEGIN IMMEDIATE took), so nobody changes it between the two.
            now = tx.value(
                f"SELECT value FROM course_records WHERE {self._MINE}{self._row_lock()}",
                learner_id, kind, key,
            )  # fmt: skip
            if now is None or json.loads(now) != expected:
                return False
            tx.run(f"UPDATE course_records SET value = ? WHERE {self._MINE}",
                   text, learner_id, kind, key)  # fmt: skip
            return True

    def get(self, learner_id: str, kind: str) -> dict[str, object]:
        """The learner's records of one kind, {key: value}."""
        _check(kind)
        with self._read() as tx:
            rows = tx.rows(
                "SELECT key, value FROM course_records WHERE learner_id = ? AND kind = ?",
                learner_id, kind,
            )  # fmt: skip
        return {key: json.loads(value) for key, value in rows}

    def export(self, learner_id: str) -> dict:
        """Everything held about the learner ("learner" is None when not registered)."""
        learner, records = self.learner(learner_id), {kind: {} for kind in KINDS}
        with self._read() as tx:
            rows = tx.rows(
                "SELECT kind, key, value FROM course_records WHERE learner_id = ?", learner_id
            )
            sign_in = {
                name: tx.value(f"SELECT count(*) FROM {table} WHERE learner_id = ?", learner_id)
                for name, table in TOKEN_TABLES.items()
            }
        for kind, key, value in rows:
            records.setdefault(kind, {})[key] = json.loads(value)
        person = {"id": learner.id, "name": learner.name} if learner else None
        return {"learner": person, "records": records, "sign_in": sign_in}

    def records_for(self, kind: str, keys: Iterable[str]) -> dict[str, dict[str, object]]:
        """{learner_id: {key: value}} for every learner with at least one of ``keys``."""
        _check(kind)
        keys, found = list(keys), {}
        if not keys:
            return found
        with self._read() as tx:
            rows = tx.rows(
                "SELECT learner_id, key, value FROM course_records WHERE kind = ? "
                f"AND key IN ({', '.join('?' * len(keys))})", kind, *keys,
            )  # fmt: skip
        for learner_id, key, value in rows:
            found.setdefault(learner_id, {})[key] = json.loads(value)
        return found

    def sign_in_ends(self, learner_id: str) -> dict[str, list[datetime]]:
        """When each of the learner's sign-in links and sessions runs out (naive UTC, soonest
        first), so a learner can see them without any token or hash."""
        with self._read() as tx:
            return {
                name: [
                    tx.time(t)
                    for (t,) in tx.rows(
                        f"SELECT expires FROM {table} WHERE learner_id = ? ORDER BY expires",
                        learner_id,
                    )
                ]
                for name, table in TOKEN_TABLES.items()
            }


def _valid(learner_id: str) -> None:
    if not isinstance(learner_id, str) or not LEARNER_ID.fullmatch(learner_id):  # no "\n" at end
        raise ValueError(
            f"{learner_id!r} is not a valid learner id: 1 to 64 lower-case letters, digits, "
            "'.', '_' or '-', starting with a letter or digit."
        )


def _free_id(tx: _Tx, base: str, tried: set[str]) -> str:
    """The first of base, base-2, base-3... that no learner has (nor was just tried)."""
    pattern = re.sub(r"([/%_])", r"/\1", base[:50]) + "%"
    found = tx.rows("SELECT id FROM course_learners WHERE id LIKE ? ESCAPE '/'", pattern)
    taken = tried | {learner_id for (learner_id,) in found}
    n = 1
    while (chosen := base if n == 1 else f"{base[: 63 - len(str(n))]}-{n}") in taken:
        n += 1
    return chosen
