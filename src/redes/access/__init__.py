"""Access control: accounts, roles, collection grants, the query filter and the audit log.

    scope = scope_for(session, user)      # what a user may read and write
    store.scoped(scope)                   # a store whose every query sees only that
    OWNER                                 # the local owner: everything

The filter lives in ``filters`` and is the only place that decides what a query may
return; handlers and commands never check collections themselves.
"""

from redes.access import filters as _filters  # noqa: F401  (registers the query filter)
from redes.access.scope import ANONYMOUS, OWNER, Scope, scope_for

__all__ = ["ANONYMOUS", "OWNER", "Scope", "scope_for"]
