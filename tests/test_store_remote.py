"""RemoteStore beyond the shared contract: configuration, failures users must understand, read-only."""

from __future__ import annotations

import socket
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_server import free_port
from oxigraph_server import OxigraphServer
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from kg.remote_store import (
    OPERATION_TRIPLES,
    RemoteQueryError,
    RemoteStore,
    remote_config,
    replacement_update,
    update_batches,
)
from kg.sparql_worker import REMOTE_GRACE_S, open_for_queries
from kg.store import EmbeddedStore, StoreError, open_store, select

ROOT = Path(__file__).resolve().parents[1]
CONFIG_CASES = tomllib.loads((ROOT / "tests" / "data" / "store_remote_config.toml").read_text(encoding="utf-8"))
BATCH_CASES = tomllib.loads((ROOT / "tests" / "data" / "store_remote_batches.toml").read_text(encoding="utf-8"))
G = NamedNode("http://example.org/g")
H = NamedNode("http://example.org/h")
T = Triple(NamedNode("http://example.org/s"), NamedNode("http://example.org/p"), Literal("o"))
T2 = Triple(NamedNode("http://example.org/s"), NamedNode("http://example.org/p"), Literal("第二"))


@pytest.mark.parametrize("case", CONFIG_CASES["case"], ids=[c["name"] for c in CONFIG_CASES["case"]])
def test_configuration(case: dict[str, Any]) -> None:
    if "error" in case:
        with pytest.raises(StoreError, match=case["error"]):
            remote_config(case["location"], case.get("env", {}), **case.get("kwargs", {}))
        return
    config = remote_config(case["location"], case.get("env", {}), **case.get("kwargs", {}))
    got = (config.query, config.update, config.union, config.timeout, config.max_update_bytes)
    assert got == (case["query"], case["update"], case["union"], case["timeout"], case["max_update_bytes"])


