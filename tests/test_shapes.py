"""SHACL shapes, table-driven over tests/data/shapes/*.ttl.

`clean.ttl` is a small graph that must conform. Every other file is added to it and breaks exactly one
constraint; its header names the focus node and property the violation must be reported on:

    # expect-focus: <IRI of the node at fault>
    # expect-path: <IRI of the property> | none   (none: a node-level constraint such as sh:or)
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Triple
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from kg.graph.lists import Linker, source_triples
from kg.graph.regions import organization_triples, region_triples
from kg.iris import Iris
from kg.model import (
    CitationStatus,
    DutyItem,
    DutyList,
    ImportedSource,
    Level,
    ListKind,
    Organization,
    Origin,
    Region,
    ResolvedCitation,
    StatuteKind,
)
from kg.shacl import shapes_graph, validate_graph, validate_store
from kg.store import EmbeddedStore, select

CASES = Path(__file__).parent / "data" / "shapes"
CLEAN = CASES / "clean.ttl"
SH = Namespace("http://www.w3.org/ns/shacl#")
_HEADER = re.compile(r"^# expect-(focus|path): (\S+)$", re.MULTILINE)


def _cases() -> list[Path]:
    return sorted(p for p in CASES.glob("*.ttl") if p != CLEAN)


def _expectation(path: Path) -> tuple[str, str | None]:
    found = dict(_HEADER.findall(path.read_text(encoding="utf-8")))
    assert "focus" in found and "path" in found, f"{path.name}: header must name expect-focus and expect-path"
    return found["focus"], None if found["path"] == "none" else found["path"]


def _graph(*paths: Path) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


def test_clean_graph_conforms() -> None:
    report = validate_graph(_graph(CLEAN))
    assert report.violations == ()
    assert report.conforms


def test_clean_graph_conforms_as_named_graphs() -> None:
    """The same triples spread over named graphs (as in the store) are validated as their union."""
    dataset = Dataset()
    triples = list(_graph(CLEAN))
    for n, triple in enumerate(triples):
        dataset.graph(URIRef(f"https://qingdan.example/id/graph/part{n % 4}")).add(triple)
    assert validate_graph(dataset).conforms


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.stem)
def test_broken_graph_is_reported_on_its_focus_node(case: Path) -> None:
    focus, path = _expectation(case)
    report = validate_graph(_graph(CLEAN, case))
    assert not report.conforms
    reported = {(v.focus_node, v.path) for v in report.violations}
    assert reported == {(focus, path)}, f"{case.name}: {report.violations}"
    assert all(re.search(r"[\u4e00-\u9fff]", v.message) for v in report.violations), "messages must be Chinese"


def test_there_is_a_case_for_every_property_shape() -> None:
    """Every constrained property is exercised by at least one case file."""
    shapes = shapes_graph()
    tested = {_expectation(case)[1] for case in _cases()}
    constrained = {
        str(shapes.value(ps, SH.path))
        for ps in shapes.subjects(RDF.type, SH.PropertyShape)
        if isinstance(shapes.value(ps, SH.path), URIRef)
    }
    assert constrained <= tested, sorted(constrained - tested)


def test_every_shape_has_a_chinese_name_and_message() -> None:
    shapes = shapes_graph()
    named = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    assert len(named) > 20
    for shape in named:
        for predicate in (SH.name, SH.message):
            values = [v for v in shapes.objects(shape, predicate) if isinstance(v, Literal) and v.language == "zh"]
            assert values, f"{shape} has no {predicate} in Chinese"


# --- the graphs the mapping code emits, stored in a real on-disk store, meet the shapes

_FILE = "平罗县高仁乡履职事项清单.xlsx"
_REGIONS = (
    Region("64", "宁夏回族自治区", Level.PROVINCE),
    Region("6402", "石嘴山市", Level.CITY, "64"),
    Region("640221", "平罗县", Level.COUNTY, "6402"),
    Region("640221204", "高仁乡", Level.TOWNSHIP, "640221", "乡"),
)
_OFFICE = Organization("综合行政执法办公室", aliases=("综合执法办",), township_code="640221204")
_CITATIONS = {
    "《某某管理条例》第三条": [
        ResolvedCitation(
            text="《某某管理条例》第三条",
            status=CitationStatus.NOT_IN_CORPUS,
            kind=StatuteKind.UNKNOWN,
            title_as_written="某某管理条例",
            article=3,
            confidence=0.0,
        )
    ],
}


def _source() -> ImportedSource:
    origin = Origin(_FILE, "基本履职事项清单")
    items = (
        DutyItem(1, "安全生产宣传教育", Origin(_FILE, "基本履职事项清单", 4), number="1", category="平安法治",
                 basis="《某某管理条例》第三条", office="综合执法办"),
        DutyItem(2, "森林草原防灭火", Origin(_FILE, "基本履职事项清单", 5), number="2", basis="无"),
    )
    duty_list = DutyList("640221204", ListKind.BASIC, items, origin, "高仁乡基本履职事项清单", date(2024, 12, 31))
    return ImportedSource(_FILE, "0" * 64, (duty_list,))


def _linker(iris: Iris) -> Linker:
    def office(township: str, text: str) -> NamedNode | None:
        known = text == _OFFICE.name or text in _OFFICE.aliases
        return iris.office(township, _OFFICE.name) if known else None

    return Linker(
        resolve=lambda text, _on: _CITATIONS.get(text, []),
        find_office=office,
        find_department=lambda _township, _text: None,
    )


def _source_graph(iris: Iris) -> list[Triple]:
    return list(source_triples(_source(), iris, _linker(iris), datetime(2025, 1, 15, tzinfo=UTC)))


def test_graphs_the_mapping_emits_conform(tmp_path: Path) -> None:
    iris = Iris("https://qingdan.example/id/")
    store = EmbeddedStore(tmp_path / "store")
    store.replace_graphs({
        iris.reference_graph("regions"): list(region_triples(_REGIONS, iris)),
        iris.reference_graph("organizations"): list(organization_triples([_OFFICE], iris)),
        iris.source_graph(_FILE): _source_graph(iris),
    })
    report = validate_store(store)
    assert report.violations == ()
    assert select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?c a qd:Citation }")[0]["n"].value == "1"


def test_a_store_missing_the_regions_graph_does_not_conform(tmp_path: Path) -> None:
    """Without the regions graph the list's township is untyped: the union is what makes it whole."""
    iris = Iris("https://qingdan.example/id/")
    store = EmbeddedStore(tmp_path / "store")
    store.replace_graphs({
        iris.source_graph(_FILE): _source_graph(iris),
    })
    report = validate_store(store)
    assert {(v.focus_node, v.path) for v in report.violations} == {
        (str(iris.duty_list("640221204", ListKind.BASIC).value), "https://qingdan.example/ns#township")
    }
