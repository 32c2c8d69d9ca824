"""Read side of the graph: counties → townships → lists → items → trace, as plain frozen dataclasses.

Each function answers one question with one query from `kg/queries/` (browse_*.rq, trace_*.rq);
none loops a query per item. Townships, lists and items are found by their statistical code, list
kind and ordinal rather than by IRI, so reading does not depend on the base IRI the graph was built
with. The UI and the API import these names and fields; keep them stable.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

from pyoxigraph import Literal, NamedNode

from kg.iris import item_id, parse_item_id
from kg.model import ListKind
from kg.queries import load_query
from kg.store import Row, Store, Term, ask, select
from kg.vocab import QD, QD_NS, XSD

_KIND_ORDER = {kind: n for n, kind in enumerate(ListKind)}


@dataclass(frozen=True)
class CountySummary:
    code: str
    name: str
    city: str
    township_count: int
    loaded_township_count: int


@dataclass(frozen=True)
class TownshipSummary:
    code: str
    name: str
    kind: str
    county_code: str
    county_name: str
    list_counts: dict[str, int]


@dataclass(frozen=True)
class ListSummary:
    township_code: str
    kind: str
    kind_label: str
    title: str | None
    published: date | None
    item_count: int
    source_file: str | None


@dataclass(frozen=True)
class ItemRow:
    id: str
    ordinal: int
    number: str | None
    category: str | None
    name: str
    basis: str | None
    office: str | None
    lead_department: str | None
    receiving_department: str | None
    guarantee: str | None
    citation_count: int
    worst_status: str | None


@dataclass(frozen=True)
class CitationTrace:
    position: int
    text: str
    title_as_written: str | None
    status: str
    status_label: str
    kind: str | None
    statute_title: str | None
    level_label: str | None
    issuer: str | None
    version_date: date | None
    current_version_date: date | None
    article: int | None
    paragraph: int | None
    item: int | None
    provision_text: str | None
    confidence: float | None
    candidate: str | None
    statute_iri: str | None
    version_iri: str | None
    provision_iri: str | None


@dataclass(frozen=True)
class ItemTrace:
    id: str
    iri: str
    name: str
    number: str | None
    category: str | None
    tasks: str | None
    basis: str | None
    office: str | None
    lead_department: str | None
    department_duties: str | None
    township_duties: str | None
    guarantee: str | None
    receiving_department: str | None
    note: str | None
    list_kind: str
    list_kind_label: str
    list_title: str | None
    published: date | None
    township_code: str
    township_name: str
    county_code: str | None
    county_name: str | None
    source_file: str | None
    sheet: str | None
    row: int | None
    citations: list[CitationTrace]
    same_item_elsewhere: list[tuple[str, str, str]]


# --- the questions


def count_items(store: Store) -> int:
    rows = select(store, load_query("browse_count_items"))
    return (_int(rows[0]["items"]) or 0) if rows else 0


def counties(store: Store) -> list[CountySummary]:
    """Counties with township-level units in the graph, by code."""
    return [
        CountySummary(
            code=_text(r["code"]) or "",
            name=_text(r["name"]) or "",
            city=_text(r["city"]) or "",
            township_count=_int(r["townships"]) or 0,
            loaded_township_count=_int(r["loaded_townships"]) or 0,
        )
        for r in select(store, load_query("browse_counties"))
    ]


def townships(store: Store, county_code: str | None = None) -> list[TownshipSummary]:
    """Every township-level unit (of one county, or of all), by code; `list_counts` maps each
    imported list kind to its number of items and is empty when nothing was imported."""
    bindings = {"county_code": Literal(county_code)} if county_code else None
    rows = select(store, load_query("browse_townships"), bindings)
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    first: dict[str, Row] = {}
    for r in rows:
        code = _text(r["code"]) or ""
        first.setdefault(code, r)
        kind = _kind_code(r["list_kind"])
        if kind is not None:
            counts[code][kind] = _int(r["items"]) or 0
    return [
        TownshipSummary(
            code=code,
            name=_text(r["name"]) or "",
            kind=_text(r["kind"]) or "",
            county_code=_text(r["county_code"]) or "",
            county_name=_text(r["county_name"]) or "",
            list_counts=dict(counts[code]),
        )
        for code, r in sorted(first.items())
    ]


def township_exists(store: Store, code: str) -> bool:
    return ask(store, load_query("browse_region_exists"), {"code": Literal(code), "level": QD.Township})


def county_exists(store: Store, code: str) -> bool:
    return ask(store, load_query("browse_region_exists"), {"code": Literal(code), "level": QD.County})


def township_lists(store: Store, code: str) -> list[ListSummary]:
    """The lists township `code` has imported, in the order basic, cooperative, returned."""
    lists = []
    for r in select(store, load_query("browse_township_lists"), {"code": Literal(code)}):
        kind = _kind_code(r["list_kind"])
        if kind is None:
            continue
        lists.append(
            ListSummary(
                township_code=code,
                kind=kind,
                kind_label=ListKind(kind).label_zh,
                title=_text(r["title"]),
                published=_date(r["published"]),
                item_count=_int(r["items"]) or 0,
                source_file=_text(r["source_file"]),
            )
        )
    return sorted(lists, key=lambda s: _KIND_ORDER[ListKind(s.kind)])


def list_items(store: Store, code: str, kind: ListKind | str) -> list[ItemRow]:
    """The items of one list of township `code`, by ordinal, with their citation count and the
    worst status among their citations."""
    list_kind = ListKind(kind)
    bindings: dict[str, Term] = {"code": Literal(code), "list_kind": QD[list_kind.value]}
    statuses: dict[int, list[str]] = defaultdict(list)
    for r in select(store, load_query("browse_list_citations"), bindings):
        statuses[_int(r["ordinal"]) or 0].append(_text(r["status"]) or "")
    rows = select(store, load_query("browse_list_items"), bindings)
    return [_item_row(code, list_kind, r, statuses[_int(r["ordinal"]) or 0]) for r in rows]


def trace_item(store: Store, ident: str) -> ItemTrace | None:
    """Everything known about one item (public id `640221204-basic-12`): its fields, its place, its
    citations resolved to statute, version and provision, and the same item in other townships.
    None when the id is malformed or names no item in the graph."""
    parsed = parse_item_id(ident)
    if parsed is None:
        return None
    code, kind, ordinal = parsed
    bindings: dict[str, Term] = {
        "code": Literal(code),
        "list_kind": QD[kind.value],
        "ordinal": Literal(str(ordinal), datatype=XSD.integer),
    }
    rows = select(store, load_query("trace_item"), bindings)
    if not rows:
        return None
    r = rows[0]
    item = r["item"]
    assert isinstance(item, NamedNode)
    return ItemTrace(
        id=ident,
        iri=item.value,
        name=_text(r["name"]) or "",
        **_texts(r, _TRACE_TEXT_FIELDS),
        list_kind=kind.value,
        list_kind_label=kind.label_zh,
        published=_date(r["published"]),
        township_code=code,
        row=_int(r["row"]),
        citations=citations(store, item),
        same_item_elsewhere=same_item_elsewhere(store, _text(r["name"]) or "", code),
    )


def citations(store: Store, item: NamedNode) -> list[CitationTrace]:
    """The citations of one item (by IRI), in the order they are written."""
    seen: dict[int, CitationTrace] = {}
    for r in select(store, load_query("trace_citations"), {"item": item}):
        position = _int(r["position"]) or 0
        if position not in seen:
            seen[position] = _citation(r, position)
    return list(seen.values())


def same_item_elsewhere(store: Store, name: str, township_code: str) -> list[tuple[str, str, str]]:
    """(item id, township name, list kind) of items named `name` (compared by `name_key`) in
    townships other than `township_code`."""
    found = []
    for r in select(store, load_query("trace_same_item"), {"key": Literal(name_key(name))}):
        kind = _kind_code(r["list_kind"])
        ordinal = _int(r["ordinal"])
        code = _text(r["code"])
        if kind is None or ordinal is None or code is None or code == township_code:
            continue
        found.append((item_id(code, ListKind(kind), ordinal), _text(r["township_name"]) or "", kind))
    return found


def name_key(name: str) -> str:
    """An item name without whitespace, punctuation and symbols: 安全生产、监督检查 → 安全生产监督检查.
    Must agree with the REPLACE in trace_same_item.rq (Unicode White_Space, P* and S*)."""
    return "".join(ch for ch in name if not ch.isspace() and unicodedata.category(ch)[0] not in "PS")


# --- status labels and severity (data: kg/resources/citation_status.toml)


@cache
def _statuses() -> dict[str, dict[str, Any]]:
    text = files("kg.resources").joinpath("citation_status.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def status_label(status: str) -> str:
    """The Chinese label of a citation status code (the code itself when unknown)."""
    entry = _statuses().get(status)
    return str(entry["label"]) if entry else status


def worst_status(statuses: list[str]) -> str | None:
    """The most severe of some status codes; unknown codes count as most severe."""
    if not statuses:
        return None
    return max(statuses, key=lambda s: int(_statuses().get(s, {"severity": 99})["severity"]))


# --- rows to dataclasses

_TRACE_TEXT_FIELDS = (
    "number", "category", "tasks", "basis", "office", "lead_department", "department_duties",
    "township_duties", "guarantee", "receiving_department", "note", "list_title", "township_name",
    "county_code", "county_name", "source_file", "sheet",
)  # fmt: skip


def _texts(r: Row, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: _text(r[name]) for name in names}


def _item_row(code: str, kind: ListKind, r: Row, statuses: list[str]) -> ItemRow:
    ordinal = _int(r["ordinal"]) or 0
    return ItemRow(
        id=item_id(code, kind, ordinal),
        ordinal=ordinal,
        name=_text(r["name"]) or "",
        citation_count=len(statuses),
        worst_status=worst_status(statuses),
        **_texts(r, ("number", "category", "basis", "office", "lead_department", "receiving_department",
                     "guarantee")),
    )


def _citation(r: Row, position: int) -> CitationTrace:
    status = _text(r["status"]) or ""
    return CitationTrace(
        position=position,
        text=_text(r["text"]) or "",
        title_as_written=_text(r["title_as_written"]),
        status=status,
        status_label=status_label(status),
        kind=_text(r["kind"]),
        statute_title=_text(r["statute_title"]),
        level_label=_text(r["level_label"]),
        issuer=_text(r["issuer"]),
        version_date=_date(r["version_date"]),
        current_version_date=_date(r["current_version_date"]),
        article=_int(r["article"]),
        paragraph=_int(r["paragraph"]),
        item=_int(r["item_number"]),
        provision_text=_text(r["provision_text"]),
        confidence=_float(r["confidence"]),
        candidate=_text(r["candidate"]),
        statute_iri=_iri(r["statute"]),
        version_iri=_iri(r["version"]),
        provision_iri=_iri(r["provision"]),
    )


# --- terms to Python values


def _text(term: Term | None) -> str | None:
    return term.value if isinstance(term, Literal | NamedNode) else None


def _iri(term: Term | None) -> str | None:
    return term.value if isinstance(term, NamedNode) else None


def _int(term: Term | None) -> int | None:
    try:
        return int(term.value) if isinstance(term, Literal) else None
    except ValueError:
        return None


def _float(term: Term | None) -> float | None:
    try:
        return float(term.value) if isinstance(term, Literal) else None
    except ValueError:
        return None


def _date(term: Term | None) -> date | None:
    try:
        return date.fromisoformat(term.value[:10]) if isinstance(term, Literal) else None
    except ValueError:
        return None


def _kind_code(term: Term | None) -> str | None:
    """`qd:basic` → "basic" (None for anything that is not one of the three list kinds)."""
    if not isinstance(term, NamedNode) or not term.value.startswith(QD_NS):
        return None
    code = term.value[len(QD_NS):]
    return code if code in {k.value for k in ListKind} else None