def test_the_endpoint_workers_keep_their_own_timeout(
    oxigraph_server: OxigraphServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`qingdan serve` gives its workers' remote store the query time limit, whatever the build's timeout."""
    monkeypatch.setenv("QINGDAN_REMOTE_TIMEOUT", "900")
    store = open_for_queries(oxigraph_server.url, 3.0)
    assert isinstance(store, RemoteStore) and store.config.timeout == 3.0 + REMOTE_GRACE_S
    store.close()


@pytest.mark.parametrize("case", BATCH_CASES["case"], ids=[c["name"] for c in BATCH_CASES["case"]])
def test_update_batches(case: dict[str, Any]) -> None:
    graphs = [(NamedNode(f"http://example.org/g{i}"), b"x" * size) for i, size in enumerate(case["sizes"])]
    got = [[graphs.index(g) for g in batch] for batch in update_batches(graphs, case["budget"])]
    assert got == case["requests"]


def test_replacement_update_text() -> None:
    """Drops first, then INSERT DATA for the graphs that have triples; an empty graph is only dropped."""
    nt = f"{T} .\n".encode()
    assert replacement_update([(G, nt), (H, b"")]) == (
        b"DROP SILENT GRAPH <http://example.org/g> ;\nDROP SILENT GRAPH <http://example.org/h> ;\n"
        b"INSERT DATA {\nGRAPH <http://example.org/g> {\n" + nt + b"}\n}"
    )
    assert replacement_update([(H, b"")]) == b"DROP SILENT GRAPH <http://example.org/h>"


def test_insert_data_operations_hold_at_most_operation_triples() -> None:
    lines = [f"<http://example.org/s{i}> <http://example.org/p> \"第{i}\\n行\" .\n".encode() for i in range(2500)]
    update = replacement_update([(G, b"".join(lines))])
    operations = update.split(b" ;\n")[1:]
    assert [op.count(b" .\n") for op in operations] == [OPERATION_TRIPLES, OPERATION_TRIPLES, 500]
    assert update.count("行".encode()) == 2500, "every triple once; an escaped line break is no line end"


def test_graphs_over_the_budget_are_replaced_one_request_each(oxigraph_server: OxigraphServer) -> None:
    oxigraph_server.clear()
    url = oxigraph_server.url
    store = RemoteStore(url, config=remote_config(url, {}, max_update_bytes=len(f"{T} .\n{T2} .\n")))
    store.replace_graphs({G: [T], H: [T, T2]})
    store.replace_graphs({G: [T2], H: []})
    rows = select(store, "SELECT ?g ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert [(r["g"], r["o"]) for r in rows] == [(G, T2.object)]
    assert store.named_graphs() == [G]


def test_a_graph_larger_than_the_budget_is_staged(oxigraph_server: OxigraphServer) -> None:
    """Written to `<g>#staging` in several requests, then moved: the same content, no staging graph left."""
    oxigraph_server.clear()
    url = oxigraph_server.url
    store = RemoteStore(url, config=remote_config(url, {}, max_update_bytes=300))
    big = [Triple(NamedNode(f"http://example.org/s{i}"), T.predicate, Literal(f"第{i}项")) for i in range(40)]
    store.replace_graphs({G: [T], H: big})
    store.replace_graphs({H: big[:30]})
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    assert [int(r["n"].value) for r in select(store, count)] == [1, 30]  # type: ignore[union-attr]
    assert set(store.named_graphs()) == {G, H}


def test_open_store_chooses_by_location(oxigraph_server: OxigraphServer, tmp_path: Path) -> None:
    remote = open_store(oxigraph_server.url)
    local = open_store(tmp_path / "store")
    assert isinstance(remote, RemoteStore) and remote.location == oxigraph_server.url
    assert isinstance(local, EmbeddedStore)
    remote.close()
    local.close()


def test_server_down_is_a_clear_store_error_at_open() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError, match=r"无法连接图数据库服务“http://127\.0\.0\.1:\d+/query”") as info:
        open_store(url)
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_server_stopped_after_open_is_a_clear_store_error(tmp_path: Path) -> None:
    from oxigraph_server import oxigraph_binary

    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("未找到 oxigraph 命令")
    server = OxigraphServer(binary, tmp_path)
    store = RemoteStore(server.url)
    server.stop()
    with pytest.raises(StoreError, match=r"/update.*请确认服务已启动"):
        store.replace_graphs({G: [T]})
    with pytest.raises(StoreError, match="/query"):
        store.query("ASK {}")


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A TCP listener that accepts connections and never answers."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


def test_timeout_is_configurable_and_explained(silent_server: str) -> None:
    with pytest.raises(StoreError, match=r"在 0\.3 秒内没有应答.*QINGDAN_REMOTE_TIMEOUT"):
        RemoteStore(silent_server, config=remote_config(silent_server, {}, timeout=0.3))


def test_http_error_names_endpoint_status_and_body(oxigraph_server: OxigraphServer) -> None:
    url = oxigraph_server.url
    with pytest.raises(StoreError, match=r"no-such-endpoint.*HTTP 404"):
        RemoteStore(url, config=remote_config(url, {}, query=f"{url}/no-such-endpoint"))


def test_malformed_query_is_a_remote_query_error(oxigraph_server: OxigraphServer) -> None:
    store = RemoteStore(oxigraph_server.url)
    with pytest.raises(RemoteQueryError, match=r"/query”拒绝了请求（HTTP 400") as info:
        store.query("SELECT ?x WHERE { ?x ?y }")
    assert isinstance(info.value, SyntaxError) and isinstance(info.value, StoreError)


def test_read_only_refuses_writes_but_reads(oxigraph_server: OxigraphServer) -> None:
    oxigraph_server.clear()
    RemoteStore(oxigraph_server.url).replace_graphs({G: [T]})
    store = RemoteStore(oxigraph_server.url, read_only=True)
    with pytest.raises(StoreError, match="只读"):
        store.replace_graphs({G: []})
    with pytest.raises(StoreError, match="只读"):
        store.drop_graphs([G])
    assert store.named_graphs() == [G]


def test_blank_node_bindings_are_refused(oxigraph_server: OxigraphServer) -> None:
    with pytest.raises(StoreError, match="只能绑定 IRI 或字面量"):
        RemoteStore(oxigraph_server.url).query("SELECT ?s WHERE { ?s ?p ?o }", {"s": BlankNode()})
