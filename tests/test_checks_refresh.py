"""`kg.checks.refresh` replaces its derived graphs (catalogue, matches, findings) atomically for readers:
data/sample built into a real store (on disk, and an Oxigraph server: tests/store_kinds.py), then
refreshed again while a reader thread polls the size of each derived graph and the number of findings
the API would list; every read must show the complete graphs of one refresh, never an empty (or
doubled) one."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_kinds import StoreLocations

from kg.build import build
from kg.checks import refresh
from kg.iris import Iris
from kg.store import Store, open_store, select

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
DERIVED = ("catalogue", "matches", "findings")
SIZES = """
SELECT ?catalogue ?matches ?findings ?part (COUNT(*) AS ?n)
WHERE {
  { GRAPH ?catalogue { ?s ?p ?o } BIND("catalogue" AS ?part) }
  UNION { GRAPH ?matches { ?s ?p ?o } BIND("matches" AS ?part) }
  UNION { GRAPH ?findings { ?s ?p ?o } BIND("findings" AS ?part) }
  UNION { ?s a qd:Finding BIND("finding nodes" AS ?part) }
}
GROUP BY ?catalogue ?matches ?findings ?part
"""
"""How many triples each derived graph holds, and how many findings a reader of the union graph sees:
one query, so one snapshot of the store."""
MIN_READS = 5


@pytest.fixture
def built(fresh_store_locations: StoreLocations) -> Iterator[Store]:
    if not (DATA / "sample").is_dir():
        pytest.skip("演示样例 data/sample 不存在，无法构建检查结果刷新测试用的图谱")
    store = open_store(fresh_store_locations.new("refresh"))
    report = build([DATA / "sample"], store, data_dir=DATA)
    assert report.items > 0, [f.message for f in report.failures]
    yield store
    store.close()


def sizes(store: Store) -> dict[str, int]:
    graphs = {name: Iris().reference_graph(name) for name in DERIVED}
    return {str(r["part"].value): int(r["n"].value)  # type: ignore[union-attr]
            for r in select(store, SIZES, graphs)}


def test_readers_never_see_the_derived_graphs_vanish(built: Store) -> None:
    expected = sizes(built)
    assert len(expected) == len(DERIVED) + 1 and all(expected.values()), expected
    seen: list[dict[str, int]] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            seen.append(sizes(built))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        refresh(built, data_dir=DATA)
    finally:
        done.set()
        reader.join()
    assert len(seen) >= MIN_READS, "the reader ran while the refresh did"
    wrong = [s for s in seen if s != expected]
    assert not wrong, f"{len(wrong)} of {len(seen)} reads saw incomplete derived graphs, e.g. {wrong[0]}"
    assert sizes(built) == expected
