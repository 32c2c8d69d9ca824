"""Structural validation of a graph against `ontology/shapes.ttl` (SHACL).

Public entry points: `validate_graph(data) -> ValidationReport` for an rdflib Graph or Dataset, and
`validate_store(store) -> ValidationReport` for everything in a qingdan store.

Decisions, documented in docs/ontology.md:
- The data is validated as the union of all its graphs: a Dataset's named graphs (one per imported
  file, plus the reference graphs) are flattened into one graph first, because a list in one source
  graph points at a township in the regions graph and at statute versions in the statutes graph.
- The ontology is mixed in (`ont_graph`) so `sh:class` sees `rdfs:subClassOf`, but no RDFS inference
  is run: the code types every node explicitly, and inferring types from `rdfs:range` would make
  every `sh:class` constraint true by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pyoxigraph import RdfFormat, serialize
from pyshacl import validate
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from kg.store import Store, construct

ONTOLOGY_DIR = Path(__file__).resolve().parents[1] / "ontology"
SH = Namespace("http://www.w3.org/ns/shacl#")

# Every triple of the store: its default graph is the union of the named graphs.
ALL_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"

_SEVERITY = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node at fault, the property (None for node-level constraints), a Chinese
    message from the shape, the severity (`violation`, `warning` or `info`) and the shape's IRI."""

    focus_node: str
    path: str | None
    message: str
    severity: str
    shape: str


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]


@cache
def _load(name: str) -> Graph:
    return Graph().parse(ONTOLOGY_DIR / name, format="turtle")


def ontology_graph() -> Graph:
    """The OWL ontology (`ontology/qingdan.ttl`), parsed once."""
    return _load("qingdan.ttl")


def shapes_graph() -> Graph:
    """The SHACL shapes (`ontology/shapes.ttl`), parsed once."""
    return _load("shapes.ttl")


def union_graph(data: Graph | Dataset) -> Graph:
    """All triples of `data` in one plain graph, whatever named graph they sit in."""
    if not isinstance(data, Dataset):
        return data
    union = Graph()
    for s, p, o, _ in data.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def validate_graph(data: Graph | Dataset) -> ValidationReport:
    conforms, results, _ = validate(
        union_graph(data),
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference="none",
        advanced=False,
    )
    if not isinstance(results, Graph):
        raise TypeError("pyshacl returned no results graph")
    violations = sorted(
        (_violation(results, r) for r in results.subjects(RDF.type, SH.ValidationResult)),
        key=lambda v: (v.focus_node, v.path or "", v.shape, v.message),
    )
    return ValidationReport(conforms=bool(conforms), violations=tuple(violations))


def validate_store(store: Store) -> ValidationReport:
    """Validate the union of every named graph in `store` (reference data and all imported files)."""
    data = serialize(construct(store, ALL_TRIPLES), format=RdfFormat.N_TRIPLES) or b""
    return validate_graph(Graph().parse(data=data, format="nt"))


def _violation(results: Graph, result: Node) -> Violation:
    path = results.value(result, SH.resultPath)
    shape = results.value(result, SH.sourceShape)
    return Violation(
        focus_node=str(results.value(result, SH.focusNode)),
        path=str(path) if isinstance(path, URIRef) else (path.n3() if path is not None else None),
        message=_message(results, result),
        severity=_severity(results.value(result, SH.resultSeverity)),
        shape="" if shape is None else str(shape),
    )


def _severity(node: Node | None) -> str:
    return _SEVERITY.get(node, "violation") if isinstance(node, URIRef) else "violation"


def _message(results: Graph, result: Node) -> str:
    """The shape's Chinese message; pyshacl's English default only when a shape has none."""
    messages = [m for m in results.objects(result, SH.resultMessage) if isinstance(m, Literal)]
    for m in messages:
        if m.language == "zh":
            return str(m)
    if messages:
        return str(messages[0])
    return "图结构不符合约束"
