"""Stores for the read-side tests (kg.browse, api/), both real pyoxigraph stores on disk.

`browse_store*`: the small graph of tests/data/browse_graph.toml. Regions and lists go through
kg.graph's own mapping (`region_triples`, `source_triples`) with a `Linker` whose resolver answers
from the table, so every status (superseded, nonexistent article, not in corpus …) is present
whatever the resolver's rules; statutes are stated as kg.graph.statutes states them. One named graph
per source, as the build does.

`built_store*`: the real build (`kg.build.build`, importer, resolver, statute catalogue of data/) over
the made-up list files of tests/data/read_side/.

`*_store_path` are the embedded stores on disk; `*_location` and `*_store` follow `store_kind`
(tests/store_kinds.py): the same folder, or a dedicated Oxigraph server written the same way (the
graph through `Store.replace_graphs`, the build through `kg.build.build`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Triple
from store_kinds import StoreLocations

from kg.build import build
from kg.graph.lists import Linker, source_triples
from kg.graph.regions import region_triples
from kg.iris import Iris
from kg.model import (
    CitationStatus,
    DutyItem,
    DutyList,
    ImportedSource,
    ListKind,
    Origin,
    ResolvedCitation,
    StatuteKind,
)
from kg.regions import load_regions
from kg.store import Store, open_store
from kg.vocab import DCTERMS, ELI, QD, RDF, XSD

ROOT = Path(__file__).resolve().parents[1]
GRAPH_FILE = ROOT / "tests" / "data" / "browse_graph.toml"
LIST_FILES = ROOT / "tests" / "data" / "read_side"
REGIONS_CSV = ROOT / "data" / "regions" / "ningxia.csv"
IMPORTED_AT = datetime(2024, 11, 1, tzinfo=UTC)

_ITEM_FIELDS = (
    "number", "category", "tasks", "basis", "office", "note", "lead_department", "department_duties",
    "township_duties", "guarantee", "receiving_department",
)  # fmt: skip


def load_spec() -> dict[str, Any]:
    return tomllib.loads(GRAPH_FILE.read_text(encoding="utf-8"))


def write_graph(location: Path | str, iris: Iris | None = None) -> None:
    """Create the store at `location` (a folder or a server's URL) with the test graph (and nothing else)."""
    iris = iris or Iris()
    spec = load_spec()
    store = open_store(location)
    graphs: dict[NamedNode, list[Triple | Quad]] = {
        iris.reference_graph("regions"): list(region_triples(load_regions(REGIONS_CSV), iris)),
        iris.reference_graph("statutes"): list(statute_triples(spec["statutes"], iris)),
    }
    citations = {item.get("basis", ""): item["citations"] for item in _all_items(spec)}
    linker = Linker(
        resolve=lambda text, _on: [_citation(c) for c in citations.get(text, [])],
        find_office=lambda _code, _text: None,
        find_department=lambda _code, _text: None,
    )
    for src in spec["sources"]:
        source = _source(src)
        graphs[iris.source_graph(source.file_name)] = list(source_triples(source, iris, linker, IMPORTED_AT))
    store.replace_graphs(graphs)
    store.close()


def statute_triples(statutes: list[dict[str, Any]], iris: Iris) -> Iterator[Triple]:
    for s in statutes:
        node = iris.statute(s["title"])
        yield Triple(node, RDF.type, QD.Statute)
        yield Triple(node, ELI.title, Literal(s["title"], language="zh"))
        yield Triple(node, QD.statuteKind, Literal(s["kind"]))
        yield Triple(node, QD.levelLabel, Literal(s["level_label"]))
        yield Triple(node, QD.issuer, Literal(s["issuer"]))
        for v in s["versions"]:
            version = iris.statute_version(s["title"], date.fromisoformat(v["date"]))
            yield Triple(version, RDF.type, QD.StatuteVersion)
            yield Triple(version, DCTERMS.isVersionOf, node)
            yield Triple(version, ELI.version_date, Literal(v["date"], datatype=XSD.date))
            yield Triple(version, ELI.first_date_entry_in_force, Literal(v["effective"], datatype=XSD.date))
            if "articles" in v:
                yield Triple(version, QD.articleCount, Literal(str(v["articles"]), datatype=XSD.integer))


def _all_items(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for src in spec["sources"]:
        for lst in src["lists"]:
            yield from lst["items"]


def _source(src: dict[str, Any]) -> ImportedSource:
    lists = []
    for lst in src["lists"]:
        origin = Origin(src["file"], lst.get("sheet"))
        items = tuple(
            DutyItem(
                ordinal=n,
                name=item["name"],
                origin=Origin(src["file"], lst.get("sheet"), n + 2),
                **{f: item.get(f) for f in _ITEM_FIELDS},
            )
            for n, item in enumerate(lst["items"], start=1)
        )
        published = date.fromisoformat(lst["published"]) if "published" in lst else None
        lists.append(DutyList(lst["township"], ListKind(lst["kind"]), items, origin, lst.get("title"), published))
    return ImportedSource(src["file"], "0" * 64, tuple(lists))


def _citation(c: dict[str, Any]) -> ResolvedCitation:
    def day(key: str) -> date | None:
        return date.fromisoformat(c[key]) if key in c else None

    return ResolvedCitation(
        text=c["text"],
        status=CitationStatus(c["status"]),
        kind=StatuteKind(c["kind"]),
        title_as_written=c.get("title_as_written"),
        statute_title=c.get("statute"),
        version_date=day("version"),
        article=c.get("article"),
        paragraph=c.get("paragraph"),
        item=c.get("item"),
        qualifier=c.get("qualifier"),
        current_version_date=day("current_version"),
        candidate=c.get("candidate"),
        confidence=c.get("confidence", 0.0),
    )


@pytest.fixture(scope="session")
def browse_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path of an on-disk store holding the test graph (written once per session)."""
    path = tmp_path_factory.mktemp("browse") / "store"
    write_graph(path)
    return path


@pytest.fixture(scope="session")
def browse_location(request: pytest.FixtureRequest, store_kind: str, store_locations: StoreLocations) -> str:
    """The test graph's store of the current kind: the folder of `browse_store_path`, or a server."""
    if store_kind == "embedded":
        return str(request.getfixturevalue("browse_store_path"))
    location = store_locations.new("browse")
    write_graph(location)
    return location


@pytest.fixture(scope="session")
def browse_store(browse_location: str) -> Store:
    """The test graph opened read-only, as the UI and `qingdan serve` open it."""
    return open_store(browse_location, read_only=True)


def build_lists(location: Path | str) -> None:
    """The real build of tests/data/read_side/ into the store at `location`."""
    store = open_store(location)
    report = build([LIST_FILES], store, data_dir=ROOT / "data")
    store.close()
    assert not report.failures, [f.message for f in report.failures]


@pytest.fixture(scope="session")
def built_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path of an on-disk store written by the real build from tests/data/read_side/."""
    path = tmp_path_factory.mktemp("built") / "store"
    build_lists(path)
    return path


@pytest.fixture(scope="session")
def built_location(request: pytest.FixtureRequest, store_kind: str, store_locations: StoreLocations) -> str:
    """The real build's store of the current kind: the folder of `built_store_path`, or a server."""
    if store_kind == "embedded":
        return str(request.getfixturevalue("built_store_path"))
    location = store_locations.new("built")
    build_lists(location)
    return location


@pytest.fixture(scope="session")
def built_store(built_location: str) -> Store:
    return open_store(built_location, read_only=True)
