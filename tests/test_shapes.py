"""SHACL shapes, table-driven over tests/data/shapes/*.ttl.

`clean.ttl` is a small graph that must conform. Every other file is added to it and breaks exactly one
constraint; its header names the focus node and property the violation must be reported on:

    # expect-focus: <IRI of the node at fault>
    # expect-path: <IRI of the property> | none   (none: a node-level constraint such as sh:or)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from kg.shacl import shapes_graph, validate_graph

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
