"""One generated county end to end on both stores (tests/store_kinds.py): `qingdan demo generate` for
贺兰县 (6 townships, about 1,700 items, every defect kind), `kg.build.build` into a folder or a fresh
Oxigraph server, then the checks scored against the generator's manifest as the province test does
(precision and recall 1.0 per kind), and trace and impact of generated items.

The province itself (tests/test_checks_province.py) is built on the embedded store only: over the
SPARQL Protocol its build takes minutes; one county shows the same behaviour in seconds."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from store_kinds import StoreLocations

from kg import browse
from kg.build import build
from kg.checks import run_checks
from kg.impact import impact
from kg.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SEED = 1
COUNTY = "640122"
TOWNSHIPS = 6

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("kg.demo") is None or not (DATA / "catalogue" / "items.csv").is_file(),
    reason="the demonstration generator (kg.demo) or data/catalogue is not there yet",
)


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory, store_locations: StoreLocations) -> tuple[Store, Path]:
    from kg.demo import generate

    lists = tmp_path_factory.mktemp("county") / "lists"
    generated = generate(SEED, lists, data_dir=DATA, counties=[COUNTY])
    assert generated.province.summary["townships"] == TOWNSHIPS
    store = open_store(store_locations.new("county"))
    report = build(sorted(p for p in lists.iterdir() if p.is_dir()), store, data_dir=DATA)
    assert report.failures == (), [f.message for f in report.failures]
    return store, lists


def test_precision_and_recall_per_kind_are_one(county: tuple[Store, Path]) -> None:
    from kg.demo.manifest import found_keys, read_truth, score

    store, lists = county
    scores = score(read_truth(lists / "manifest.csv"), found_keys(run_checks(store, data_dir=DATA)))
    report = "\n".join(s.line() for s in scores)
    assert all(s.precision == 1.0 and s.recall == 1.0 for s in scores), report
    assert sum(1 for s in scores if s.truth) >= 15, "most kinds should be injected:\n" + report


def test_trace_finds_the_item_in_the_other_townships(county: tuple[Store, Path]) -> None:
    """A catalogue item listed by every township: its trace names the five others."""
    store, _ = county
    codes = [t.code for t in browse.townships(store, COUNTY) if t.list_counts]
    assert len(codes) == TOWNSHIPS
    names = [{r.name for r in rows} for rows in (_items(store, code) for code in codes)]
    common = sorted(set.intersection(*names))
    assert common
    row = next(r for r in _items(store, codes[0]) if r.name == common[0])
    trace = browse.trace_item(store, row.id)
    assert trace is not None and trace.name == row.name and len(trace.citations) == row.citation_count
    assert {item_id.split("-")[0] for item_id, _, _ in trace.same_item_elsewhere} == set(codes[1:])


def test_impact_of_the_most_cited_statute_reaches_every_township(county: tuple[Store, Path]) -> None:
    from kg import analyses

    store, _ = county
    top = analyses.cited_statutes(store)[0]
    found = impact(store, top.title)
    assert found.item_count > 0
    assert [c.code for c in found.counties] == [COUNTY]
    assert len(found.counties[0].townships) == TOWNSHIPS


def _items(store: Store, code: str) -> list[browse.ItemRow]:
    return [row for summary in browse.township_lists(store, code)
            for row in browse.list_items(store, code, summary.kind)]
