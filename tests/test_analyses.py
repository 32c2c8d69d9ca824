"""The pattern analyses (kg.analyses) as pure functions: the cases of tests/data/analyses_cases.toml
over the small world the same file describes; and `load` against a real build of data/sample on both
stores (tests/store_kinds.py), checked against kg.browse (another set of queries), kg.checks and kg.impact."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path
from typing import Any

import pytest

from kg import analyses, browse
from kg.analyses import AnalysisData, Entry, Item, Township
from kg.impact import Impact, ImpactCounty, ImpactItem, ImpactList, ImpactTownship, impact, statute_impact
from kg.iris import parse_item_id
from kg.model import ListKind

ROOT = Path(__file__).resolve().parents[1]
CASES = tomllib.loads((ROOT / "tests" / "data" / "analyses_cases.toml").read_text(encoding="utf-8"))


def world() -> AnalysisData:
    townships = tuple(Township(t["code"], t["name"], t["kind"], t["county_code"], t["county_name"], "")
                      for t in CASES["township"])
    items = tuple(
        Item(code, ListKind(kind), ordinal, name, entry or None, tuple(filter(None, lead.split("|"))), lacking)
        for code, kind, ordinal, name, entry, lead, lacking in (i["at"] for i in CASES["item"])
    )
    catalogue = {
        e["code"]: Entry(e["code"], e["name"], e["section"], ListKind(e["default_list"]), e["mandatory"],
                         e["default_list"] == "returned")
        for e in CASES["entry"]
    }
    return AnalysisData(townships, items, catalogue, "test")


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def _args(raw: dict[str, Any]) -> dict[str, Any]:
    return {k: ListKind(v) if k == "kind" else v for k, v in raw.items()}


def _picked(row: dict[str, Any], expected: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in expected}


@pytest.mark.parametrize("case", CASES["case"], ids=lambda c: f"{c['function']}({c['args']})")
def test_analysis_case(case: dict[str, Any]) -> None:
    result = _plain(getattr(analyses, case["function"])(world(), **_args(case["args"])))
    expected = case["expected"]
    if isinstance(expected, dict):
        assert _picked(result, expected) == expected
        return
    assert [_picked(row, want) for row, want in zip(result, expected, strict=False)] == expected
    assert len(result) == len(expected)


def test_communities_partition_the_townships_and_are_labelled() -> None:
    data = world()
    found = analyses.communities(data)
    members = [code for c in found for code in c.township_codes]
    assert sorted(members) == [t.code for t in data.loaded]
    assert all(c.label for c in found)


def test_reference_figures_are_the_published_ones() -> None:
    ref = analyses.reference()
    assert (ref.basic, ref.cooperative, ref.returned, ref.share) == (127, 77, 92, 0.57)


# --- against a real build


@pytest.fixture(scope="module")
def sample(analysis_location: str) -> tuple[Any, AnalysisData]:
    from kg.store import open_store

    store = open_store(analysis_location, read_only=True)
    return store, analyses.load(store)


def test_load_counts_agree_with_browse(sample: tuple[Any, AnalysisData]) -> None:
    store, data = sample
    listed = {t.code: t.list_counts for t in browse.townships(store) if t.list_counts}
    counted = {r.code: {k: n for k, n in (("basic", r.basic), ("cooperative", r.cooperative),
                                           ("returned", r.returned)) if n}
               for r in analyses.township_counts(data)}
    assert counted == listed
    assert len(data.items) == browse.count_items(store)


def test_load_matches_most_items_and_reads_the_catalogue(sample: tuple[Any, AnalysisData]) -> None:
    _, data = sample
    matched = [i for i in data.items if i.code]
    assert matched
    assert all(i.code in data.catalogue for i in matched)
    assert sum(1 for e in data.catalogue.values() if e.mandatory) == 53


def test_build_stamp_is_stable_for_one_build(sample: tuple[Any, AnalysisData]) -> None:
    store, data = sample
    assert data.stamp and analyses.build_stamp(store) == data.stamp


def test_stored_findings_are_the_findings_of_the_build(sample: tuple[Any, AnalysisData]) -> None:
    from kg.checks import run_checks

    store, data = sample
    stored = analyses.stored_findings(store, data)
    recomputed = run_checks(store, data_dir=ROOT / "data")
    assert sorted((f.kind, f.item_id or "") for f in stored) == sorted((f.kind, f.item_id or "") for f in recomputed)


def _impact_items(result: Impact) -> list[tuple[ImpactCounty, ImpactTownship, ImpactList, ImpactItem]]:
    return [(c, t, lst, i) for c in result.counties for t in c.townships for lst in t.lists for i in lst.items]


def test_impact_agrees_with_the_citations(sample: tuple[Any, AnalysisData]) -> None:
    """kg.impact by IRI (the 法规查询 page) is kg.impact by title (CLI, API), agrees with the citation
    counts of kg.analyses, and places its items where kg.analyses.load does (another set of queries)."""
    store, data = sample
    top = analyses.cited_statutes(store)[0]
    whole = statute_impact(store, top.iri, top.title)
    assert whole == impact(store, top.title)
    items = _impact_items(whole)
    assert items and len(items) == whole.item_count <= top.citations
    names = {(i.township_code, i.kind, i.ordinal): i.name for i in data.items}
    for county, town, lst, item in items:
        known = data.township_by_code[town.code]
        assert (known.county_code, known.county_name, known.name) == (county.code, county.name, town.name)
        parsed = parse_item_id(item.id)
        assert parsed is not None and parsed[:2] == (town.code, ListKind(lst.kind))
        assert names[parsed] == item.name
    article = next(a for a in analyses.cited_articles(store, top.iri) if a.article is not None)
    narrowed = _impact_items(statute_impact(store, top.iri, top.title, article=article.article))
    assert narrowed and all(i.article == article.article for *_, i in narrowed)
    assert {i.id for *_, i in narrowed} <= {i.id for *_, i in items}
