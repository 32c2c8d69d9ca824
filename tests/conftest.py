"""Shared pytest fixtures."""

# --- remote store (issue 7): a session-scoped real Oxigraph server, see tests/oxigraph_server.py ---
from oxigraph_server import oxigraph_server, oxigraph_union_server  # noqa: F401, I001
# --- end remote store ---
