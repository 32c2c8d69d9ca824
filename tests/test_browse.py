"""kg.browse over real stores, embedded on disk and a remote Oxigraph server: the cases of
tests/data/browse_cases.toml, rows compared as sets."""

from __future__ import annotations

import dataclasses
import json
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kg import browse
from kg.queries import load_query
from kg.store import Store

CASES = tomllib.loads((Path(__file__).parent / "data" / "browse_cases.toml").read_text(encoding="utf-8"))["case"]
QUERY_DIR = Path(browse.__file__).parent / "queries"


def _rows(result: Any) -> list[Any]:
    if result is None:
        return []
    if isinstance(result, list):
        return result
    return [result]


def _value(value: Any) -> Any:
    """Comparable form: dates as ISO strings, None as "" (TOML has no null), tuples as lists."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_value(v) for v in value]
    return value


def _project(row: Any, fields: list[str] | None) -> list[Any]:
    if fields is None:
        return [_value(v) for v in (row if isinstance(row, tuple | list) else [row])]
    return [_value(getattr(row, f)) for f in fields]


def _key(row: list[Any]) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True)


def _matches(row: Any, where: dict[str, Any]) -> bool:
    return all(_value(getattr(row, k)) == v for k, v in where.items())


@pytest.mark.usefixtures("store_kind")  # the stores chosen below follow it: both kinds
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_browse(request: pytest.FixtureRequest, case: dict[str, Any]) -> None:
    store = request.getfixturevalue("built_store" if case.get("store") == "built" else "browse_store")
    result = getattr(browse, case["call"])(store, *case.get("args", []))
    if "attr" in case:
        result = getattr(result, case["attr"])
    rows = [r for r in _rows(result) if _matches(r, case.get("where", {}))]
    got = [_project(r, case.get("select")) for r in rows]
    if "expected_count" in case:
        assert len({_key(r) for r in got}) == len(got) == case["expected_count"]
    if "first" in case:
        assert got[: len(case["first"])] == case["first"]
    if "expected" in case:
        if case.get("ordered"):
            assert got == case["expected"]
        else:
            assert {_key(r) for r in got} == {_key(r) for r in case["expected"]}
            assert len(got) == len(case["expected"])


@pytest.mark.usefixtures("store_kind")
@pytest.mark.parametrize("store_fixture", ["browse_store", "built_store"])
def test_the_questions_agree(request: pytest.FixtureRequest, store_fixture: str) -> None:
    """Counts, lists, items and traces answered by different queries tell one story."""
    store = request.getfixturevalue(store_fixture)
    loaded = [t for t in browse.townships(store) if t.list_counts]
    assert sum(sum(t.list_counts.values()) for t in loaded) == browse.count_items(store)
    assert sum(c.loaded_township_count for c in browse.counties(store)) == len(loaded)
    for township in loaded:
        lists = browse.township_lists(store, township.code)
        assert {s.kind: s.item_count for s in lists} == township.list_counts
        for summary in lists:
            rows = browse.list_items(store, township.code, summary.kind)
            assert len(rows) == summary.item_count
            for row in rows:
                trace = browse.trace_item(store, row.id)
                assert trace is not None and trace.name == row.name
                assert len(trace.citations) == row.citation_count
                assert browse.worst_status([c.status for c in trace.citations]) == row.worst_status


def test_result_types_are_frozen_dataclasses() -> None:
    for cls in (browse.CountySummary, browse.TownshipSummary, browse.ListSummary, browse.ItemRow,
                browse.CitationTrace, browse.ItemTrace):
        assert dataclasses.is_dataclass(cls)
        assert cls.__dataclass_params__.frozen  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", sorted(QUERY_DIR.glob("*.rq")), ids=lambda p: p.name)
def test_every_query_says_what_it_answers_and_parses(browse_store: Store, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# "), f"{path.name} must open with a comment saying what question it answers"
    query = load_query(path.stem)
    assert query.endswith(text)
    browse_store.query(query)  # raises SyntaxError when the query does not parse
