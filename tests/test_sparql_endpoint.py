"""The SPARQL endpoint to the letter and under abuse, through a real `qingdan serve` with small limits:
the cases of tests/data/sparql_protocol_cases.toml (Protocol status codes, datasets, formats, caps),
a time limit that kills the worker process, SERVICE that never opens a connection, the same on a
remote store (a real Oxigraph server), and every limit documented in docs/sparql.md."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
import tomllib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path
from typing import Any

import httpx
import pytest
import rdflib
from api_server import qingdan_process
from oxigraph_server import OxigraphServer, oxigraph_binary
from pyoxigraph import RdfFormat
from pyoxigraph import Store as OxStore

from kg.sparql_limits import ENV_VARS, SparqlLimits

ROOT = Path(__file__).resolve().parents[1]
CASES = tomllib.loads((ROOT / "tests" / "data" / "sparql_protocol_cases.toml").read_text(encoding="utf-8"))["case"]
LIMITS = {
    "QINGDAN_SPARQL_TIMEOUT": "3",
    "QINGDAN_SPARQL_MAX_ROWS": "5",
    "QINGDAN_SPARQL_MAX_REQUEST_BYTES": "4000",
    "QINGDAN_SPARQL_MAX_RESPONSE_BYTES": "20000",
    "QINGDAN_SPARQL_WORKERS": "1",
    "QINGDAN_SPARQL_MAX_WAITING": "1",
    "QINGDAN_SPARQL_MAX_MEMORY_MB": "1024",
    "QINGDAN_SPARQL_MAX_QUERY_TERMS": "500",
}
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
RDF_FORMATS = {"application/n-triples": "nt", "text/turtle": "turtle"}


@contextmanager
def qingdan_serve(store: str, log: Path, env: dict[str, str]) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    with qingdan_process(["serve", "--store", store], "/healthz", log, env=env) as served:
        yield served


@pytest.fixture(scope="module")
def limited(browse_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    log = tmp_path_factory.mktemp("sparql-limited") / "serve.log"
    with qingdan_serve(str(browse_store_path), log, LIMITS) as (url, process):
        yield url, process.pid


def send(base: str, case: dict[str, Any]) -> httpx.Response:
    params = [tuple(p) for p in case.get("params", [])]
    if "pad_to" in case:
        params.append(("pad", "x" * case["pad_to"]))
    headers = dict(case.get("headers", {}))
    content: bytes | None = None
    if "form" in case:
        content = httpx.QueryParams([tuple(p) for p in case["form"]]).__str__().encode()
        headers["content-type"] = case.get("content_type", "application/x-www-form-urlencoded")
    elif "body" in case or "body_repeat" in case or "nested" in case:
        text = built_body(case)
        content = text.encode()
        if "content_type" in case:
            headers["content-type"] = case["content_type"]
    elif "content_type" in case:
        headers["content-type"] = case["content_type"]
    return httpx.request(case.get("method", "GET"), f"{base}/sparql", params=params, content=content,
                         headers=headers, timeout=30.0)


def built_body(case: dict[str, Any]) -> str:
    """The body of a case: as written; `body_repeat` [text, n]: text n times, then `ASK {}`;
    `nested` [head, open, inner, close, n]: head + open × n + inner + close × n."""
    if "body_repeat" in case:
        return str(case["body_repeat"][0] * case["body_repeat"][1] + "ASK {}")
    if "nested" in case:
        head, opener, inner, closer, n = case["nested"]
        return str(head + opener * n + inner + closer * n)
    return str(case["body"])


def first_cell(response: httpx.Response) -> int:
    body = response.json()
    return int(body["results"]["bindings"][0][body["head"]["vars"][0]]["value"])


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_protocol(limited: tuple[str, int], case: dict[str, Any]) -> None:
    response = send(limited[0], case)
    assert response.status_code == case["status"], response.text[:500]
    media = response.headers.get("content-type", "").split(";")[0]
    if "media" in case:
        assert media == case["media"]
    if "error" in case:
        assert response.json()["error"]["code"] == case["error"]
    if "count" in case:
        assert first_cell(response) == case["count"]
    if "boolean" in case:
        assert response.json()["boolean"] is case["boolean"]
    if "triples" in case or "min_triples" in case:
        graph = rdflib.Graph().parse(data=response.text, format=RDF_FORMATS[media])
        assert len(graph) == case["triples"] if "triples" in case else len(graph) >= case["min_triples"]
    if "rows" in case:
        assert response.headers["x-sparql-rows"] == str(case["rows"])
    if "truncated" in case:
        assert (response.headers.get("x-sparql-truncated") == "true") is case["truncated"]
        if case["truncated"]:
            assert response.headers["x-sparql-maxrows"] == LIMITS["QINGDAN_SPARQL_MAX_ROWS"]
    for name in case.get("has_header", []):
        assert name in response.headers, name
    if case.get("empty_body"):
        assert response.content == b""
    if "body_contains" in case:
        assert case["body_contains"] in response.text


def workers_of(pid: int) -> set[int]:
    """Child processes of the server that are query workers (multiprocessing spawn children, not its
    resource tracker), from /proc."""
    children: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        children |= {int(c) for c in (task / "children").read_text().split()}
    return {c for c in children if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()}


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="需要 Linux /proc 来观察查询进程")
def test_time_limit_kills_the_worker_and_a_new_one_answers(limited: tuple[str, int]) -> None:
    url, server_pid = limited
    assert httpx.get(f"{url}/sparql", params={"query": "ASK {}"}, timeout=30).status_code == 200
    before = workers_of(server_pid)
    assert before, "the endpoint runs queries in worker processes"
    started = time.monotonic()
    response = httpx.post(f"{url}/sparql", data={"query": SLOW}, timeout=60)
    assert response.status_code == 503 and response.json()["error"]["code"] == "query_timeout"
    assert time.monotonic() - started < 30, "stopped near the 3 s limit, not after the query finished"
    assert not any(alive(pid) for pid in before), "the worker that ran the slow query is gone"
    assert httpx.get(f"{url}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30).json()["boolean"] is True
    assert workers_of(server_pid) - before, "a new worker took its place"


def test_slow_queries_in_parallel_fill_the_queue_not_the_server(limited: tuple[str, int]) -> None:
    """One worker and one waiting place: of four slow queries sent at once, two are refused as busy
    straight away, and /healthz answers while the other two run."""
    url = limited[0]

    def slow() -> tuple[float, httpx.Response]:
        started = time.monotonic()
        response = httpx.post(f"{url}/sparql", data={"query": SLOW}, timeout=60)
        return time.monotonic() - started, response

    with ThreadPoolExecutor(4) as pool:
        answers = [pool.submit(slow) for _ in range(4)]
        time.sleep(1.0)
        health = httpx.get(f"{url}/healthz", timeout=2.0)
        results = [a.result() for a in answers]
    assert health.status_code == 200
    busy = [(t, r) for t, r in results if r.status_code == 503 and r.json()["error"]["code"] == "endpoint_busy"]
    assert len(busy) >= 2, [(t, r.status_code, r.text[:100]) for t, r in results]
    assert min(t for t, _ in busy) < 1.5, "refused at once, not after waiting"
    assert all(r.status_code == 503 for _, r in results)


HUNGRY = "SELECT ?a ?b WHERE { ?a ?p ?x . ?b ?q ?y } ORDER BY ?a ?b LIMIT 1"
"""A sorted cross product: without the memory cap it grows until the machine runs out."""


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="需要 Linux /proc 来观察查询进程")
def test_memory_cap_ends_the_worker_not_the_machine(limited: tuple[str, int]) -> None:
    url, server_pid = limited
    assert httpx.get(f"{url}/sparql", params={"query": "ASK {}"}, timeout=30).status_code == 200
    before = workers_of(server_pid)
    response = httpx.post(f"{url}/sparql", data={"query": HUNGRY}, timeout=60)
    assert response.status_code == 503, response.text[:300]
    assert response.json()["error"]["code"] == "query_memory"
    assert "1024 MB" in response.json()["error"]["message"]
    assert not any(alive(pid) for pid in before), "the worker that ran out of memory is gone"
    assert httpx.get(f"{url}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30).json()["boolean"] is True


class Listener:
    """A TCP server on loopback that only counts the connections it accepts."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


