"""The ontology: it parses, every qd: term is labelled in Chinese and English, every qd: term the code
or the queries use is declared in it, and docs/ontology.md matches the ontology and the code."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, RdfFormat, Triple, serialize
from rdflib import OWL, RDF, RDFS, SKOS, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.graph.lists import Linker, source_triples
from kg.graph.regions import organization_triples, region_triples
from kg.graph.statutes import statute_triples
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
    Statute,
    StatuteKind,
    StatuteVersion,
)
from kg.shacl import validate_graph
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


# --- docs/ontology.md stays true to the ontology and the code

DOCS = ROOT / "docs" / "ontology.md"
BASE = "https://qingdan.example/id/"
_FILE = "平罗县高仁乡履职事项清单.xlsx"
_SHEET = "基本履职事项清单"
_BASIS = "《中华人民共和国安全生产法》第九条第二款"


def _docs() -> str:
    return DOCS.read_text(encoding="utf-8")


def _worked_example() -> Dataset:
    blocks = re.findall(r"```trig\n(.*?)```", _docs(), re.DOTALL)
    assert len(blocks) == 1, "docs/ontology.md must hold exactly one ```trig block"
    return Dataset().parse(data=blocks[0], format="trig")


def _rdflib(triples: Iterable[Triple]) -> set[tuple[Node, Node, Node]]:
    data = serialize(list(triples), format=RdfFormat.N_TRIPLES) or b""
    return set(Graph().parse(data=data, format="nt"))


def _named(dataset: Dataset, path: str) -> set[tuple[Node, Node, Node]]:
    return set(dataset.graph(URIRef(BASE + path)))


def test_every_qd_term_is_documented(ontology: Graph) -> None:
    docs = _docs()
    missing = [t.removeprefix(QD) for t in _terms(ontology) if f"`qd:{t.removeprefix(QD)}`" not in docs]
    assert not missing, f"qd: terms missing from docs/ontology.md: {missing}"


def test_worked_example_source_graph_is_what_the_mapping_emits() -> None:
    iris = Iris(BASE)
    item = DutyItem(
        12, "安全生产监督检查", Origin(_FILE, _SHEET, 14), number="12", category="平安法治",
        tasks="开展辖区安全生产检查，督促生产经营单位整改隐患", basis=_BASIS, office="综合行政执法办公室",
    )
    duty_list = DutyList(
        "640221204", ListKind.BASIC, (item,), Origin(_FILE, _SHEET), "平罗县高仁乡基本履职事项清单", date(2024, 12, 31)
    )
    citation = ResolvedCitation(
        text=_BASIS, status=CitationStatus.OK, kind=StatuteKind.LAW, title_as_written="中华人民共和国安全生产法",
        statute_title="中华人民共和国安全生产法", version_date=date(2021, 6, 10), article=9, paragraph=2,
        confidence=1.0,
    )
    linker = Linker(
        resolve=lambda text, _on: [citation] if text == _BASIS else [],
        find_office=iris.office,
        find_department=lambda _code, _text: None,
    )
    source = ImportedSource(_FILE, "9f2c" * 16, (duty_list,))
    emitted = source_triples(source, iris, linker, datetime(2025, 1, 15, 9, 30, tzinfo=UTC))
    assert _named(_worked_example(), f"source/{_FILE}") == _rdflib(emitted)


def test_worked_example_reference_graphs_are_what_the_mapping_emits() -> None:
    iris = Iris(BASE)
    regions = (
        Region("640221", "平罗县", Level.COUNTY, "6402"),
        Region("640221204", "高仁乡", Level.TOWNSHIP, "640221", "乡"),
    )
    office = Organization("综合行政执法办公室", township_code="640221204")
    statute = Statute(
        "中华人民共和国安全生产法", StatuteKind.LAW, (StatuteVersion(date(2021, 6, 10), date(2021, 9, 1), 119),),
        short_titles=("安全生产法",), issuer="全国人民代表大会常务委员会", level_label="法律",
    )
    example = _worked_example()
    assert _named(example, "graph/regions") == _rdflib(region_triples(regions, iris))
    assert _named(example, "graph/organizations") == _rdflib(organization_triples([office], iris))
    assert _named(example, "graph/statutes") == _rdflib(statute_triples(statute, iris))


def test_worked_example_conforms_to_the_shapes() -> None:
    report = validate_graph(_worked_example())
    assert report.violations == ()


@pytest.mark.parametrize(
    ("documented", "minted"),
    [
        ("region/640221204", lambda i: i.region("640221204")),
        ("org/640221/平罗县应急管理局", lambda i: i.department("640221", "平罗县应急管理局")),
        ("org/640221204/综合行政执法办公室", lambda i: i.office("640221204", "综合行政执法办公室")),
        ("list/640221204/basic", lambda i: i.duty_list("640221204", ListKind.BASIC)),
        ("item/640221204-basic-12", lambda i: i.item("640221204", ListKind.BASIC, 12)),
        ("item/640221204-basic-12/citation/1", lambda i: i.citation("640221204", ListKind.BASIC, 12, 1)),
        ("category/平安法治", lambda i: i.category("平安法治")),
        ("statute/中华人民共和国安全生产法", lambda i: i.statute("中华人民共和国安全生产法")),
        (
            "statute/中华人民共和国安全生产法/2021-06-10",
            lambda i: i.statute_version("中华人民共和国安全生产法", date(2021, 6, 10)),
        ),
        (
            "statute/中华人民共和国安全生产法/2021-06-10/art/9/para/2",
            lambda i: i.provision("中华人民共和国安全生产法", date(2021, 6, 10), 9, 2),
        ),
        (f"source/{_FILE}", lambda i: i.source_graph(_FILE)),
        ("graph/regions", lambda i: i.reference_graph("regions")),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_documented_iri_examples_are_what_iris_mints(documented: str, minted: Callable[[Iris], NamedNode]) -> None:
    assert f"`{documented}`" in _docs()
    assert minted(Iris(BASE)).value == BASE + documented
