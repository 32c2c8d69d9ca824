"""Each check, table-driven (tests/data/check_cases.toml): a small county written as real workbooks,
built through the real pipeline (importer → citations → graph → store → refresh) with the test
catalogue, once clean and once per case with one defect; the finding must appear exactly where the
case says and nowhere else. On both stores (tests/store_kinds.py): a folder on disk, and a fresh
Oxigraph server per county."""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from fixtures_import import SheetSpec, write_xlsx
from store_kinds import StoreLocations

from kg.build import build
from kg.checks import CHECKS, KINDS, Finding, run_checks
from kg.model import ListKind
from kg.store import Store, open_store, select
from kg.vocab import SPARQL_PREFIXES

ROOT = Path(__file__).resolve().parents[1]
CASES = tomllib.loads((ROOT / "tests" / "data" / "check_cases.toml").read_text(encoding="utf-8"))
CATALOGUE = ROOT / "tests" / "data" / "check_catalogue"

COLUMNS: dict[ListKind, tuple[tuple[str, str], ...]] = {
    ListKind.BASIC: (("序号", "number"), ("事项类别", "category"), ("履职事项", "name"), ("具体工作事项", "tasks"),
                     ("设定依据", "basis"), ("承办机构", "office"), ("备注", "note")),
    ListKind.COOPERATIVE: (("序号", "number"), ("事项类别", "category"), ("履职事项", "name"),
                           ("县级主责部门", "lead_department"), ("县级部门职责", "department_duties"),
                           ("乡镇（街道）配合职责", "township_duties"), ("设定依据", "basis"),
                           ("履职保障", "guarantee"), ("承办机构", "office"), ("备注", "note")),
    ListKind.RETURNED: (("序号", "number"), ("事项类别", "category"), ("事项名称", "name"),
                        ("收回部门", "receiving_department"), ("设定依据", "basis"), ("备注", "note")),
}
ANNEX = {ListKind.BASIC: 1, ListKind.COOPERATIVE: 2, ListKind.RETURNED: 3}

Lists = dict[str, dict[ListKind, list[dict[str, str]]]]


def base_lists() -> Lists:
    base = CASES["base"]
    return {
        code: {kind: copy.deepcopy(base[kind.value]) for kind in ListKind}
        for code, _ in base["townships"]
    }


def apply(lists: Lists, ops: Iterable[dict[str, Any]]) -> Lists:
    lists = copy.deepcopy(lists)
    for op in ops:
        codes = list(lists) if op["township"] == "*" else [op["township"]]
        for code in codes:
            items = lists[code][ListKind(op["list"])]
            if op["op"] == "add":
                items.append(dict(op["fields"]))
                continue
            target = next(i for i in items if i["name"] == op["name"])
            if op["op"] == "remove":
                items.remove(target)
            else:
                target.update(op["fields"])
    return lists


def write_county(folder: Path, lists: Lists) -> None:
    names = dict(CASES["base"]["townships"])
    for code, by_kind in lists.items():
        sheets = []
        for kind, items in by_kind.items():
            title = f"附件{ANNEX[kind]} 平罗县{names[code]}{kind.label_zh}（{CASES['base']['date']}）"
            header = [h for h, _ in COLUMNS[kind]]
            rows = [[str(n) if f == "number" else (item.get(f) or None) for _, f in COLUMNS[kind]]
                    for n, item in enumerate(items, start=1)]
            sheets.append(SheetSpec(kind.label_zh, [[title], header, *rows]))
        write_xlsx(folder / f"平罗县{names[code]}履职事项清单.xlsx", sheets)


def data_dir(tmp: Path) -> Path:
    """Reference data: the repository's regions, organisations and statutes, the test catalogue."""
    data = tmp / "data"
    data.mkdir(exist_ok=True)
    for name in ("regions", "organizations", "statutes"):
        (data / name).symlink_to(ROOT / "data" / name, target_is_directory=True)
    (data / "catalogue").symlink_to(CATALOGUE, target_is_directory=True)
    return data


