"""SPARQL endpoint benchmark: `.venv/bin/python -m bench.bench_sparql [--county CODE] [--requests N]`.

In one run on the same data — one generated county (`qingdan demo generate --county`, built into a
fresh store; data/sample when the demo generator is not there) — the same two queries, a trace
(kg/queries/trace_citations.rq for one item) and a group-by (kg/queries/stats_township_lists.rq),
are sent:

1. to qingdan's endpoint: a real `qingdan serve` (uvicorn, worker processes, default limits);
2. to a real Oxigraph server (`oxigraph serve --union-default-graph`) loaded with the same quads
   (the store dumped to N-Quads and posted to its Graph Store endpoint);
3. to rdflib's in-memory SPARQL over the same quads (a Dataset with the union default graph).

HTTP servers get a bounded number of requests from a few client threads on loopback, in rounds that
alternate between the two servers (so a busy moment of the machine falls on both alike); rdflib runs
the query a bounded number of times in this process. Printed: requests per second, p50/p95 latency
(ms) and the ratios against the targets (qingdan ≥ 0.5 × Oxigraph server, ≥ 30 × rdflib).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import rdflib
from pyoxigraph import RdfFormat
from pyoxigraph import Store as OxStore

from kg.build import build
from kg.store import open_store, select
from kg.vocab import SPARQL_PREFIXES

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "kg" / "queries"
TARGET_VS_OXIGRAPH = 0.5
TARGET_VS_RDFLIB = 30.0
CLIENTS = 4
FIRST_ITEM = "SELECT ?item WHERE { ?item qd:hasCitation ?c } ORDER BY ?item LIMIT 1"


@dataclass(frozen=True)
class Figures:
    requests: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def __add__(self, other: Figures) -> Figures:
        return Figures(self.requests + other.requests, self.seconds + other.seconds,
                       self.latencies_ms + other.latencies_ms)

    def line(self, name: str) -> str:
        q = statistics.quantiles(self.latencies_ms, n=20) if len(self.latencies_ms) > 1 else self.latencies_ms * 19
        return (f"  {name:<16} {self.rps:9.1f} req/s   p50 {statistics.median(self.latencies_ms):8.2f} ms"
                f"   p95 {q[18]:8.2f} ms   ({self.requests} requests)")


def prepare_store(tmp: Path, county: str) -> Path:
    """A fresh store with one generated county, or data/sample when the generator is not there."""
    try:
        from kg.demo import generate
    except ImportError:
        generate = None
    store_path = tmp / "store"
    if generate is not None:
        out = tmp / "county"
        generate(1, out, data_dir=ROOT / "data", counties=[county])
        sources = sorted(p for p in out.iterdir() if p.is_dir())
    else:
        sources = [ROOT / "data" / "sample"]
    store = open_store(store_path)
    try:
        report = build(sources, store, data_dir=ROOT / "data")
    finally:
        store.close()
    print(f"data: {', '.join(s.name for s in sources)} → {report}"[:300])
    return store_path


def queries(store_path: Path) -> dict[str, str]:
    """The trace query for the first item with citations (bound by VALUES, so every engine runs the
    same text) and the group-by query, each with the project's PREFIX declarations."""
    store = open_store(store_path, read_only=True)
    item = select(store, FIRST_ITEM)[0]["item"]
    trace = (QUERIES / "trace_citations.rq").read_text(encoding="utf-8").replace(
        "WHERE {", f"WHERE {{\n  VALUES ?item {{ {item} }}", 1)
    group_by = (QUERIES / "stats_township_lists.rq").read_text(encoding="utf-8")
    return {"trace": SPARQL_PREFIXES + trace, "group-by": SPARQL_PREFIXES + group_by}


def hammer(url: str, query: str, requests: int) -> Figures:
    """`requests` POSTs of `query` from CLIENTS threads; every answer must be 200."""
    def one(client: httpx.Client) -> float:
        started = time.perf_counter()
        response = client.post(url, data={"query": query}, headers={"Accept": "application/sparql-results+json"})
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code}: {response.text[:300]}")
        return (time.perf_counter() - started) * 1000

    clients = [httpx.Client(timeout=60) for _ in range(CLIENTS)]
    try:
        for c in clients:
            one(c)  # warm up
        started = time.perf_counter()
        with ThreadPoolExecutor(CLIENTS) as pool:
            latencies = list(pool.map(lambda i: one(clients[i % CLIENTS]), range(requests)))
        return Figures(requests, time.perf_counter() - started, latencies)
    finally:
        for c in clients:
            c.close()


