"""Run endpoint queries in worker processes that can be killed, so the time limit really stops the work.

pyoxigraph's `Store.query` takes no timeout, and a thread abandoned by `asyncio.wait_for` keeps
evaluating. So each query goes to a small pool of worker processes, each holding the store open
read-only (`Store.read_only(path)`, or a `RemoteStore` whose HTTP timeout is the same limit). The
worker evaluates AND serialises (writing a huge result is work too) and sends back the bytes. When
the limit passes, the pool kills the worker (SIGKILL) and starts a fresh one in its place.

Memory is bounded the same way: a worker's address space is capped (`RLIMIT_AS`, the limits'
`max_memory_mb`), so a query that would take the machine's memory (a sorted cross product, say) ends
its own worker instead: Rust aborts on the failed allocation, or Python raises `MemoryError`; either
way the answer is the `memory` failure and a fresh worker takes the place of a dead one.

`run_job(store, job)` is the pure part — one job on an open store — and is what a worker runs.
SERVICE and UPDATE are refused by the caller before a job is made (see `kg.sparql_text`); the worker
checks SERVICE again, so a SERVICE query never reaches the evaluator whoever builds the job.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from pyoxigraph import NamedNode, QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat

from kg.sparql_limits import SparqlLimits
from kg.sparql_results import RESULTS_MEDIA, ResponseTooLarge, write_solutions, write_triples
from kg.sparql_text import query_dataset, uses_service
from kg.store import EmbeddedStore, Store, StoreError, is_remote
from kg.vocab import PREFIXES

START_TIMEOUT_S = 60.0
"""How long a new worker may take to open the store before its first job fails."""
REMOTE_GRACE_S = 2.0
"""A remote store's HTTP timeout is the time limit plus this: the pool's kill at the limit comes first
and answers `timeout`; the HTTP timeout is the backstop that frees a worker whose server went silent."""


@dataclass(frozen=True)
class QueryJob:
    """One query as the endpoint received it. `default_graphs`/`named_graphs` are the Protocol's
    `default-graph-uri`/`named-graph-uri` (None when the request gave no dataset); `results_media`
    and `graph_media` are the negotiated media types for SELECT/ASK and for CONSTRUCT/DESCRIBE
    (None when the client accepts none of that family)."""

    text: str
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    results_media: str | None
    graph_media: str | None
    max_rows: int
    max_bytes: int


@dataclass(frozen=True)
class QueryAnswer:
    media: str
    body: bytes
    rows: int
    truncated: bool


@dataclass(frozen=True)
class QueryFailure:
    """kind: syntax, bad_request, not_acceptable, service, too_large, timeout, memory, busy, failed."""

    kind: str
    message: str


Outcome = QueryAnswer | QueryFailure


def run_job(store: Store, job: QueryJob) -> Outcome:
    """Evaluate and serialise one job; every failure comes back as a `QueryFailure`, never raised."""
    if uses_service(job.text):
        return QueryFailure("service", "SERVICE federation is not executed")
    try:
        default, named = _dataset(job)
        result = store.query(job.text, default_graphs=default, named_graphs=named)
        return _write(result, job)
    except SyntaxError as exc:
        return QueryFailure("syntax", str(exc))
    except ValueError as exc:
        return QueryFailure("bad_request", str(exc))
    except ResponseTooLarge:
        return QueryFailure("too_large", f"response larger than {job.max_bytes} bytes")
    except MemoryError:
        return QueryFailure("memory", "the query needed more memory than a worker may use")
    except (OSError, StoreError, RuntimeError) as exc:
        return QueryFailure("failed", str(exc))


def _dataset(job: QueryJob) -> tuple[list[NamedNode] | None, list[NamedNode] | None]:
    """The Protocol's dataset overrides the query's FROM/FROM NAMED; the query's own FROM clauses
    override the union default graph; with neither, the store's union default graph."""
    if job.default_graphs is not None or job.named_graphs is not None:
        return [NamedNode(g) for g in job.default_graphs or ()], [NamedNode(g) for g in job.named_graphs or ()]
    own = query_dataset(job.text, PREFIXES)
    if own is None:
        return None, None
    return [NamedNode(g) for g in own.default], [NamedNode(g) for g in own.named]


def _write(result: object, job: QueryJob) -> Outcome:
    if isinstance(result, QuerySolutions | QueryBoolean):
        if job.results_media is None:
            return QueryFailure("not_acceptable", "results")
        fmt = RESULTS_MEDIA[job.results_media]
        if isinstance(result, QueryBoolean):
            body = result.serialize(format=_BOOLEAN_FORMATS[fmt]) or b""
            return QueryAnswer(job.results_media, body, 1, False)
        written = write_solutions(result, fmt, job.max_rows, job.max_bytes)
        return QueryAnswer(job.results_media, written.body, written.rows, written.truncated)
    if job.graph_media is None:
        return QueryFailure("not_acceptable", "graph")
    rdf = RdfFormat.from_media_type(job.graph_media)
    if rdf is None:
        return QueryFailure("not_acceptable", "graph")
    prefixes = PREFIXES if rdf in (RdfFormat.TURTLE, RdfFormat.RDF_XML) else None
    written = write_triples(result, rdf, job.max_rows, job.max_bytes, prefixes)  # type: ignore[arg-type]
    return QueryAnswer(job.graph_media, written.body, written.rows, written.truncated)


