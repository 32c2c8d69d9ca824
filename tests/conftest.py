"""Shared pytest fixtures."""

# --- remote store (issue 7): a session-scoped real Oxigraph server, see tests/oxigraph_server.py ---
from oxigraph_server import oxigraph_server, oxigraph_union_server  # noqa: F401, I001
# --- end remote store ---

# --- read side (kg.browse, api/): the small graph of tests/data/browse_graph.toml on disk, and a real
# uvicorn server over it; see tests/browse_graph.py and tests/api_server.py ---
from api_server import api_built_server, api_server  # noqa: F401
from browse_graph import browse_store, browse_store_path, built_store, built_store_path  # noqa: F401
# --- end read side ---
