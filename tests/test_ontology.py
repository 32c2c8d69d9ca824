"""The ontology: it parses, every qd: term is labelled in Chinese and English, and every qd: term the
code or the queries use is declared in it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

from kg.vocab import QD as QD_TERMS

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "qingdan.ttl"
QD = "https://qingdan.example/ns#"

# `QD.name`, `QD["name"]`, `QD['name']` in Python; `qd:name` in SPARQL files.
_PY_USE = re.compile(r"""\bQD(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*\])""")
_RQ_USE = re.compile(r"(?<![\w:])qd:([A-Za-z_][A-Za-z0-9_]*)")
_NOT_TERMS = set(vars(QD_TERMS))  # attributes of the Namespace object itself, e.g. `QD.iri`
_DECLARING_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def _declared(ontology: Graph) -> set[str]:
    return {str(s) for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(QD)}


def _terms(ontology: Graph) -> list[URIRef]:
    """Classes and properties in qd: (individuals such as qd:basic are checked with them)."""
    return sorted(
        s
        for t in (*_DECLARING_TYPES, URIRef(QD + "ListKind"), SKOS.ConceptScheme)
        for s in ontology.subjects(RDF.type, t)
        if isinstance(s, URIRef) and str(s).startswith(QD)
    )


def _used_in_code() -> dict[str, set[str]]:
    """Every qd: term named in kg/**/*.py, api/**/*.py and kg/**/*.rq, with the files naming it."""
    used: dict[str, set[str]] = {}
    for folder in ("kg", "api"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix == ".py":
                names = {a or b for a, b in _PY_USE.findall(path.read_text(encoding="utf-8"))}
            elif path.suffix == ".rq":
                names = set(_RQ_USE.findall(_without_prefix_lines(path.read_text(encoding="utf-8"))))
            else:
                continue
            for name in names - _NOT_TERMS:
                used.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    return used


def _without_prefix_lines(query: str) -> str:
    return "\n".join(line for line in query.splitlines() if not line.lstrip().upper().startswith("PREFIX"))


def test_ontology_header(ontology: Graph) -> None:
    header = URIRef("https://qingdan.example/ns")
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, OWL.versionInfo) is not None
    titles = {t.language for t in ontology.objects(header, URIRef("http://purl.org/dc/terms/title"))
              if isinstance(t, Literal)}
    assert titles == {"zh", "en"}


def test_there_are_terms(ontology: Graph) -> None:
    assert len(_terms(ontology)) > 60


@pytest.mark.parametrize("predicate", [RDFS.label, RDFS.comment], ids=["label", "comment"])
def test_every_term_is_described_in_chinese_and_english(ontology: Graph, predicate: URIRef) -> None:
    missing = [
        f"{term.removeprefix(QD)} ({lang})"
        for term in _terms(ontology)
        for lang in ("zh", "en")
        if not any(isinstance(v, Literal) and v.language == lang for v in ontology.objects(term, predicate))
    ]
    assert not missing, f"qd: terms without {predicate}: {missing}"


def test_every_class_reuses_a_standard_vocabulary_or_is_a_documented_exception(ontology: Graph) -> None:
    own_roots = {URIRef(QD + "Citation")}
    for cls in ontology.subjects(RDF.type, OWL.Class):
        parents = set(ontology.objects(cls, RDFS.subClassOf))
        assert parents or cls in own_roots, f"{cls} is not placed under a reused class"


def test_list_kinds_form_a_scheme(ontology: Graph) -> None:
    scheme = URIRef(QD + "ListKinds")
    kinds = {URIRef(QD + k) for k in ("basic", "cooperative", "returned")}
    assert set(ontology.objects(scheme, SKOS.hasTopConcept)) == kinds
    for kind in kinds:
        assert (kind, SKOS.inScheme, scheme) in ontology


def test_every_qd_term_used_in_code_is_declared(ontology: Graph) -> None:
    used = _used_in_code()
    assert used, "no QD.<term> found under kg/ — the grep is broken"
    declared = _declared(ontology)
    undeclared = {name: sorted(files) for name, files in used.items() if QD + name not in declared}
    assert not undeclared, f"used in code but not declared in ontology/qingdan.ttl: {undeclared}"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('yield a(node, QD.DutyList)', {"DutyList"}),
        ('QD["provisionLevel"], QD[\'sha256\']', {"provisionLevel", "sha256"}),
        ("QD[level]", set()),
        ("from kg.vocab import QD, QD_NS", set()),
        ("QD.iri + name", {"iri"}),
    ],
)
def test_the_grep_for_terms_finds_what_it_should(source: str, expected: set[str]) -> None:
    assert {a or b for a, b in _PY_USE.findall(source)} == expected
