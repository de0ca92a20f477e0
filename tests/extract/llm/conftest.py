from __future__ import annotations

import pytest

from tests.extract.llm.fakeserver import fake_llm


@pytest.fixture(scope="module")
def llm_server():
    with fake_llm() as fake:
        yield fake