SERVICE_QUERIES = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:{port}/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://127.0.0.1:{port}/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://127.0.0.1:{port}/> { ?s ?p ?o } } } }",
    "PREFIX x: <http://127.0.0.1:{port}/> SELECT * WHERE { SERVICE x:q { ?s ?p ?o } } # SERVICE",
    "ASK { SERVICE <http://127.0.0.1:{port}/q> { ?s ?p ?o } }",
    "CONSTRUCT WHERE { SERVICE <http://127.0.0.1:{port}/q> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:{port}/q> { ?s ?p ?o } }",
]


def test_service_is_refused_without_any_connection(limited: tuple[str, int]) -> None:
    listener = Listener()
    try:
        control = OxStore()
        list(control.query(SERVICE_QUERIES[1].replace("{port}", str(listener.port))))
        time.sleep(0.3)
        assert listener.connections >= 1, "control: pyoxigraph itself does connect to a SERVICE"
        listener.connections = 0
        for template in SERVICE_QUERIES:
            query = template.replace("{port}", str(listener.port))
            for response in (
                httpx.get(f"{limited[0]}/sparql", params={"query": query}, timeout=30),
                httpx.post(f"{limited[0]}/sparql", content=query.encode(), timeout=30,
                           headers={"content-type": "application/sparql-query"}),
            ):
                assert response.status_code == 403, (query, response.text)
                assert response.json()["error"]["code"] == "service_refused"
        time.sleep(0.3)
        assert listener.connections == 0
    finally:
        listener.close()


