"""Held-out workbooks (tests/heldout/workbooks.toml) through the real pipeline, checked against tables.

The workbooks are written at test time, built with `kg.build.build` into an on-disk EmbeddedStore with
the repository's reference data (data/), and checked with `kg.checks.run_checks`. Three tables say
what must come out:

- expected_lists.csv — every list imported: file, sheet → township, kind, date, item count;
- expected_failures.csv — every file refused, and the place its message must name;
- expected_items.csv — every item: file, sheet, row → kind, category, name, catalogue code (`-`: none), its
  citations in order (`statute version article.paragraph.item status`, `?title` for a title the
  catalogue lacks) and the findings on it. A finding on a row the table does not expect fails too:
  a wrong alarm costs a reviewer as much as a missed one. `xfail` names a known fault outside the
  importer and the citation engine (the finding or match the table expects is the right one).
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from build_workbooks import build_workbooks

from kg.browse import CitationTrace, ItemTrace, list_items, township_lists, trace_item
from kg.build import BuildReport, build
from kg.checks import Finding, run_checks
from kg.checks.model import ItemContext
from kg.checks.run import item_contexts
from kg.model import ListKind
from kg.reference import load_reference_catalogue
from kg.store import EmbeddedStore

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[1] / "data"
TOWNSHIP_FINDINGS = frozenset({"missing_mandatory", "uncited_statute"})

Place = tuple[str, str, int]


def _table(name: str) -> list[dict[str, str]]:
    with (HERE / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


ITEMS = _table("expected_items.csv")
LISTS = _table("expected_lists.csv")
FAILURES = _table("expected_failures.csv")


@dataclass(frozen=True)
class Built:
    report: BuildReport
    items: dict[Place, ItemTrace]
    contexts: dict[Place, ItemContext]
    findings: list[Finding]
    store: EmbeddedStore


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    tmp = tmp_path_factory.mktemp("heldout")
    build_workbooks(tmp / "lists")
    store = EmbeddedStore(tmp / "store")
    report = build([tmp / "lists"], store, data_dir=DATA)
    findings = run_checks(store, data_dir=DATA)
    contexts = {(c.source_file or "", c.sheet or "", c.row or 0): c for c in item_contexts(store)}
    items = {}
    for code in {row["township"] for row in LISTS}:
        for kind in ListKind:
            for row in list_items(store, code, kind):
                trace = trace_item(store, row.id)
                assert trace is not None
                items[(trace.source_file or "", trace.sheet or "", trace.row or 0)] = trace
    yield Built(report, items, contexts, findings, store)


def place(row: dict[str, str]) -> Place:
    return (row["file"], row["sheet"], int(row["row"]))


def rendered(c: CitationTrace) -> str:
    """A citation as expected_items.csv writes it: `title version article.paragraph.item status`."""
    title = c.statute_title or f"?{c.title_as_written or ''}"
    version = c.version_date.isoformat() if c.version_date else "-"
    provision = ".".join("" if n is None else str(n) for n in (c.article, c.paragraph, c.item)).rstrip(".") or "-"
    return f"{title} {version} {provision} {c.status}"


def item_findings(findings: list[Finding]) -> dict[Place, set[str]]:
    found: dict[Place, set[str]] = defaultdict(set)
    for f in findings:
        if f.kind not in TOWNSHIP_FINDINGS:
            found[(f.source_file or "", f.sheet or "", f.row or 0)].add(f.kind)
    return found


def _item_params() -> list[object]:
    return [
        pytest.param(row, id=f"{row['file'][:8]}-{row['sheet']}-r{row['row']}",
                     marks=[pytest.mark.xfail(strict=True, reason=row["xfail"])] if row["xfail"] else [])
        for row in ITEMS
    ]


@pytest.mark.parametrize("want", LISTS, ids=lambda r: f"{r['file'][:8]}-{r['sheet']}")
def test_list_imported(built: Built, want: dict[str, str]) -> None:
    lists = [s for s in township_lists(built.store, want["township"]) if s.source_file == want["file"]]
    got = {s.kind: s for s in lists}
    assert want["kind"] in got, f"{want['file']}：没有导入{want['kind']}清单，导入的是 {sorted(got)}"
    summary = got[want["kind"]]
    assert summary.published is not None and summary.published.isoformat() == want["published"]
    assert summary.item_count == int(want["items"])


def test_nothing_else_imported(built: Built) -> None:
    """No list from the hidden draft or from the refused file; every item is one the table names."""
    assert {s.file for s in built.report.sources} == {row["file"] for row in LISTS}
    assert built.report.items == sum(int(row["items"]) for row in LISTS)
    assert set(built.items) == {place(row) for row in ITEMS}


@pytest.mark.parametrize("want", FAILURES, ids=lambda r: r["file"][:10])
def test_file_refused_with_its_place(built: Built, want: dict[str, str]) -> None:
    failure = next((f for f in built.report.failures if f.file == want["file"]), None)
    assert failure is not None, [f.message for f in built.report.failures]
    assert (failure.sheet, failure.row, failure.column) == (want["sheet"], int(want["row"]), want["column"])
    assert want["file"] in failure.message and want["contains"] in failure.message
    assert len(built.report.failures) == len(FAILURES)


@pytest.mark.parametrize("want", _item_params())
def test_item(built: Built, want: dict[str, str]) -> None:
    where = place(want)
    trace = built.items.get(where)
    assert trace is not None, f"{where} 没有导入为事项"
    assert (trace.list_kind, trace.category or "", trace.name) == (want["kind"], want["category"], want["name"])
    expected_citations = [c.strip() for c in want["citations"].split("|") if c.strip()]
    assert [rendered(c) for c in trace.citations] == expected_citations
    code = built.contexts[where].code
    assert (code or "-") == want["code"], f"matched to {code}"
    assert item_findings(built.findings).get(where, set()) == set(want["findings"].split())


def test_no_finding_on_rows_the_table_does_not_name(built: Built) -> None:
    expected = {place(row) for row in ITEMS}
    stray = {p: kinds for p, kinds in item_findings(built.findings).items() if p not in expected}
    assert stray == {}


@pytest.mark.parametrize("township", sorted({row["township"] for row in LISTS}))
def test_missing_mandatory_items(built: Built, township: str) -> None:
    """Exactly the mandatory catalogue items none of the township's basic or cooperative items is."""
    mandatory = {i.code for i in load_reference_catalogue(DATA / "catalogue").items if i.mandatory}
    files = {row["file"] for row in LISTS if row["township"] == township}
    listed = {row["code"] for row in ITEMS if row["file"] in files and row["kind"] != "returned"}
    missing = Counter(
        f.subject_key.rsplit(".", 1)[-1] for f in built.findings
        if f.kind == "missing_mandatory" and f.township_code == township
    )
    assert set(missing) == mandatory - listed
    assert set(missing.values()) == {1}
