"""Shared pytest fixtures."""

# --- remote store (issue 7): a session-scoped real Oxigraph server, see tests/oxigraph_server.py ---
from oxigraph_server import oxigraph_server, oxigraph_union_server  # noqa: F401, I001
from virtuoso_server import virtuoso_server  # noqa: F401
# --- end remote store ---

# --- both stores (issue 7): end-to-end fixtures parametrised over embedded and remote, see
# tests/store_kinds.py ---
from store_kinds import fresh_store_locations, store_kind, store_locations  # noqa: F401
from analysis_store import analysis_location  # noqa: F401
# --- end both stores ---

# --- read side (kg.browse, api/): the small graph of tests/data/browse_graph.toml on disk, and a real
# uvicorn server over it; see tests/browse_graph.py and tests/api_server.py ---
from api_server import api_built_server, api_server  # noqa: F401
from browse_graph import (  # noqa: F401
    browse_location, browse_store, browse_store_path, built_location, built_store, built_store_path,
)
# --- end read side ---

# --- Streamlit's AppTest puts its script in sys.modules["__main__"] and leaves it there: a later
# spawn-based process pool (kg.build workers, tests/test_build_parallel.py) would re-run that script
# in every child and break. Each test gets back the __main__ it started with. ---
import sys
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _keep_main_module() -> Iterator[None]:
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main
# --- end AppTest ---
