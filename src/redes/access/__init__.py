"""Access control: accounts, roles, collection grants, the query filter and the audit log.

    scope = scope_for(session, user)      # what a user may read and write
    store.scoped(scope)                   # a store whose every query sees only that
    OWNER                                 # the local owner: everything
    users.authenticate(session, name, pw) # accounts, tokens, sessions, groups, grants
    audit.record(session, action, actor)  # the hash-chained audit log

The filter lives in ``filters`` and is the only place that decides what a query may
return; handlers and commands never check collections themselves.
"""

from redes.access import audit, passwords, users
from redes.access import filters as _filters  # noqa: F401  (registers the query filter)
from redes.access import rls as _rls  # noqa: F401  (sets the PostgreSQL policy setting)
from redes.access.passwords import hash_password, new_token, token_hash, verify_password
from redes.access.scope import ANONYMOUS, OWNER, Scope, scope_for

__all__ = [
    "ANONYMOUS",
    "OWNER",
    "Scope",
    "audit",
    "hash_password",
    "new_token",
    "passwords",
    "scope_for",
    "token_hash",
    "users",
    "verify_password",
]
