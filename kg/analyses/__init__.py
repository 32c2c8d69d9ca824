"""Patterns across townships for the editorial office (SPEC §6.3), computed once per build.

`load(store)` reads what every analysis needs from the graph (kg/queries/analysis_*.rq) into an
`AnalysisData`; the analyses are pure functions over it, shared by the API (api/analyses.py) and the
UI, so both show the same figures:

- list sizes: `township_counts`, `county_averages`, `region_averages` beside `reference()` (127 / 77 / 92, 57%);
- items across townships: `matrix`, `item_spread`, `common_items`, `individual_items`, `placements`, `compare`;
- similarity: `similarity`, `nearest`, `similar_pairs`, `communities` (Louvain, with a readable label);
- `category_mix`, `department_burden`, `mandatory_coverage`;
- `cited_statutes`, `cited_articles`: statutes and articles as the lists cite them (which items rely on
  one of them is kg.impact's question);
- `stored_findings`: the findings of the last check run, read back from the graph.
"""

from kg.analyses.data import AnalysisData, Entry, Item, Township, build_stamp, load
from kg.analyses.figures import (
    Averages,
    DepartmentBurden,
    MandatoryCoverage,
    Reference,
    SectionShare,
    TownshipCounts,
    category_mix,
    county_averages,
    department_burden,
    mandatory_coverage,
    reference,
    region_averages,
    township_counts,
)
from kg.analyses.findings import StoredFinding, counts_by_kind_and_county, stored_findings
from kg.analyses.items import (
    ComparedItem,
    IndividualItem,
    ItemSpread,
    MatrixCell,
    Placement,
    common_items,
    compare,
    individual_items,
    item_spread,
    matrix,
    placements,
)
from kg.analyses.similarity import Community, Neighbour, SimilarPair, communities, nearest, similar_pairs, similarity
from kg.analyses.statutes import CitedArticle, CitedStatute, cited_articles, cited_statutes

__all__ = [
    "AnalysisData", "Averages", "CitedArticle", "CitedStatute", "Community", "ComparedItem",
    "DepartmentBurden", "Entry", "IndividualItem", "Item", "ItemSpread", "MandatoryCoverage", "MatrixCell",
    "Neighbour", "Placement", "Reference", "SectionShare", "SimilarPair", "StoredFinding", "Township",
    "TownshipCounts", "build_stamp", "category_mix", "cited_articles", "cited_statutes", "common_items",
    "communities", "compare", "counts_by_kind_and_county", "county_averages", "department_burden", "individual_items",
    "item_spread", "load", "mandatory_coverage", "matrix", "nearest", "placements", "reference", "region_averages",
    "similar_pairs", "similarity", "stored_findings", "township_counts",
]
