"""The Dask scheduler the scale tests run against."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def scheduler():
    """A scheduler on loopback with 2 worker processes (what ``dask scheduler`` and two
    ``dask worker`` give), for ``cluster=`` its address; one per test module."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0"
    ) as cluster:
        yield cluster
