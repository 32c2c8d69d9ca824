"""Build the graph: reference data and duty-list files → named graphs in a store.

Public entry point: `build(sources, store, *, data_dir=Path("data"), iris=None, corpus_dir=None,
progress=False, workers=None) -> BuildReport`. With `corpus_dir` (a law corpus in the LawRefBook
layout or plain text) the resolver checks articles, paragraphs and items against the texts and the
provisions with their text are written to the `laws` graph. It loads the reference data under
`data_dir` (regions, organisations, statute catalogue) and the ontology, imports every source file
independently (a bad file is reported and leaves the graph as it was; the others still load),
resolves every citation, and replaces the reference graphs and each source's graph in one step.

Files are imported and mapped one by one, each to the N-Triples of its graph, written to TriG files
that the store parses in Rust. A fresh embedded store loads each 64 MB file in a background thread
while the next files are mapped (`EmbeddedStore.load_new_graphs`); otherwise one file replaces the
graphs atomically (`EmbeddedStore.replace_graphs_from_file`). On a machine with more than two CPUs a
large build maps files in worker processes (`workers`, see `default_workers`).
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import BinaryIO, cast

from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, parse, serialize
from tqdm import tqdm

from kg.checks import refresh as refresh_findings
from kg.citations import CorpusIndex, Resolver
from kg.graph.lists import Linker, source_triples
from kg.graph.regions import organization_triples, region_triples
from kg.graph.statutes import corpus_quads, statute_quads
from kg.importer import ImportFailure, import_file
from kg.iris import Iris
from kg.laws import CorpusError, CorpusStatute, load_corpus
from kg.model import ImportedSource, ResolvedCitation
from kg.organizations import OrganizationIndex, load_organizations, resolve_names
from kg.regions import RegionIndex, load_regions
from kg.statutes import load_statutes
from kg.store import EmbeddedStore, Store, graph_block
from kg.vocab import QD, RDF

LIST_SUFFIXES = (".xlsx", ".xls", ".csv")
ONTOLOGY_DIR = Path(__file__).resolve().parents[1] / "ontology"


@dataclass(frozen=True)
class Reference:
    """Reference data every build links against, loaded from `data/`."""

    regions: RegionIndex
    organizations: OrganizationIndex
    resolver: Resolver


@dataclass(frozen=True)
class SourceReport:
    file: str
    lists: int
    items: int
    citations: int


@dataclass(frozen=True)
class BuildReport:
    sources: tuple[SourceReport, ...]
    failures: tuple[ImportFailure, ...]
    seconds: float
    corpus_errors: tuple[CorpusError, ...] = ()
    timings: Timings | None = None

    @property
    def items(self) -> int:
        return sum(s.items for s in self.sources)


def load_reference(data_dir: Path, corpus: CorpusIndex | None = None) -> Reference:
    regions = RegionIndex(load_regions(data_dir / "regions" / "ningxia.csv"))
    organizations = OrganizationIndex(load_organizations(data_dir / "organizations"))
    statutes = load_statutes(data_dir / "statutes" / "catalogue.csv")
    return Reference(regions, organizations, Resolver(statutes, corpus))


def expand_sources(paths: Sequence[Path]) -> list[Path]:
    """Files named directly, plus every list file under a named folder, sorted.

    Under a folder, files and folders whose names start with `.`, `_` or `~$` (hidden, working
    material such as a sample's `_src/`, Excel lock files) are skipped."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.suffix.lower() in LIST_SUFFIXES and not _skipped(p.relative_to(path))
            )
        else:
            found.append(path)
    return found


def _skipped(relative: Path) -> bool:
    return any(part.startswith((".", "_", "~$")) for part in relative.parts)


def reference_graphs(data_dir: Path, ref: Reference, iris: Iris) -> dict[NamedNode, Iterable[Triple | Quad]]:
    return {
        iris.reference_graph("ontology"): list(ontology_triples()),
        iris.reference_graph("regions"): list(region_triples(ref.regions.regions, iris)),
        iris.reference_graph("organizations"): list(
            organization_triples(load_organizations(data_dir / "organizations"), iris)
        ),
        iris.reference_graph("statutes"): list(
            statute_quads(ref.resolver.statutes, iris, iris.reference_graph("statutes"))
        ),
    }


