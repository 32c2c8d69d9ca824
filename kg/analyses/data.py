"""What every pattern analysis reads, loaded from the graph once per build: `load(store)`.

Five queries (kg/queries/analysis_*.rq) give townships, items with their catalogue match and lead
department, the catalogue, the items the `no_guarantee` check found, and a build stamp. The analyses
themselves are pure functions over the resulting `AnalysisData`, so the API and the UI compute the
same figures from one implementation and may cache the data per build stamp.

An item's identity across townships (`Item.key`) is its catalogue code when it matched one
(kg.matching); an individual (个性) item, matched to nothing, is known by its normalised name, so two
townships listing the same individual item still share it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from pyoxigraph import Literal, NamedNode

from kg.iris import parse_item_id
from kg.matching import normalise
from kg.model import ListKind
from kg.queries import load_query
from kg.store import Store, Term, select
from kg.vocab import QD_NS

INDIVIDUAL_PREFIX = "个性:"
"""`Item.key` of an item matched to no catalogue entry: this prefix and its normalised name."""


@dataclass(frozen=True)
class Township:
    code: str
    name: str
    kind: str
    county_code: str
    county_name: str
    city: str


@dataclass(frozen=True)
class Item:
    township_code: str
    kind: ListKind
    ordinal: int
    name: str
    code: str | None
    leads: tuple[str, ...]
    no_guarantee: bool

    @property
    def key(self) -> str:
        return self.code or INDIVIDUAL_PREFIX + normalise(self.name)


@dataclass(frozen=True)
class Entry:
    """A reference-catalogue item as the graph states it."""

    code: str
    name: str
    section: str
    default_list: ListKind
    mandatory: bool
    to_be_returned: bool


@dataclass(frozen=True)
class AnalysisData:
    """Every township, item and catalogue entry of one build; `stamp` names the build."""

    townships: tuple[Township, ...]
    items: tuple[Item, ...]
    catalogue: dict[str, Entry]
    stamp: str

    @cached_property
    def township_by_code(self) -> dict[str, Township]:
        return {t.code: t for t in self.townships}

    @cached_property
    def items_by_township(self) -> dict[str, tuple[Item, ...]]:
        grouped: dict[str, list[Item]] = defaultdict(list)
        for item in self.items:
            grouped[item.township_code].append(item)
        return {code: tuple(items) for code, items in grouped.items()}

    @cached_property
    def loaded(self) -> tuple[Township, ...]:
        """Townships with at least one imported item, by code."""
        return tuple(sorted((t for t in self.townships if t.code in self.items_by_township), key=lambda t: t.code))

    def loaded_in(self, county: str | None = None, township: str | None = None) -> tuple[Township, ...]:
        """Loaded townships of one county (or all), or just the one township."""
        return tuple(
            t for t in self.loaded
            if (county is None or t.county_code == county) and (township is None or t.code == township)
        )

    def label(self, key: str) -> str:
        """The readable name behind an item key: the catalogue name, or the individual item's name."""
        entry = self.catalogue.get(key)
        if entry is not None:
            return entry.name
        return self.individual_names.get(key, key.removeprefix(INDIVIDUAL_PREFIX))

    @cached_property
    def individual_names(self) -> dict[str, str]:
        """The first name written for each individual item key."""
        names: dict[str, str] = {}
        for item in self.items:
            if item.code is None:
                names.setdefault(item.key, item.name)
        return names


def build_stamp(store: Store) -> str:
    """A string that changes with every build (latest import or check-run time and event count)."""
    rows = select(store, load_query("analysis_build_stamp"))
    if not rows:
        return ""
    return f"{_text(rows[0]['stamp']) or ''}#{_text(rows[0]['events']) or 0}"


