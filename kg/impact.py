"""Impact of a statute: every item, list, township and county that relies on it.

"If this statute is repealed or amended, what must be reviewed?" `impact(store, statute_title,
version=None, article=None)` finds the statute by its official or short title, then every citation of
it (of one version, of one article, or both), grouped county → township → list → items. The queries
are kg/queries/impact_statute.rq (the statute), impact_items.rq (where its citations stand) and
impact_citations.rq (how they cite it), the last two joined here by citation; the title is bound,
never pasted into a query.
`statute_impact(store, statute_iri, title, ...)` is the same answer for a caller that already holds
the statute's IRI (the UI's 法规查询 page lists statutes by IRI); this module is the only place that
answers the question, for the CLI, the API and the UI alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from pyoxigraph import Literal, NamedNode

from kg.iris import item_id
from kg.model import ListKind
from kg.queries import load_query
from kg.store import Row, Store, Term, select
from kg.vocab import QD_NS, XSD


class ImpactError(ValueError):
    """The statute asked about is not in the graph; the message is for users (Chinese)."""


@dataclass(frozen=True)
class ImpactItem:
    id: str
    iri: str
    name: str
    row: int | None
    citation: str
    status: str
    version_date: date | None
    article: int | None


@dataclass(frozen=True)
class ImpactList:
    kind: str
    kind_label: str
    items: tuple[ImpactItem, ...]


@dataclass(frozen=True)
class ImpactTownship:
    code: str
    name: str
    lists: tuple[ImpactList, ...]

    @property
    def item_count(self) -> int:
        return sum(len(lst.items) for lst in self.lists)


@dataclass(frozen=True)
class ImpactCounty:
    code: str
    name: str
    townships: tuple[ImpactTownship, ...]

    @property
    def item_count(self) -> int:
        return sum(t.item_count for t in self.townships)


@dataclass(frozen=True)
class Impact:
    statute_title: str
    statute_iri: str
    version: date | None
    article: int | None
    counties: tuple[ImpactCounty, ...]

    @property
    def item_count(self) -> int:
        return sum(c.item_count for c in self.counties)

    @property
    def township_count(self) -> int:
        return sum(len(c.townships) for c in self.counties)

    @property
    def list_count(self) -> int:
        return sum(len(t.lists) for c in self.counties for t in c.townships)


def impact(store: Store, statute_title: str, version: date | None = None, article: int | None = None) -> Impact:
    statute, official = find_statute(store, statute_title)
    return statute_impact(store, statute.value, official, version, article)


def statute_impact(store: Store, statute_iri: str, title: str, version: date | None = None,
                   article: int | None = None) -> Impact:
    """The impact of the statute `statute_iri`, whose official title `title` the result carries."""
    statute = NamedNode(statute_iri)
    bindings: dict[str, Term] = {
        "statute": statute,
        "version": Literal(version.isoformat() if version else ""),
        "want_article": Literal(str(article or 0), datatype=XSD.integer),
    }
    cited = {r["citation"]: r for r in select(store, load_query("impact_citations"), bindings)}
    places = select(store, load_query("impact_items"), {"statute": statute})
    rows = [{**place, **cited[place["citation"]]} for place in places if place["citation"] in cited]
    return Impact(title, statute_iri, version, article, _counties(rows))


def find_statute(store: Store, title: str) -> tuple[NamedNode, str]:
    """The statute whose official or short title is `title` (whitespace ignored at the ends)."""
    rows = select(store, load_query("impact_statute"), {"title": Literal(title.strip())})
    found = [(r["statute"], r["official"]) for r in rows]
    hits = [(s, o.value) for s, o in found if isinstance(s, NamedNode) and isinstance(o, Literal)]
    if not hits:
        raise ImpactError(f"图谱中没有名为“{title}”的法律法规（按全称或简称查找）。请核对名称，或先导入法规目录。")
    if len({s for s, _ in hits}) > 1:
        names = "、".join(f"《{o}》" for _, o in hits)
        raise ImpactError(f"“{title}”可能指多部法规：{names}。请使用全称。")
    return hits[0]


def _text(term: Term | None) -> str | None:
    return term.value if isinstance(term, (Literal, NamedNode)) else None


def _counties(rows: Iterable[Row]) -> tuple[ImpactCounty, ...]:
    tree: dict[tuple[str, str], dict[tuple[str, str], dict[str, dict[str, ImpactItem]]]] = {}
    for row in rows:
        v = {k: _text(t) for k, t in row.items()}
        county = (v["county_code"] or "", v["county"] or "")
        township = (v["township_code"] or "", v["township"] or "")
        kind = (v["list_kind"] or "").removeprefix(QD_NS)
        items = tree.setdefault(county, {}).setdefault(township, {}).setdefault(kind, {})
        ident = item_id(township[0], ListKind(kind), int(v["ordinal"] or 0))
        if ident in items:
            continue
        items[ident] = ImpactItem(
            id=ident,
            iri=v["item"] or "",
            name=v["name"] or "",
            row=int(v["row"]) if v["row"] else None,
            citation=v["text"] or "",
            status=v["status"] or "",
            version_date=date.fromisoformat(v["date"]) if v["date"] else None,
            article=int(v["article"]) if v["article"] else None,
        )
    order = {k.value: n for n, k in enumerate(ListKind)}
    return tuple(
        ImpactCounty(cc, cn, tuple(
            ImpactTownship(tc, tn, tuple(
                ImpactList(kind, ListKind(kind).label_zh, tuple(items.values()))
                for kind, items in sorted(lists.items(), key=lambda kv: order[kv[0]])
            ))
            for (tc, tn), lists in sorted(townships.items())
        ))
        for (cc, cn), townships in sorted(tree.items())
    )
