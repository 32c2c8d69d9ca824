"""Checks whose question is about structure across items and townships, not one item's triples.

An item's identity across townships is its catalogue match (`qd:matchesCatalogueItem`, see
kg/matching.py); an unmatched (个性) item is identified by its normalised name. Majorities within a
county are read off a bipartite graph of townships and items (plain dicts: item identity → township
→ edge), where an edge carries the list kinds (or lead departments) a township gives the item and
the items themselves. networkx was twice as slow here for nothing it added.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

from kg.checks.model import CheckInput, ClauseRules, Hit, ItemContext
from kg.matching import normalise
from kg.model import ListKind
from kg.reference import NegativePattern
from kg.regions import name_key

OWN_LISTS = (ListKind.BASIC, ListKind.COOPERATIVE)


def identity(item: ItemContext) -> str:
    return item.code if item.code else "name:" + normalise(item.name)


def duplicate_in_township(data: CheckInput) -> Iterator[Hit]:
    """Every item of a township that shares its identity with another item of the same township
    (in another list, or twice in one)."""
    groups: dict[tuple[str, str], list[ItemContext]] = defaultdict(list)
    for item in data.items:
        groups[(item.township_code, identity(item))].append(item)
    for group in groups.values():
        if len(group) < 2:
            continue
        for item in group:
            others = [o for o in group if o.iri != item.iri]
            yield Hit(
                item.iri, item.id,
                {"others": "、".join(o.place for o in [item, *others])},
                tuple(o.iri for o in others),
            )


@dataclass
class _Edge:
    """What one township says about one item identity: the values its items carry, and the items."""

    values: set[str] = field(default_factory=set)
    items: list[ItemContext] = field(default_factory=list)


_Bipartite = dict[str, dict[str, _Edge]]
"""Item identity → township code → edge."""


def _county_graphs(
    items: Iterable[ItemContext], edge_value: Callable[[ItemContext], str | None]
) -> dict[str, _Bipartite]:
    """Per county, the bipartite graph township — item identity; each edge holds the values
    (`edge_value`) the township's items of that identity carry, and the items themselves."""
    graphs: dict[str, _Bipartite] = defaultdict(dict)
    for item in items:
        value = edge_value(item)
        if value is None:
            continue
        edge = graphs[item.county_code].setdefault(identity(item), {}).setdefault(item.township_code, _Edge())
        edge.values.add(value)
        edge.items.append(item)
    return graphs


_KIND_RANK = {k.value: n for n, k in enumerate(ListKind)}


def minority_classification(data: CheckInput) -> Iterator[Hit]:
    """Items classified in another list kind than the county's majority for the item, where the
    majority stands among the other townships too (see `majority_against`)."""
    for graph in _county_graphs(data.items, lambda item: item.kind).values():  # a StrEnum is its value
        for townships in graph.values():
            edges = list(townships.values())
            counts = Counter(v for e in edges for v in e.values)
            for edge in edges:
                majority = majority_against(counts, len(edges), edge.values)
                if majority is None:
                    continue
                kind, n = majority
                label = ListKind(kind).label_zh
                values = {"listed": str(len(edges)), "majority_count": str(n), "majority_label": label}
                for item in edge.items:
                    if item.kind != kind:
                        yield Hit(item.iri, item.id, values)


def majority_against(counts: Counter[str], listed: int, own: set[str]) -> tuple[str, int] | None:
    """The county's majority kind for one township's item, and how many townships list it so, or None.

    `counts` holds, per kind, the townships of the county listing the item in that kind (a township
    listing it in two kinds counts for both), `listed` how many list it, `own` the township's kinds.
    The majority is the kind more than half of the listing townships give the item, and it must hold
    without the township's own vote: more than half of the OTHER listing townships give it that kind.
    A township never outvotes itself: an item only it lists, even in two lists, has no majority to
    differ from (listing it twice is `duplicate_in_township`)."""
    if not counts:
        return None
    kind, n = max(counts.items(), key=lambda kv: (kv[1], -_KIND_RANK[kv[0]]))
    others = n - (1 if kind in own else 0)
    if n * 2 <= listed or others * 2 <= listed - 1:
        return None
    return kind, n