def ontology_triples() -> Iterator[Triple]:
    for name in ("qingdan.ttl", "shapes.ttl"):
        for quad in parse(path=str(ONTOLOGY_DIR / name), format=RdfFormat.TURTLE):
            yield quad.triple if isinstance(quad, Quad) else quad


def linker_for(ref: Reference, iris: Iris) -> Linker:
    def resolve(text: str, on: date | None) -> list[ResolvedCitation]:
        return ref.resolver.resolve(text, on) if text.strip() else []

    def find_office(township_code: str, text: str) -> tuple[NamedNode, ...]:
        resolved = resolve_names(text, lambda name: ref.organizations.find_office(township_code, name))
        return _unique(iris.office(township_code, org.name) for _, org in resolved if org)

    def find_department(township_code: str, text: str) -> tuple[NamedNode, ...]:
        township = ref.regions.by_code(township_code)
        county = township.parent_code if township else None
        if county is None:
            return ()
        resolved = resolve_names(text, lambda name: ref.organizations.find_department(county, name))
        return _unique(iris.department(county, org.name) for _, org in resolved if org)

    return Linker(
        resolve=resolve,
        find_office=find_office,
        find_department=find_department,
        item_paragraph=ref.resolver.paragraph_of_item,
    )


def _unique(nodes: Iterable[NamedNode]) -> tuple[NamedNode, ...]:
    """`nodes` without repeats, in order (a cell may name one organisation twice, by two aliases)."""
    return tuple(dict.fromkeys(nodes))


def corpus_graph(ref: Reference, corpus: Sequence[CorpusStatute], iris: Iris) -> Iterator[Quad]:
    """Provisions with their text, titled as the catalogue titles the statute (about 1.4 million quads
    for the shared corpus: made while they are serialised, never held as a list)."""
    graph = iris.reference_graph("laws")
    return corpus_quads(corpus, iris, graph, ref.resolver.corpus_renames())


PARALLEL_MIN_FILES = 24
"""Below this many files the build stays in one process: starting workers costs about a second."""


@dataclass(frozen=True)
class Timings:
    """Seconds per phase of one build. `import_and_mapping` is wall time; `importing` and `mapping`
    are summed over the files (in the workers when `workers` > 1, so they may exceed the wall time).
    A fresh store loads while files are mapped, so `store` is the loading left after the last file."""

    reference: float
    import_and_mapping: float
    importing: float
    mapping: float
    store: float
    findings: float
    workers: int


@dataclass(frozen=True)
class _Job:
    """What every process needs to import and map files the same way."""

    data_dir: Path
    corpus_dir: Path | None
    base_iri: str
    imported_at: datetime


@dataclass(frozen=True)
class _Mapped:
    """One imported file: its report, its graph and that graph's content as N-Triples."""

    report: SourceReport
    graph: str
    ntriples: bytes
    import_seconds: float
    mapping_seconds: float


class _Mapper:
    """Imports one file and maps it to the N-Triples of its graph (in the main process or a worker)."""

    def __init__(self, job: _Job, ref: Reference | None = None) -> None:
        if ref is None:
            corpus_index = load_corpus(job.corpus_dir)[0] if job.corpus_dir else None
            ref = load_reference(job.data_dir, corpus_index)
        self.ref = ref
        self.iris = Iris(job.base_iri)
        self.linker = linker_for(ref, self.iris)
        self.imported_at = job.imported_at

    def __call__(self, path: Path) -> _Mapped | ImportFailure:
        started = time.perf_counter()
        try:
            source = import_file(path, self.ref.regions)
        except ImportFailure as failure:
            return failure
        imported = time.perf_counter()
        triples = list(source_triples(source, self.iris, self.linker, self.imported_at))
        data = serialize(triples, format=RdfFormat.N_TRIPLES) or b""
        graph = self.iris.source_graph(source.file_name).value
        report = _report(source, triples)
        return _Mapped(report, graph, data, imported - started, time.perf_counter() - imported)


