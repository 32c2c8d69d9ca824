"""Township similarity (Jaccard over the items they list) and communities of similar townships.

Two townships' similarity is |A ∩ B| / |A ∪ B| over their item keys (of one list kind, or of all
lists). Communities are found by networkx's Louvain method on the graph where each township keeps an
edge, weighted by similarity, to its k most similar townships (a complete graph would blur them);
the seed is fixed, so the same data gives the same communities. Each community gets a readable label:
what kind of townships it holds, its main county, and the items that set it apart.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx
import numpy as np

from kg.analyses.data import AnalysisData, Township
from kg.analyses.figures import reference
from kg.model import ListKind

_MAJORITY = 0.6
_LABEL_ITEMS = 2


@dataclass(frozen=True)
class Similarity:
    """The Jaccard similarity of each pair of `codes` (a symmetric matrix, 1 on the diagonal)."""

    codes: tuple[str, ...]
    keys: tuple[str, ...]
    membership: np.ndarray
    values: np.ndarray


def similarity(data: AnalysisData, kind: ListKind | None = None, county: str | None = None) -> Similarity:
    scope = data.loaded_in(county)
    sets = [{i.key for i in data.items_by_township[t.code] if kind is None or i.kind is kind} for t in scope]
    keys = tuple(sorted(set().union(*sets))) if sets else ()
    column = {k: n for n, k in enumerate(keys)}
    member = np.zeros((len(scope), len(keys)), dtype=np.float32)
    for row, items in enumerate(sets):
        member[row, [column[k] for k in items]] = 1.0
    inter = member @ member.T
    sizes = member.sum(axis=1)
    union = sizes[:, None] + sizes[None, :] - inter
    values = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
    return Similarity(tuple(t.code for t in scope), keys, member, values)


@dataclass(frozen=True)
class Neighbour:
    code: str
    name: str
    county: str
    similarity: float


def nearest(data: AnalysisData, township: str, kind: ListKind | None = None, n: int = 5,
            county: str | None = None) -> list[Neighbour]:
    """The `n` townships (of `county`, or of the region) whose lists are most like `township`'s."""
    sim = similarity(data, kind, county)
    if township not in sim.codes:
        sim = similarity(data, kind)
        if township not in sim.codes:
            return []
    row = sim.values[sim.codes.index(township)]
    order = [j for j in np.argsort(-row, kind="stable") if sim.codes[j] != township][:n]
    return [_neighbour(data.township_by_code[sim.codes[j]], float(row[j])) for j in order]


def _neighbour(t: Township, value: float) -> Neighbour:
    return Neighbour(t.code, t.name, t.county_name, round(value, 4))


@dataclass(frozen=True)
class SimilarPair:
    a: str
    a_name: str
    b: str
    b_name: str
    similarity: float


def similar_pairs(data: AnalysisData, kind: ListKind | None = None, county: str | None = None,
                  limit: int = 50) -> list[SimilarPair]:
    """The most similar pairs of townships in the scope."""
    sim = similarity(data, kind, county)
    upper = np.triu_indices(len(sim.codes), k=1)
    values = sim.values[upper]
    best = np.argsort(-values, kind="stable")[:limit]
    towns = data.township_by_code
    return [
        SimilarPair(sim.codes[i], towns[sim.codes[i]].name, sim.codes[j], towns[sim.codes[j]].name,
                    round(float(values[n]), 4))
        for n in best
        for i, j in [(int(upper[0][n]), int(upper[1][n]))]
    ]


@dataclass(frozen=True)
class Community:
    number: int
    label: str
    size: int
    township_codes: tuple[str, ...]
    townships: tuple[str, ...]
    distinctive: tuple[str, ...]
    """Names of the items most over-represented in the community compared with the rest."""
    cohesion: float
    """Mean similarity between the community's townships."""


def communities(data: AnalysisData, kind: ListKind | None = None, county: str | None = None) -> list[Community]:
    """Louvain communities of similar townships, largest first, each with a readable label."""
    sim = similarity(data, kind, county)
    if len(sim.codes) < 3:
        return []
    settings = reference()
    graph = _knn_graph(sim, settings.neighbours)
    groups = nx.community.louvain_communities(graph, weight="weight", resolution=settings.resolution,
                                              seed=settings.seed)
    ordered = sorted((sorted(g) for g in groups), key=lambda g: (-len(g), g[0]))
    return [_community(data, sim, n, members) for n, members in enumerate(ordered, start=1)]


def _knn_graph(sim: Similarity, k: int) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(range(len(sim.codes)))
    for i in range(len(sim.codes)):
        row = sim.values[i].copy()
        row[i] = -1.0
        for j in np.argsort(-row, kind="stable")[:k]:
            if row[j] > 0:
                graph.add_edge(i, int(j), weight=float(row[j]))
    return graph


def _community(data: AnalysisData, sim: Similarity, number: int, members: list[int]) -> Community:
    towns = [data.township_by_code[sim.codes[i]] for i in members]
    inside = np.zeros(len(sim.codes), dtype=bool)
    inside[members] = True
    rest = sim.membership[~inside]
    lift = sim.membership[inside].mean(axis=0) - (rest.mean(axis=0) if len(rest) else 0.0)
    top = [sim.keys[j] for j in np.argsort(-lift, kind="stable")[:_LABEL_ITEMS] if lift[j] > 0]
    block = sim.values[np.ix_(members, members)]
    pairs = len(members) * (len(members) - 1)
    cohesion = float((block.sum() - len(members)) / pairs) if pairs else 1.0
    distinctive = tuple(data.label(k) for k in top)
    return Community(number, _label(towns, distinctive), len(members), tuple(t.code for t in towns),
                     tuple(t.name for t in towns), distinctive, round(cohesion, 4))


def _label(towns: list[Township], distinctive: tuple[str, ...]) -> str:
    """`街道为主 · 兴庆区：物业管理、社区治理` — township kind, main county, distinctive items."""
    kinds = Counter(t.kind for t in towns)
    kind, count = kinds.most_common(1)[0]
    parts = [f"{kind}为主" if kind and count / len(towns) >= _MAJORITY else "乡镇街道混合"]
    county, in_county = Counter(t.county_name for t in towns).most_common(1)[0]
    if in_county / len(towns) >= _MAJORITY:
        parts.append(county)
    head = " · ".join(parts)
    return f"{head}：{'、'.join(distinctive)}" if distinctive else head