@pytest.fixture
def private_oxigraph(tmp_path: Path) -> Iterator[OxigraphServer]:
    """An Oxigraph server of this test alone: the slow query keeps it busy until it is stopped."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("未找到 oxigraph 命令（pip install oxigraph），跳过远程图数据库测试")
    server = OxigraphServer(binary, tmp_path)
    yield server
    server.stop()


def test_remote_store_endpoint_with_time_limit(
    private_oxigraph: OxigraphServer, browse_store_path: Path, tmp_path: Path
) -> None:
    """`qingdan serve --store http://…` proxies through the remote store; limits hold there too."""
    dump = OxStore.read_only(str(browse_store_path)).dump(format=RdfFormat.N_QUADS)
    httpx.post(f"{private_oxigraph.url}/store", content=dump, headers={"content-type": "application/n-quads"},
               timeout=30).raise_for_status()
    with qingdan_serve(private_oxigraph.url, tmp_path / "serve.log", LIMITS) as (url, _):
        count = httpx.get(f"{url}/sparql", params={"query": "SELECT (COUNT(?i) AS ?n) WHERE { ?i a qd:DutyItem }"},
                          timeout=30)
        assert count.status_code == 200 and first_cell(count) == 8
        cut = httpx.get(f"{url}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=30)
        assert cut.headers["x-sparql-truncated"] == "true"
        slow = httpx.post(f"{url}/sparql", data={"query": SLOW}, timeout=60)
        assert slow.status_code == 503 and slow.json()["error"]["code"] == "query_timeout", slow.text
        after = httpx.get(f"{url}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
        assert after.json()["boolean"] is True


def test_every_limit_is_documented() -> None:
    """Each field of SparqlLimits has its row in the limits table: field, variable, default, meaning."""
    docs = (ROOT / "docs" / "sparql.md").read_text(encoding="utf-8")
    defaults = SparqlLimits()
    assert set(ENV_VARS) == {f.name for f in fields(SparqlLimits)}
    for field, var in ENV_VARS.items():
        value = getattr(defaults, field)
        default = str(int(value)) if float(value).is_integer() else str(value)
        row = f"| `{field}` | `{var}` | {default} | "
        assert row in docs, f"docs/sparql.md lacks the row {row!r}"