_WORKER: _Mapper | None = None


def _start_worker(job: _Job) -> None:
    global _WORKER
    _WORKER = _Mapper(job)


def _map_in_worker(path: Path) -> _Mapped | ImportFailure:
    assert _WORKER is not None, "worker not started"
    return _WORKER(path)


def default_workers(files: int) -> int:
    """One worker process per CPU but one, which the store's loader uses while files are mapped (on two
    CPUs two workers built the province no faster than the main process alone, with 4 % more CPU), and
    only for builds large enough to pay for starting them. 1: the main process maps the files itself."""
    if files < PARALLEL_MIN_FILES:
        return 1
    return max(1, min(len(os.sched_getaffinity(0)) - 1, files // PARALLEL_MIN_FILES))


def _pool(job: _Job, workers: int) -> ProcessPoolExecutor | None:
    """Worker processes, started at once so they load the reference data while the main process does."""
    if workers <= 1:
        return None
    context = multiprocessing.get_context("spawn")  # never fork a process holding an open store
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(job,))
    for _ in range(workers):
        pool.submit(int)  # processes start on demand: one trivial task each starts them now
    return pool


def _mapped(
    files: Sequence[Path], job: _Job, ref: Reference, pool: ProcessPoolExecutor | None
) -> Iterator[_Mapped | ImportFailure]:
    """Each file imported and mapped, in the order of `files`."""
    if pool is None:
        mapper = _Mapper(job, ref)
        return (mapper(path) for path in files)
    return pool.map(_map_in_worker, files, chunksize=2)


def build(
    sources: Sequence[Path],
    store: Store,
    *,
    data_dir: Path = Path("data"),
    iris: Iris | None = None,
    corpus_dir: Path | None = None,
    progress: bool = False,
    workers: int | None = None,
) -> BuildReport:
    started = time.perf_counter()
    iris = iris or Iris()
    files = expand_sources(sources)
    workers = default_workers(len(files)) if workers is None else max(1, workers)
    job = _Job(data_dir, corpus_dir, iris.base, datetime.now(UTC))
    pool = _pool(job, workers)
    try:
        corpus_index, corpus, corpus_errors = load_corpus(corpus_dir) if corpus_dir else (None, [], [])
        ref = load_reference(data_dir, corpus_index)
        graphs = reference_graphs(data_dir, ref, iris)
        if corpus_dir:
            graphs[iris.reference_graph("laws")] = corpus_graph(ref, corpus, iris)
        with tempfile.TemporaryDirectory(prefix="qingdan-build-") as tmp:
            fresh = _is_fresh(store, [*graphs, *(iris.source_graph(path.name) for path in files)])
            run = _Run(_Chunks(Path(tmp), CHUNK_BYTES if fresh else None), progress)
            _write(store, fresh, run.chunks(graphs, _mapped(files, job, ref, pool), len(files)))
            stored = time.perf_counter()
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    refresh_findings(store, data_dir=data_dir, iris=iris)  # catalogue, item matches, findings (kg.checks)
    finished = time.perf_counter()
    timings = Timings(
        reference=run.started - started,
        import_and_mapping=run.mapped - run.started,
        importing=run.import_seconds,
        mapping=run.mapping_seconds,
        store=stored - run.mapped,
        findings=finished - stored,
        workers=workers,
    )
    return BuildReport(tuple(run.reports), tuple(run.failures), finished - started, tuple(corpus_errors), timings)


CHUNK_BYTES = 64 * 1024 * 1024
"""A fresh store loads the TriG in files of about this size, each while the next one is being mapped."""

Chunk = tuple[Path, list[NamedNode]]


def _is_fresh(store: Store, graphs: Sequence[NamedNode]) -> bool:
    """The store is embedded and holds none of these graphs yet: they can be bulk-loaded."""
    return isinstance(store, EmbeddedStore) and not set(graphs) & set(store.named_graphs())


def _write(store: Store, fresh: bool, chunks: Iterator[Chunk]) -> None:
    """New graphs are loaded file by file as they come; otherwise the one file replaces its graphs."""
    if isinstance(store, EmbeddedStore) and fresh:
        store.load_new_graphs(chunks)
        return
    for trig, names in chunks:
        _replace_from_file(store, names, trig)


class _Run:
    """The files of one build as they come out of `_mapped`: reports, failures and seconds, and the
    TriG files holding their graphs."""

    def __init__(self, out: _Chunks, progress: bool) -> None:
        self.out, self.progress = out, progress
        self.reports: list[SourceReport] = []
        self.failures: list[ImportFailure] = []
        self.import_seconds = self.mapping_seconds = 0.0
        self.started = self.mapped = time.perf_counter()

    def chunks(
        self, graphs: dict[NamedNode, Iterable[Triple | Quad]], results: Iterator[_Mapped | ImportFailure], total: int
    ) -> Iterator[Chunk]:
        """The reference graphs then every imported file, as TriG files ready to load."""
        self.started = time.perf_counter()
        for name, triples in graphs.items():
            ntriples = serialize((_as_triple(t) for t in triples), format=RdfFormat.N_TRIPLES)
            yield from self.out.write(name.value, ntriples)
        for result in tqdm(results, total=total, desc="导入清单", unit="个文件", disable=not self.progress):
            if isinstance(result, ImportFailure):
                self.failures.append(result)
                continue
            self.reports.append(result.report)
            self.import_seconds += result.import_seconds
            self.mapping_seconds += result.mapping_seconds
            yield from self.out.write(result.graph, result.ntriples)
        self.mapped = time.perf_counter()
        yield self.out.close()


class _Chunks:
    """TriG files of about `size` bytes (one file when None), each of `kg.store.graph_block`s. In one
    file a graph written again replaces its earlier block, as two files of the same name did in a dict
    of graphs: the later one wins (`EmbeddedStore.load_new_graphs` does the same across files)."""

    def __init__(self, folder: Path, size: int | None) -> None:
        self.folder, self.size = folder, size
        self._count = 0
        self._open()

    def _open(self) -> None:
        self._count += 1
        self.path = self.folder / f"graphs-{self._count}.trig"
        self._out: BinaryIO = self.path.open("wb")
        self._spans: dict[str, tuple[int, int]] = {}
        self._superseded = False

    def write(self, graph: str, ntriples: bytes | None) -> Iterator[Chunk]:
        """Add one graph's block; yields the finished file when it is full."""
        start = self._out.tell()
        self._out.write(graph_block(graph, ntriples or b""))
        self._superseded |= graph in self._spans
        self._spans[graph] = (start, self._out.tell())
        if self.size is not None and self._out.tell() >= self.size:
            yield self.close()
            self._open()

    def close(self) -> Chunk:
        """Close the current file (without superseded blocks): it and the graphs it holds."""
        self._out.close()
        if self._superseded:
            kept = sorted(self._spans.values())
            data = self.path.read_bytes()
            self.path.write_bytes(b"".join(data[start:end] for start, end in kept))
        return self.path, [NamedNode(g) for g in self._spans]


def _replace_from_file(store: Store, graphs: Sequence[NamedNode], trig: Path) -> None:
    """Replace `graphs` with the content of `trig`: the embedded store loads the file in Rust; any
    other store gets the quads through `replace_graphs`."""
    if isinstance(store, EmbeddedStore):
        store.replace_graphs_from_file(graphs, trig)
        return
    content: dict[NamedNode, list[Triple | Quad]] = {g: [] for g in graphs}
    for quad in parse(path=str(trig), format=RdfFormat.TRIG):
        content[cast(NamedNode, quad.graph_name)].append(quad.triple)
    store.replace_graphs(content)


def _as_triple(t: Triple | Quad) -> Triple:
    return t.triple if isinstance(t, Quad) else t


_IS_CITATION = (RDF.type, QD.Citation)


def _report(source: ImportedSource, triples: list[Triple]) -> SourceReport:
    is_a, citation = _IS_CITATION
    citations = sum(1 for t in triples if t.object == citation and t.predicate == is_a)
    return SourceReport(
        file=source.file_name,
        lists=len(source.lists),
        items=sum(len(lst.items) for lst in source.lists),
        citations=citations,
    )