def alternating(ours_url: str, theirs_url: str, query: str, requests: int, rounds: int) -> tuple[Figures, Figures]:
    """`rounds` rounds of `hammer`, each on our server then theirs, the figures of each server summed."""
    ours, theirs = hammer(ours_url, query, requests), hammer(theirs_url, query, requests)
    for _ in range(rounds - 1):
        ours, theirs = ours + hammer(ours_url, query, requests), theirs + hammer(theirs_url, query, requests)
    return ours, theirs


def timed(run: Callable[[], object], times: int) -> Figures:
    """`times` runs after one warm-up run (as the HTTP clients warm up with one request each)."""
    run()
    latencies = []
    started = time.perf_counter()
    for _ in range(times):
        t = time.perf_counter()
        run()
        latencies.append((time.perf_counter() - t) * 1000)
    return Figures(times, time.perf_counter() - started, latencies)


def wait_until(url: str, process: subprocess.Popen[bytes], probe: Callable[[str], bool]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            if probe(url):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_qingdan(store_path: Path) -> tuple[str, subprocess.Popen[bytes]]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(store_path),
                                "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    wait_until(base, process, lambda u: httpx.get(f"{u}/healthz", timeout=1).status_code == 200)
    return f"{base}/sparql", process


def start_oxigraph(tmp: Path, nquads: bytes) -> tuple[str, subprocess.Popen[bytes]]:
    binary = Path(sys.executable).parent / "oxigraph"
    port = free_port()
    process = subprocess.Popen([str(binary), "serve", "--location", str(tmp / "oxigraph"), "--bind",
                                f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    wait_until(base, process, lambda u: httpx.post(f"{u}/query", data={"query": "ASK {}"}, timeout=1).is_success)
    httpx.post(f"{base}/store", content=nquads, headers={"Content-Type": "application/n-quads"},
               timeout=300).raise_for_status()
    return f"{base}/query", process


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--county", default="640221", help="county code to generate (default 640221 平罗县)")
    parser.add_argument("--requests", type=int, default=300, help="HTTP requests per query, server and round")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per query (default 3)")
    parser.add_argument("--rdflib-runs", type=int, default=5, help="rdflib runs per query")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="qingdan-bench-sparql-") as tmp_name:
        tmp = Path(tmp_name)
        store_path = prepare_store(tmp, args.county)
        texts = queries(store_path)
        nquads = OxStore.read_only(str(store_path)).dump(format=RdfFormat.N_QUADS) or b""
        quads = nquads.count(b"\n")
        print(f"quads: {quads}, qingdan workers: {os.environ.get('QINGDAN_SPARQL_WORKERS', 'default')}, "
              f"clients: {CLIENTS}, CPUs: {os.cpu_count()}")
        dataset = rdflib.Dataset(default_union=True)
        dataset.parse(data=nquads, format="nquads")
        qingdan_url, qingdan = start_qingdan(store_path)
        oxigraph_url, oxigraph = start_oxigraph(tmp, nquads)
        ok = True
        try:
            for name, text in texts.items():
                ours, theirs = alternating(qingdan_url, oxigraph_url, text, args.requests, args.rounds)
                local = timed(lambda text=text: list(dataset.query(text)), args.rdflib_runs)
                vs_ox, vs_rdflib = ours.rps / theirs.rps, ours.rps / local.rps
                ok &= vs_ox >= TARGET_VS_OXIGRAPH and vs_rdflib >= TARGET_VS_RDFLIB
                print(f"\n{name}:")
                print(ours.line("qingdan /sparql"))
                print(theirs.line("oxigraph serve"))
                print(local.line("rdflib (memory)"))
                print(f"  qingdan / oxigraph = {vs_ox:.2f} (target ≥ {TARGET_VS_OXIGRAPH})   "
                      f"qingdan / rdflib = {vs_rdflib:.1f} (target ≥ {TARGET_VS_RDFLIB:g})")
        finally:
            stop(qingdan)
            stop(oxigraph)
    print("\n目标" + ("达成" if ok else "未达成"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
