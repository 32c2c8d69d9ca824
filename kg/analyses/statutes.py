"""Statutes as the lists cite them: which statutes, how often, which articles, and which items in
which townships rely on one statute or article (the impact view of the statute explorer).

`statute_items` answers the question of kg.impact from the citation side, with the statute bound
(one query, well under a second for the most cited statute of the generated province) and places
the items through `AnalysisData`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from kg.analyses.data import AnalysisData
from kg.iris import parse_item_id
from kg.queries import load_query
from kg.store import Store, Term, select


@dataclass(frozen=True)
class CitedStatute:
    iri: str
    title: str
    level: str
    citations: int


@dataclass(frozen=True)
class CitedArticle:
    article: int | None
    """None for citations of the statute without an article."""
    citations: int
    statuses: dict[str, int]


def cited_statutes(store: Store) -> list[CitedStatute]:
    """Every statute some citation resolved to, most cited first."""
    rows = [
        CitedStatute(_text(r["statute"]) or "", _text(r["title"]) or "", _text(r["level"]) or "",
                     int(_text(r["citations"]) or 0))
        for r in select(store, load_query("analysis_statutes"))
    ]
    return sorted(rows, key=lambda s: (-s.citations, s.title))


def cited_articles(store: Store, statute_iri: str) -> list[CitedArticle]:
    """The articles of one statute the lists cite, by article number, with citation statuses."""
    statuses: dict[int | None, dict[str, int]] = defaultdict(dict)
    for r in select(store, load_query("analysis_statute_articles"), {"statute": NamedNode(statute_iri)}):
        article = _text(r["article"])
        number = int(article) if article and article.isdigit() else None
        statuses[number][_text(r["status"]) or ""] = int(_text(r["citations"]) or 0)
    return [
        CitedArticle(number, sum(counts.values()), dict(counts))
        for number, counts in sorted(statuses.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))
    ]


@dataclass(frozen=True)
class CitingItem:
    item_id: str
    name: str
    list: str
    township_code: str
    township: str
    county_code: str
    county: str
    citation: str
    status: str
    version_date: str | None
    article: int | None


def statute_items(store: Store, data: AnalysisData, statute_iri: str, article: int | None = None) -> list[CitingItem]:
    """Every item citing the statute (only article `article` when given), by county, township, list."""
    items = {(i.township_code, i.kind.value, i.ordinal): i for i in data.items}
    found: dict[str, CitingItem] = {}
    for r in select(store, load_query("analysis_statute_items"), {"statute": NamedNode(statute_iri)}):
        cited = _text(r["article"])
        number = int(cited) if cited and cited.isdigit() else None
        iri = _text(r["item"]) or ""
        parsed = parse_item_id(iri.rpartition("/item/")[2])
        if parsed is None or (article is not None and number != article):
            continue
        code, kind, ordinal = parsed
        town, item = data.township_by_code.get(code), items.get((code, kind.value, ordinal))
        ident = iri.rpartition("/item/")[2]
        found.setdefault(ident, CitingItem(
            ident, item.name if item else "", kind.value, code, town.name if town else code,
            town.county_code if town else "", town.county_name if town else "", _text(r["text"]) or "",
            _text(r["status"]) or "", _text(r["date"]), number,
        ))
    order = {"basic": 0, "cooperative": 1, "returned": 2}
    return sorted(found.values(), key=lambda c: (c.township_code, order.get(c.list, 9), c.item_id))


def _text(term: Term | None) -> str | None:
    return term.value if isinstance(term, Literal | NamedNode) else None
