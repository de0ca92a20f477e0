"""Rate limits shared by every worker process of a server: sign-in attempts per client,
tip-line submissions for the whole server.

Each counted attempt is a row of ``rate_events`` (bucket, key, time), so that the limit
holds whichever worker process a request reaches: with four workers, ten sign-in attempts
per five minutes are ten, not forty. What is stored about a client is nothing it could be
found by: the key is an HMAC-SHA256 of the client's address under a secret that lives only
in the server's memory (``redes serve`` makes a new one at each start and hands it to its
workers), so a copy of the database cannot tell which address made an attempt, not even by
trying every IPv4 address. Rows leave the table once they are older than the window. The
tip line's key is the constant "tip": no row says anything about who sent one.

Counting is exact across processes: the attempt's row is written before the count (on
SQLite, that takes the database's write lock; on PostgreSQL, a transaction-level advisory
lock per bucket), so two concurrent attempts never both see room for one.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass

from sqlalchemy import delete, func, select, text

from redes.access.models import RateEvent
from redes.store import Store


@dataclass(frozen=True)
class RateLimit:
    """At most ``limit`` events per ``window`` seconds."""

    limit: int
    window: float


class SharedLimiter:
    """``limit`` events per ``window`` seconds for each key in ``bucket``, counted in the
    database (see the module's docstring). The limit and window may be given per call, so
    that a module-level ``RateLimit`` (the tip line's) can be changed in one place."""

    def __init__(self, store: Store, bucket: str, limit: int, window: float, secret: bytes) -> None:
        self.store = store.scoped(None)
        self.bucket, self.limit, self.window = bucket, limit, window
        self.secret = secret

    def _key(self, key: str) -> str:
        return hmac.new(self.secret, key.encode("utf-8", "replace"), hashlib.sha256).hexdigest()

    def allow(self, key: str, rule: RateLimit | None = None) -> bool:
        """Count one event for ``key``; False (and not counted) when over the limit."""
        limit, window = (rule.limit, rule.window) if rule is not None else (self.limit, self.window)
        hashed, now = self._key(key), time.time()
        table = RateEvent.__table__
        with self.store.session() as s:
            if s.get_bind().dialect.name == "postgresql":
                s.execute(
                    text("SELECT pg_advisory_xact_lock(hashtext(:b))"), {"b": f"redes.rate.{self.bucket}"}
                )
            s.execute(table.insert().values(bucket=self.bucket, key=hashed, at=now))
            s.execute(delete(table).where(table.c.bucket == self.bucket, table.c.at <= now - window))
            counted = s.scalar(
                select(func.count())
                .select_from(table)
                .where(table.c.bucket == self.bucket, table.c.key == hashed, table.c.at > now - window)
            )
            if counted > limit:
                s.rollback()  # not counted
                return False
        return True

    def reset(self) -> None:
        with self.store.session() as s:
            s.execute(delete(RateEvent.__table__).where(RateEvent.__table__.c.bucket == self.bucket))
