"""RDF for imported duty lists: one named graph per source file.

Linking is passed in as callables (`Linker`) so this module stays pure: it maps what was read and
what the resolver and the organisation registry said, and states nothing it was not told.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from pyoxigraph import NamedNode, Triple

from kg import vocab
from kg.graph.terms import Terms, a, day, decimal, instant, integer, label, optional, stated, text, zh
from kg.iris import Iris
from kg.model import CitationStatus, DutyItem, DutyList, ImportedSource, ListKind, ResolvedCitation

DCTERMS, ELI, PROV, QD, SKOS = (Terms(ns) for ns in (vocab.DCTERMS, vocab.ELI, vocab.PROV, vocab.QD, vocab.SKOS))

ResolveBasis = Callable[[str, date | None], list[ResolvedCitation]]
FindOrg = Callable[[str, str], NamedNode | Sequence[NamedNode] | None]
ItemParagraph = Callable[[str, date, int, int], int | None]


def _no_paragraph(title: str, version: date, article: int, item: int) -> int | None:
    return None


@dataclass(frozen=True)
class Linker:
    """How names in a list are linked: citations to statutes, names to organisations.

    `find_office(township_code, text)` and `find_department(township_code, text)` return the IRI of a
    known organisation, or the IRIs of each known one a cell of several names lists (县林草局、县应急局),
    or None / nothing (then only the text as written is stated). `item_paragraph` places an
    item cited without its paragraph in the paragraph of the law text that holds it.
    """

    resolve: ResolveBasis
    find_office: FindOrg
    find_department: FindOrg
    item_paragraph: ItemParagraph = _no_paragraph


_PROVISION_MISSING = frozenset(
    {CitationStatus.NONEXISTENT_ARTICLE, CitationStatus.NONEXISTENT_PARAGRAPH, CitationStatus.NONEXISTENT_ITEM}
)
"""A citation of a provision that does not exist links to no provision node: the graph never states one."""

_KIND_NODE = {ListKind.BASIC: QD.basic, ListKind.COOPERATIVE: QD.cooperative, ListKind.RETURNED: QD.returned}

_ITEM_TEXT_FIELDS = (
    ("number", QD.number),
    ("tasks", QD.tasks),
    ("basis", QD.basisText),
    ("office", QD.officeText),
    ("lead_department", QD.leadDepartmentText),
    ("department_duties", QD.departmentDuties),
    ("township_duties", QD.townshipDuties),
    ("guarantee", QD.guarantee),
    ("receiving_department", QD.receivingDepartmentText),
    ("note", QD.note),
)


def source_triples(
    source: ImportedSource, iris: Iris, linker: Linker, imported_at: datetime
) -> Iterator[Triple]:
    node = iris.source_graph(source.file_name)
    yield a(node, QD.SourceFile)
    yield Triple(node, DCTERMS.title, text(source.file_name))
    yield Triple(node, QD.sha256, text(source.sha256))
    yield Triple(node, PROV.generatedAtTime, instant(imported_at))
    for duty_list in source.lists:
        yield from list_triples(duty_list, node, iris, linker)


def list_triples(duty_list: DutyList, source: NamedNode, iris: Iris, linker: Linker) -> Iterator[Triple]:
    node = iris.duty_list(duty_list.township_code, duty_list.kind)
    yield a(node, QD.DutyList)
    yield Triple(node, QD.township, iris.region(duty_list.township_code))
    yield Triple(node, QD.listKind, _KIND_NODE[duty_list.kind])
    yield Triple(node, PROV.wasDerivedFrom, source)
    yield from stated(node, DCTERMS.title, duty_list.title)
    yield from optional(node, DCTERMS.issued, day(duty_list.published) if duty_list.published else None)
    yield from stated(node, QD.sheet, duty_list.origin.sheet)
    for note in duty_list.notes:
        yield Triple(node, SKOS.note, text(note))
    for item in duty_list.items:
        yield from item_triples(item, duty_list, node, source, iris, linker)


def item_triples(
    item: DutyItem, duty_list: DutyList, list_node: NamedNode, source: NamedNode, iris: Iris, linker: Linker
) -> Iterator[Triple]:
    code, kind = duty_list.township_code, duty_list.kind
    node = iris.item(code, kind, item.ordinal)
    yield a(node, QD.DutyItem)
    yield Triple(node, QD.inList, list_node)
    yield Triple(node, QD.ordinal, integer(item.ordinal))
    yield Triple(node, DCTERMS.title, text(item.name))
    yield Triple(node, PROV.wasDerivedFrom, source)
    yield from stated(node, QD.sheet, item.origin.sheet)
    yield from optional(node, QD.row, integer(item.origin.row) if item.origin.row else None)
    for field_name, predicate in _ITEM_TEXT_FIELDS:
        yield from stated(node, predicate, getattr(item, field_name))
    if item.category:
        category, *described = _category_triples(iris, item.category)
        yield Triple(node, QD.category, category.subject)
        yield category
        yield from described
    yield from _org_links(node, item, code, linker)
    for n, citation in enumerate(linker.resolve(item.basis or "", duty_list.published), start=1):
        cnode = iris.citation(code, kind, item.ordinal, n)
        yield Triple(node, QD.hasCitation, cnode)
        yield from citation_triples(cnode, n, citation, iris, linker.item_paragraph)


@lru_cache(maxsize=4096)
def _category_triples(iris: Iris, label_zh: str) -> tuple[Triple, ...]:
    """The category's own triples (its type first), the same for every item in it."""
    category = iris.category(label_zh)
    return (a(category, QD.Category), Triple(category, SKOS.prefLabel, zh(label_zh)))