def load(store: Store) -> AnalysisData:
    """Everything the analyses need. The queries avoid joins (slow over 70,000 items in the embedded
    store): items, matches and lead departments are read separately and joined here by item IRI."""
    catalogue, by_iri = _catalogue(store)
    return AnalysisData(
        townships=_townships(store),
        items=_items(store, by_iri),
        catalogue=catalogue,
        stamp=build_stamp(store),
    )


def _townships(store: Store) -> tuple[Township, ...]:
    found: dict[str, Township] = {}
    for r in select(store, load_query("analysis_townships")):
        code = _text(r["code"]) or ""
        found.setdefault(code, Township(
            code=code,
            name=_text(r["name"]) or "",
            kind=_text(r["kind"]) or "",
            county_code=_text(r["county_code"]) or "",
            county_name=_text(r["county_name"]) or "",
            city=_text(r["city"]) or "",
        ))
    return tuple(sorted(found.values(), key=lambda t: t.code))


def _by_item(store: Store, query: str, column: str) -> dict[str, str]:
    return {
        item: value
        for r in select(store, load_query(query))
        if (item := _text(r["item"])) is not None and (value := _text(r[column])) is not None
    }


def _items(store: Store, catalogue_codes: dict[str, str]) -> tuple[Item, ...]:
    matches = _by_item(store, "analysis_matches", "catalogue")
    leads = _leads(store)
    lacking = {_text(r["item"]) for r in select(store, load_query("analysis_no_guarantee"))}
    items: dict[str, Item] = {}
    for r in select(store, load_query("analysis_items")):
        iri = _text(r["item"]) or ""
        parsed = parse_item_id(iri.rpartition("/item/")[2])
        if parsed is None or iri in items:
            continue
        code, kind, ordinal = parsed
        items[iri] = Item(
            township_code=code,
            kind=kind,
            ordinal=ordinal,
            name=_text(r["name"]) or "",
            code=catalogue_codes.get(matches.get(iri, "")),
            leads=leads.get(iri, ()),
            no_guarantee=kind is ListKind.COOPERATIVE and iri in lacking,
        )
    order = {k: n for n, k in enumerate(ListKind)}
    return tuple(sorted(items.values(), key=lambda i: (i.township_code, order[i.kind], i.ordinal)))


def _leads(store: Store) -> dict[str, tuple[str, ...]]:
    """The lead departments of each item: every recognised organisation's name (a cell may name
    several), else the text as written."""
    named: dict[str, set[str]] = defaultdict(set)
    written: dict[str, tuple[str, ...]] = {}
    for r in select(store, load_query("analysis_leads")):
        item = _text(r["item"])
        if item is None:
            continue
        if (name := _text(r["lead_name"])) is not None:
            named[item].add(name)
        elif (text := _text(r["lead_text"])) is not None:
            written.setdefault(item, (text.strip(),))
    return {**written, **{item: tuple(sorted(names)) for item, names in named.items()}}


def _catalogue(store: Store) -> tuple[dict[str, Entry], dict[str, str]]:
    """Catalogue entries by code, and each entry's code by its IRI."""
    entries: dict[str, Entry] = {}
    by_iri: dict[str, str] = {}
    for r in select(store, load_query("analysis_catalogue")):
        code, kind = _text(r["code"]) or "", _kind(r["default_list"])
        if not code or kind is None:
            continue
        by_iri[_text(r["catalogue"]) or ""] = code
        entries.setdefault(code, Entry(
            code=code,
            name=_text(r["name"]) or "",
            section=_text(r["section"]) or "",
            default_list=kind,
            mandatory=_text(r["mandatory"]) == "true",
            to_be_returned=_text(r["to_be_returned"]) == "true",
        ))
    return dict(sorted(entries.items())), by_iri


def _text(term: Term | None) -> str | None:
    return term.value if isinstance(term, Literal | NamedNode) else None


def _kind(term: Term | None) -> ListKind | None:
    if not isinstance(term, NamedNode) or not term.value.startswith(QD_NS):
        return None
    try:
        return ListKind(term.value[len(QD_NS):])
    except ValueError:
        return None
