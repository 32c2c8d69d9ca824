"""Statutes as the lists cite them: which statutes, how often, and which of their articles.

Which items in which townships rely on one statute or article is kg.impact's question
(`kg.impact.statute_impact`), answered there once for the CLI, the API and the UI.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

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


def _text(term: Term | None) -> str | None:
    return term.value if isinstance(term, Literal | NamedNode) else None
