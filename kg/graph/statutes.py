"""RDF for statutes, their versions and (from an imported law corpus) their provisions, with ELI.

A statute is `qd:Statute`; each version a `qd:StatuteVersion` (dcterms:isVersionOf the statute) that
is no longer in force from the day the next version took effect, or from the repeal date; articles,
paragraphs and items are `qd:Provision`s, each `eli:is_part_of` its parent (version → article →
paragraph → item) with its number (eli:number, and as an integer qd:article, qd:paragraph or qd:item
by its level, as the citation stubs of kg.graph.lists state it) and, from the corpus, its text.
IRIs come from `kg.iris` only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date

from pyoxigraph import NamedNode, Quad, Triple

from kg.graph.terms import a, day, integer, optional, text, zh
from kg.iris import Iris
from kg.laws.records import CorpusStatute
from kg.model import Provision, Statute, StatuteVersion
from kg.vocab import DCTERMS, ELI, QD


def statute_quads(statutes: Iterable[Statute], iris: Iris, graph: NamedNode) -> Iterator[Quad]:
    """The catalogue: every statute and every version."""
    for statute in statutes:
        for t in statute_triples(statute, iris):
            yield Quad(t.subject, t.predicate, t.object, graph)


def statute_triples(statute: Statute, iris: Iris) -> Iterator[Triple]:
    node = iris.statute(statute.title)
    yield a(node, QD.Statute)
    yield Triple(node, ELI.title, zh(statute.title))
    for short in statute.short_titles:
        yield Triple(node, ELI.title_short, zh(short))
    yield Triple(node, QD.statuteKind, text(statute.kind.value))
    yield from optional(node, QD.levelLabel, text(statute.level_label) if statute.level_label else None)
    yield from optional(node, QD.issuer, text(statute.issuer) if statute.issuer else None)
    repealed = day(statute.repealed_date) if statute.repealed_date else None
    yield from optional(node, ELI.date_no_longer_in_force, repealed)
    yield from version_triples(statute.title, statute.versions, statute.repealed_date, iris)


def version_triples(
    title: str, versions: Sequence[StatuteVersion], repealed: date | None, iris: Iris
) -> Iterator[Triple]:
    statute = iris.statute(title)
    ordered = sorted(versions, key=lambda v: v.version_date)
    for n, version in enumerate(ordered):
        node = iris.statute_version(title, version.version_date)
        yield a(node, QD.StatuteVersion)
        yield Triple(node, DCTERMS.isVersionOf, statute)
        yield Triple(node, ELI.version_date, day(version.version_date))
        if version.effective_date is not None:
            yield Triple(node, ELI.first_date_entry_in_force, day(version.effective_date))
        if n + 1 < len(ordered):
            following = ordered[n + 1]
            end: date | None = following.effective_date or following.version_date
        else:
            end = repealed
        yield from optional(node, ELI.date_no_longer_in_force, day(end) if end else None)
        yield from optional(node, QD.articleCount, integer(version.article_count) if version.article_count else None)


def corpus_quads(
    corpus_statutes: Iterable[CorpusStatute],
    iris: Iris,
    graph: NamedNode,
    titles: Mapping[str, str] | None = None,
) -> Iterator[Quad]:
    """An imported law corpus: statutes, versions (also those only named by history lines) and every
    article, paragraph and item with its text. `titles` maps a corpus title to the catalogue's
    spelling when they differ, so citations and provisions meet on one IRI."""
    records = list(corpus_statutes)
    by_title: dict[str, list[CorpusStatute]] = {}
    for record in records:
        by_title.setdefault((titles or {}).get(record.title, record.title), []).append(record)
    for title, parts in by_title.items():
        for t in _corpus_statute_triples(title, parts, iris):
            yield Quad(t.subject, t.predicate, t.object, graph)


def _corpus_statute_triples(title: str, parts: list[CorpusStatute], iris: Iris) -> Iterator[Triple]:
    node = iris.statute(title)
    latest = max(parts, key=lambda p: p.version_date)
    yield a(node, QD.Statute)
    yield Triple(node, ELI.title, zh(title))
    yield Triple(node, QD.statuteKind, text(latest.kind.value))
    yield from optional(node, QD.levelLabel, text(latest.level) if latest.level else None)
    versions: dict[date, StatuteVersion] = {}
    counts: dict[date, set[int]] = {}
    for part in parts:
        counts.setdefault(part.version_date, set()).update(part.article_numbers)
    for part in parts:
        for d in part.history:
            versions.setdefault(d, StatuteVersion(d))
    for part in parts:
        versions[part.version_date] = StatuteVersion(
            part.version_date, part.effective_date, len(counts[part.version_date]) or None
        )
    yield from version_triples(title, list(versions.values()), None, iris)
    nodes: dict[tuple[int, int | None, int | None], NamedNode] = {}
    for part in parts:
        for provision in part.provisions:
            yield from provision_triples(title, provision, iris, nodes)


_LEVELS = {0: text("article"), 1: text("paragraph"), 2: text("item")}
_NUMBER_TERMS = {0: QD.article, 1: QD.paragraph, 2: QD.item}


def provision_triples(
    title: str,
    p: Provision,
    iris: Iris,
    nodes: dict[tuple[int, int | None, int | None], NamedNode] | None = None,
) -> Iterator[Triple]:
    """One provision; `nodes` remembers the IRIs minted for one version so parents are not re-minted."""
    nodes = {} if nodes is None else nodes
    key = (p.article, p.paragraph, p.item)
    node = nodes[key] = iris.provision(title, p.version_date, p.article, p.paragraph, p.item)
    if p.paragraph is None:
        depth, number = 0, p.article
        parent = iris.statute_version(title, p.version_date)
    elif p.item is None:
        depth, number = 1, p.paragraph
        parent = nodes.get((p.article, None, None)) or iris.provision(title, p.version_date, p.article)
    else:
        depth, number = 2, p.item
        parent = nodes.get((p.article, p.paragraph, None)) or iris.provision(
            title, p.version_date, p.article, p.paragraph
        )
    yield a(node, QD.Provision)
    yield Triple(node, ELI.is_part_of, parent)
    yield Triple(node, ELI.number, text(str(number)))
    yield Triple(node, QD.provisionLevel, _LEVELS[depth])
    yield Triple(node, _NUMBER_TERMS[depth], integer(number))
    if p.text:
        yield Triple(node, QD.text, text(p.text))
