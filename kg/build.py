"""Build the graph: reference data and duty-list files → named graphs in a store.

Public entry point: `build(sources, store, *, data_dir=Path("data"), iris=None, corpus_dir=None,
progress=False) -> BuildReport`. With `corpus_dir` (a law corpus in the LawRefBook layout or plain
text) the resolver checks articles, paragraphs and items against the texts and the provisions with
their text are written to the `laws` graph. It loads the reference data under `data_dir` (regions,
organisations, statute catalogue) and the ontology, imports every source file independently (a bad
file is reported and leaves the graph as it was; the others still load), resolves every citation,
and replaces the reference graphs and each source's graph in one atomic step.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, parse
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
from kg.organizations import OrganizationIndex, load_organizations
from kg.regions import RegionIndex, load_regions
from kg.statutes import load_statutes
from kg.store import Store
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


def reference_graphs(data_dir: Path, ref: Reference, iris: Iris) -> dict[NamedNode, list[Triple | Quad]]:
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

    def find_office(township_code: str, text: str) -> NamedNode | None:
        org = ref.organizations.find_office(township_code, text)
        return iris.office(township_code, org.name) if org else None

    def find_department(township_code: str, text: str) -> NamedNode | None:
        township = ref.regions.by_code(township_code)
        county = township.parent_code if township else None
        org = ref.organizations.find_department(county, text) if county else None
        return iris.department(county, org.name) if org and county else None

    return Linker(
        resolve=resolve,
        find_office=find_office,
        find_department=find_department,
        item_paragraph=ref.resolver.paragraph_of_item,
    )


def corpus_graph(ref: Reference, corpus: Sequence[CorpusStatute], iris: Iris) -> list[Quad]:
    """Provisions with their text, titled as the catalogue titles the statute."""
    titles = {corpus_title: title for title, corpus_title in ref.resolver.corpus_titles.items()}
    graph = iris.reference_graph("laws")
    return list(corpus_quads(corpus, iris, graph, {c: t for c, t in titles.items() if c != t}))


def build(
    sources: Sequence[Path],
    store: Store,
    *,
    data_dir: Path = Path("data"),
    iris: Iris | None = None,
    corpus_dir: Path | None = None,
    progress: bool = False,
) -> BuildReport:
    started = time.perf_counter()
    iris = iris or Iris()
    corpus_index, corpus, corpus_errors = load_corpus(corpus_dir) if corpus_dir else (None, [], [])
    ref = load_reference(data_dir, corpus_index)
    linker = linker_for(ref, iris)
    graphs = reference_graphs(data_dir, ref, iris)
    if corpus_dir:
        graphs[iris.reference_graph("laws")] = list(corpus_graph(ref, corpus, iris))
    imported_at = datetime.now(UTC)
    reports: list[SourceReport] = []
    failures: list[ImportFailure] = []
    files = expand_sources(sources)
    for path in tqdm(files, desc="导入清单", unit="个文件", disable=not progress):
        try:
            source = import_file(path, ref.regions)
        except ImportFailure as failure:
            failures.append(failure)
            continue
        triples = list(source_triples(source, iris, linker, imported_at))
        graphs[iris.source_graph(source.file_name)] = list(triples)
        reports.append(_report(source, triples))
    store.replace_graphs(graphs)
    refresh_findings(store, data_dir=data_dir, iris=iris)  # catalogue, item matches, findings (kg.checks)
    return BuildReport(tuple(reports), tuple(failures), time.perf_counter() - started, tuple(corpus_errors))


def _report(source: ImportedSource, triples: list[Triple]) -> SourceReport:
    citations = sum(1 for t in triples if t.predicate == RDF.type and t.object == QD.Citation)
    return SourceReport(
        file=source.file_name,
        lists=len(source.lists),
        items=sum(len(lst.items) for lst in source.lists),
        citations=citations,
    )