def lead_department_conflict(data: CheckInput) -> Iterator[Hit]:
    """Cooperative items of one identity whose recognised lead departments differ within a county:
    the items naming another set of departments than the one more than half of them name, or every
    item when no set has more than half. A cell naming several departments (县林草局、县应急局) is
    compared as the set it names, whatever the order."""
    cooperative = [i for i in data.items if i.kind is ListKind.COOPERATIVE and i.leads]
    for graph in _county_graphs(cooperative, lambda item: " ".join(item.leads)).values():
        for townships in graph.values():
            yield from _lead_conflicts([item for edge in townships.values() for item in edge.items])


def _lead_conflicts(items: list[ItemContext]) -> Iterator[Hit]:
    counts = Counter(i.leads for i in items)
    if len(counts) < 2:
        return
    top, n = counts.most_common(1)[0]
    top_label = next(("、".join(i.lead_names) or i.lead_text or "" for i in items if i.leads == top), "")
    values = {"listed": str(len(items)), "top_count": str(n), "top_label": top_label}
    for item in items:
        if n * 2 <= len(items) or item.leads != top:
            label = item.lead_text or "、".join(item.lead_names)
            yield Hit(item.iri, item.id, {**values, "lead_label": label}, item.leads)


def negative_list(data: CheckInput) -> Iterator[Hit]:
    """Basic or cooperative items whose name, or a clause of a description cell, matches a
    negative-list pattern, or whose catalogue match is itself a negative-list duty."""
    for item in data.items:
        if item.kind not in OWN_LISTS:
            continue
        descriptions = data.descriptions.get(item.iri, ())
        found = negative_match(item.name, descriptions, data.negative_patterns, data.clauses)
        if found is not None:
            pattern, cell, clause = found
            values = {"label": pattern.label or pattern.reason, "pattern": pattern.code}
            yield Hit(item.iri, item.id, {**values, "cell": cell, "clause": clause} if cell else values)
        elif item.code and item.code in data.negative_codes:
            yield Hit(item.iri, item.id, {"label": f"目录事项“{data.negative_codes[item.code]}”（{item.code}）"})


def negative_match(
    name: str,
    descriptions: Iterable[tuple[str, str]],
    patterns: Iterable[NegativePattern],
    rules: ClauseRules,
) -> tuple[NegativePattern, str, str] | None:
    """The first pattern the item's name matches (then cell and clause are ""), else the first one a
    clause of a description cell (header, text) matches, with that header and the clause."""
    patterns = tuple(patterns)
    texts = [("", name)] + [(cell, clause) for cell, text in descriptions
                            if _first_match(patterns, text) for clause in clauses(text, rules)]
    for cell, text in texts:
        pattern = _first_match(patterns, text)
        if pattern is not None:
            return pattern, cell, text if cell else ""
    return None


def _first_match(patterns: Sequence[NegativePattern], text: str) -> NegativePattern | None:
    """The first pattern matching `text` (as `NegativePattern.matches` compares it). A description is
    split into clauses only when its whole text matches one: a clause's key is part of its text's
    key, so no clause of a text that matches nothing can match (the province: 0.7 s → 0.5 s)."""
    key = name_key(text)
    return next((p for p in patterns if p.pattern.search(key)), None)


def clauses(text: str, rules: ClauseRules) -> list[str]:
    """The clauses of a description that say what the township does: `text` split at the
    separators, stripped, without empty clauses and clauses holding a negation. The patterns are
    written for item names; a clause is about as long as one."""
    parts = (c.strip() for c in _splitter(rules.separators).split(text))
    return [c for c in parts if c and not any(n in c for n in rules.negations)]


@cache
def _splitter(separators: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(s) for s in separators) or "(?!)")


FUNCTIONS: dict[str, Callable[[CheckInput], Iterator[Hit]]] = {
    "duplicate_in_township": duplicate_in_township,
    "minority_classification": minority_classification,
    "lead_department_conflict": lead_department_conflict,
    "negative_list": negative_list,
}