def _org_links(node: NamedNode, item: DutyItem, code: str, linker: Linker) -> Iterator[Triple]:
    links = (
        (item.office, linker.find_office, QD.responsibleOffice),
        (item.lead_department, linker.find_department, QD.leadDepartment),
        (item.receiving_department, linker.find_department, QD.receivingDepartment),
    )
    for written, find, predicate in links:
        found = find(code, written) if written else None
        for org in (found,) if isinstance(found, NamedNode) else found or ():
            yield Triple(node, predicate, org)


def citation_triples(
    node: NamedNode, position: int, c: ResolvedCitation, iris: Iris, item_paragraph: ItemParagraph = _no_paragraph
) -> Iterator[Triple]:
    yield a(node, QD.Citation)
    yield Triple(node, QD.position, integer(position))
    yield Triple(node, QD.textAsWritten, text(c.text))
    yield Triple(node, QD.status, label(c.status.value))
    yield Triple(node, QD.statuteKind, label(c.kind.value))
    yield Triple(node, QD.confidence, decimal(c.confidence))
    yield from stated(node, QD.titleAsWritten, c.title_as_written)
    yield from stated(node, QD.qualifier, c.qualifier)
    yield from stated(node, QD.docNumber, c.doc_number)
    yield from stated(node, QD.candidate, c.candidate)
    for value, predicate in (
        (c.article, QD.article),
        (c.paragraph, QD.paragraph),
        (c.item, QD.item),
        (c.sub_item, QD.subItem),
    ):
        yield from optional(node, predicate, integer(value) if value is not None else None)
    if c.statute_title is None:
        return
    yield Triple(node, QD.citesStatute, _statute(iris, c.statute_title))
    if c.current_version_date is not None:
        yield Triple(node, QD.currentVersion, _version(iris, c.statute_title, c.current_version_date))
    if c.version_date is None:
        return
    yield Triple(node, QD.citesVersion, _version(iris, c.statute_title, c.version_date))
    if c.article is not None and c.status not in _PROVISION_MISSING:
        paragraph = c.paragraph
        if paragraph is None and c.item is not None:
            paragraph = item_paragraph(c.statute_title, c.version_date, c.article, c.item)
        stub = _provision_stub(iris, c.statute_title, c.version_date, c.article, paragraph, c.item)
        yield Triple(node, QD.citesProvision, stub[-1].subject)
        yield from stub


# Statutes, versions and provisions recur across thousands of citations: their IRIs and the stub
# triples of a provision are made once per build process.
@lru_cache(maxsize=4096)
def _statute(iris: Iris, title: str) -> NamedNode:
    return iris.statute(title)


@lru_cache(maxsize=8192)
def _version(iris: Iris, title: str, version: date) -> NamedNode:
    return iris.statute_version(title, version)


@lru_cache(maxsize=65536)
def _provision_stub(
    iris: Iris, title: str, version: date, article: int, paragraph: int | None, item: int | None
) -> tuple[Triple, ...]:
    """`provision_stub_triples`, the cited provision's own triple last."""
    return tuple(provision_stub_triples(title, version, article, paragraph, item, iris))


def provision_stub_triples(
    title: str, version: date, article: int, paragraph: int | None, item: int | None, iris: Iris
) -> Iterator[Triple]:
    """State the cited provision's place in its version (not its text), so a trace can walk
    citation → provision → version → statute even when no law corpus was imported.

    An item cited without a paragraph (第七十六条第（二）项, an article of one paragraph) hangs
    directly under its article."""
    levels: list[tuple[str, NamedNode, int, NamedNode]] = []
    parent = iris.statute_version(title, version)
    art = iris.provision(title, version, article)
    levels.append(("article", art, article, parent))
    parent = art
    if paragraph is not None:
        parent = iris.provision(title, version, article, paragraph)
        levels.append(("paragraph", parent, paragraph, art))
    if item is not None:
        levels.append(("item", iris.provision(title, version, article, paragraph, item), item, parent))
    for level, pnode, number, parent_node in levels:
        yield a(pnode, QD.Provision)
        yield Triple(pnode, ELI.is_part_of, parent_node)
        yield Triple(pnode, ELI.number, text(str(number)))
        yield Triple(pnode, QD.provisionLevel, text(level))
        yield Triple(pnode, QD[level], integer(number))
