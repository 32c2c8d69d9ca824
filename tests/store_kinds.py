"""The end-to-end tests on both stores (issue 7): the embedded pyoxigraph store on disk and a real
Oxigraph server (`oxigraph serve`, PyPI `oxigraph`) reached over the SPARQL 1.1 Protocol.

`store_kind` is a session fixture parametrised over `embedded` and `remote`. Every fixture that gives
tests a store (tests/browse_graph.py, tests/analysis_store.py, tests/api_server.py, the county builds
of test_checks.py) depends on it, so the tests using those fixtures run once per kind with the same
assertions. A store is named by its location, a folder or an http:// URL, as `open_store`,
`qingdan serve --store` and `QINGDAN_STORE` take it.

`StoreLocations.new(name)` hands out a fresh empty store of one kind: a new folder, or the URL of a
new, dedicated Oxigraph server (about 50 ms to start). Dedicated, because queries see the union of
all named graphs of a server: the graphs of two tests on one server would answer each other's
questions (the session servers of tests/oxigraph_server.py are shared by the store contract tests).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from oxigraph_server import OxigraphServer, oxigraph_binary

STORE_KINDS = ("embedded", "remote")


class StoreLocations:
    """Fresh empty stores of one kind; `close` stops the servers it started."""

    def __init__(self, kind: str, tmp_path_factory: pytest.TempPathFactory) -> None:
        self.kind = kind
        self._tmp = tmp_path_factory
        self._servers: list[OxigraphServer] = []

    def new(self, name: str) -> str:
        folder = self._tmp.mktemp(f"{name}-{self.kind}")
        if self.kind == "embedded":
            return str(folder / "store")
        binary = oxigraph_binary()
        if binary is None:
            pytest.skip("未找到 oxigraph 命令（pip install oxigraph），跳过远程图数据库上的端到端测试")
        server = OxigraphServer(binary, folder)
        self._servers.append(server)
        return server.url

    def close(self) -> None:
        for server in self._servers:
            server.stop()
        self._servers.clear()


@pytest.fixture(scope="session", params=STORE_KINDS)
def store_kind(request: pytest.FixtureRequest) -> str:
    kind: str = request.param
    return kind


@pytest.fixture(scope="session")
def store_locations(store_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreLocations]:
    """Stores that live as long as the session runs tests of this kind."""
    locations = StoreLocations(store_kind, tmp_path_factory)
    yield locations
    locations.close()


@pytest.fixture
def fresh_store_locations(store_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreLocations]:
    """Stores for one test, stopped when it ends."""
    locations = StoreLocations(store_kind, tmp_path_factory)
    yield locations
    locations.close()