_BOOLEAN_FORMATS = {
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
}


def open_for_queries(location: str, timeout_s: float) -> Store:
    """The store a worker queries: read-only; a remote one with the endpoint's time limit over HTTP."""
    if is_remote(location):
        from kg.remote_store import RemoteStore, remote_config

        config = remote_config(location, timeout=timeout_s + REMOTE_GRACE_S)
        return RemoteStore(location, read_only=True, config=config)
    return EmbeddedStore(location, read_only=True)


def cap_memory(max_bytes: int) -> None:
    """Cap this process's address space at `max_bytes` (where the platform has `RLIMIT_AS`)."""
    try:
        import resource
    except ImportError:
        return
    resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))


def _worker_main(conn: Connection, location: str, timeout_s: float, max_memory_bytes: int) -> None:
    """A worker's life: cap its memory, open the store, say "ready" (or why not), then answer jobs
    until EOF."""
    cap_memory(max_memory_bytes)
    try:
        store = open_for_queries(location, timeout_s)
    except (StoreError, OSError) as exc:
        conn.send(QueryFailure("failed", str(exc)))
        return
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(run_job(store, job))


class _Worker:
    def __init__(self, location: str, limits: SparqlLimits) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process: BaseProcess = ctx.Process(
            target=_worker_main, args=(child, location, limits.timeout_s, limits.max_memory_mb * 2**20),
            daemon=True, name="qingdan-sparql-worker",
        )
        self.process.start()
        child.close()
        self.failure: QueryFailure | None = None
        self.ready = False

    def wait_ready(self) -> QueryFailure | None:
        if self.ready or self.failure is not None:
            return self.failure
        if not self.conn.poll(START_TIMEOUT_S):
            self.failure = QueryFailure("failed", "worker did not open the store in time")
            return self.failure
        message = self.conn.recv()
        if isinstance(message, QueryFailure):
            self.failure = message
        self.ready = message == "ready"
        return self.failure

    def run(self, job: QueryJob, timeout_s: float) -> Outcome:
        """The outcome, or TimeoutError when the limit passed (the worker is then still busy)."""
        self.conn.send(job)
        if not self.conn.poll(timeout_s):
            raise TimeoutError
        outcome: Outcome = self.conn.recv()
        return outcome

    def ended(self) -> QueryFailure:
        """Why the worker ended in the middle of a job: an abort is a failed allocation (Rust aborts
        the process when memory runs out under the cap); anything else is a plain failure."""
        self.process.join(5)
        if self.process.exitcode == -signal.SIGABRT:
            return QueryFailure("memory", "the query needed more memory than a worker may use")
        return QueryFailure("failed", f"worker process ended with exit code {self.process.exitcode}")

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """`limits.workers` worker processes over the store at `location`; `run(job)` is thread-safe.

    At most `limits.max_waiting` jobs wait for a worker; one more is refused as `busy` at once. The
    bound is there because each waiting job holds a thread of the web server: without it a client
    sending slow queries in parallel would take every thread, and with them the JSON API and
    /healthz."""

    def __init__(self, location: str, limits: SparqlLimits) -> None:
        self.location = location
        self.limits = limits
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._admitted = threading.BoundedSemaphore(limits.workers + limits.max_waiting)
        for _ in range(limits.workers):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        worker = _Worker(self.location, self.limits)
        with self._lock:
            self._all.add(worker)
        return worker

    def run(self, job: QueryJob) -> Outcome:
        """Run `job` on an idle worker within the time limit. A worker that passes the limit, or dies,
        is killed and replaced; waiting longer than the limit for an idle worker, or finding
        `max_waiting` jobs already waiting, fails as `busy`."""
        if not self._admitted.acquire(blocking=False):
            return QueryFailure("busy", "too many queries waiting")
        try:
            return self._run(job)
        finally:
            self._admitted.release()

    def _run(self, job: QueryJob) -> Outcome:
        try:
            worker = self._idle.get(timeout=self.limits.timeout_s)
        except queue.Empty:
            return QueryFailure("busy", "no idle worker")
        try:
            failure = worker.wait_ready()
            if failure is not None:
                worker = self._replace(worker)
                return failure
            return worker.run(job, self.limits.timeout_s)
        except TimeoutError:
            worker = self._replace(worker)
            return QueryFailure("timeout", f"query stopped after {self.limits.timeout_s:g} s")
        except (EOFError, OSError):
            ended = worker.ended()
            worker = self._replace(worker)
            return ended
        finally:
            self._idle.put(worker)

    def _replace(self, worker: _Worker) -> _Worker:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
        return self._start()

    def pids(self) -> list[int]:
        """Process ids of the current workers (for /healthz-style checks and tests)."""
        with self._lock:
            return sorted(w.process.pid for w in self._all if w.process.pid is not None)

    def close(self) -> None:
        with self._lock:
            workers, self._all = list(self._all), set()
        for w in workers:
            w.kill()