def build_county(tmp: Path, lists: Lists, location: str) -> tuple[Store, Path]:
    """The county's workbooks built into the (new, empty) store at `location`."""
    write_county(tmp / "lists", lists)
    data = data_dir(tmp)
    store = open_store(location)
    report = build([tmp / "lists"], store, data_dir=data)
    assert report.failures == (), [f.message for f in report.failures]
    return store, data


def where(f: Finding) -> tuple[str, str, str] | str:
    """An item finding as [township, list, item name]; any other by its subject key."""
    if f.list is not None and f.township_code is not None and f.item is not None:
        return (f.township_code, f.list, f.item)
    return f.subject_key


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory, store_locations: StoreLocations) -> list[Finding]:
    tmp = tmp_path_factory.mktemp("clean")
    store, data = build_county(tmp, base_lists(), store_locations.new("clean-county"))
    return run_checks(store, data_dir=data)


def test_the_base_county_is_clean(clean: list[Finding]) -> None:
    assert [f.message for f in clean if f.kind != "uncited_statute"] == []
    assert "中华人民共和国安全生产法" not in {f.subject_key for f in clean}


def test_every_kind_has_a_case() -> None:
    assert set(KINDS) <= {case["kind"] for case in CASES["case"]}


@pytest.mark.parametrize("case", CASES["case"], ids=[c["id"] for c in CASES["case"]])
def test_the_finding_appears_exactly_where_the_defect_is(
    case: dict[str, Any], clean: list[Finding], tmp_path: Path, fresh_store_locations: StoreLocations
) -> None:
    store, data = build_county(tmp_path, apply(base_lists(), case["ops"]), fresh_store_locations.new("county"))
    findings = run_checks(store, kinds=[case["kind"]], data_dir=data)
    found = {where(f) for f in findings}
    before = {where(f) for f in clean if f.kind == case["kind"]}
    expected = {tuple(e) for e in case.get("expect", [])} | set(case.get("expect_keys", []))
    assert found - before == expected
    assert not expected & before
    new = [f.message for f in findings if where(f) in expected]
    for part in case.get("message_has", []):
        assert new and all(part in message for message in new), (part, new)


def test_findings_are_in_the_graph_with_their_provenance(
    tmp_path: Path, fresh_store_locations: StoreLocations
) -> None:
    case = next(c for c in CASES["case"] if c["id"] == "missing_basis_empty")
    store, data = build_county(tmp_path, apply(base_lists(), case["ops"]), fresh_store_locations.new("county"))
    query = SPARQL_PREFIXES + """
        SELECT ?kind ?severity ?message ?started (COUNT(DISTINCT ?source) AS ?sources) WHERE {
          GRAPH ?g { ?f a qd:Finding ; qd:checkKind ?kind ; qd:severity ?severity ; qd:message ?message ;
                        qd:subject ?item ; prov:wasGeneratedBy ?run .
                     ?run a prov:Activity ; prov:startedAtTime ?started ; prov:used ?source . }
          FILTER(STRENDS(STR(?g), "/graph/findings"))
          FILTER(?kind = "missing_basis")
        } GROUP BY ?kind ?severity ?message ?started"""
    rows = select(store, query)
    assert len(rows) == 1
    row = rows[0]
    assert row["severity"] is not None and row["severity"].value == "error"
    assert row["message"] is not None and "安全生产监督检查" in row["message"].value
    assert row["sources"] is not None and int(row["sources"].value) >= 3
    live = {(f.kind, f.subject) for f in run_checks(store, data_dir=data)}
    stored = select(store, SPARQL_PREFIXES + "SELECT ?k ?s WHERE { ?f a qd:Finding ; qd:checkKind ?k ; qd:subject ?s }")
    assert {(r["k"].value, r["s"].value) for r in stored if r["k"] and r["s"]} == live


def test_every_check_is_documented_with_its_query() -> None:
    docs = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for check in CHECKS:
        assert f"`{check.kind}`" in docs, f"docs/checks.md does not describe {check.kind}"
        assert f"`{check.kind}`" in readme, f"README.md does not list {check.kind}"
        if check.query:
            query = (ROOT / "kg" / "checks" / "queries" / f"{check.query}.rq").read_text(encoding="utf-8").rstrip()
            assert query in docs, f"docs/checks.md does not show the current query of {check.kind}"
