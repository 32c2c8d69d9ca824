"""The parallel build states exactly what the one-process build states, in real stores on disk.

`kg.build.build(..., workers=N)` imports and maps files in N worker processes and a fresh store loads
the TriG files they produce while the next ones are mapped. None of that may change the graph, the
reports or the failures a user sees.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pyoxigraph import Literal

import kg.build
from kg.build import BuildReport, build
from kg.iris import Iris
from kg.store import EmbeddedStore, select
from kg.vocab import PROV, SPARQL_PREFIXES

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
DATA = ROOT / "data"
FINDINGS = Iris().reference_graph("findings")
ITEMS_IN = SPARQL_PREFIXES + "SELECT (COUNT(?i) AS ?n) WHERE { GRAPH ?g { ?i a qd:DutyItem } }"
BAD_ROW = (
    "附件1 平罗县城关镇基本履职事项清单\n序号,履职事项名称,具体工作任务\n1,基层党组织建设,推进党建\n2,,只写了任务\n"
)


def _graph(store: EmbeddedStore) -> tuple[set[str], int]:
    """Every quad (as N-Quads text) that does not depend on when or where the build ran, and how many
    quads hold a blank node (their labels differ between stores)."""
    quads = [q for q in store._store if q.graph_name != FINDINGS and q.predicate != PROV.generatedAtTime]
    named = {str(q) for q in quads if "_:" not in str(q)}
    return named, len(quads) - len(named)


def _build(folder: Path, tmp: Path, name: str, workers: int) -> tuple[BuildReport, EmbeddedStore]:
    store = EmbeddedStore(tmp / name)
    return build([folder], store, data_dir=DATA, workers=workers), store


def _failure_places(report: BuildReport) -> list[tuple[object, ...]]:
    return [(f.file, f.sheet, f.row, f.column, f.message) for f in report.failures]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample, plus a file that fails on one cell."""
    lists = tmp_path_factory.mktemp("lists") / "平罗县"
    shutil.copytree(SAMPLE, lists, ignore=shutil.ignore_patterns("_src", "*.py", "*.md"))
    (lists / "平罗县宝丰镇基本履职事项清单.csv").write_text(BAD_ROW, encoding="utf-8")
    return lists


@pytest.fixture(scope="module")
def one_and_two(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> list[tuple[BuildReport, EmbeddedStore]]:
    tmp = tmp_path_factory.mktemp("stores")
    return [_build(folder, tmp, "one", 1), _build(folder, tmp, "two", 2)]


def test_two_workers_state_what_one_process_states(one_and_two: list[tuple[BuildReport, EmbeddedStore]]) -> None:
    (one, one_store), (two, two_store) = one_and_two
    assert one.timings is not None and one.timings.workers == 1
    assert two.timings is not None and two.timings.workers == 2
    assert one.sources == two.sources and one.items > 0
    named, blank = _graph(one_store)
    assert (named, blank) == _graph(two_store)
    assert len(named) > 1000


def test_a_failure_in_a_worker_points_where_it_does_in_one_process(
    one_and_two: list[tuple[BuildReport, EmbeddedStore]],
) -> None:
    (one, _), (two, _) = one_and_two
    assert _failure_places(one) == _failure_places(two)
    assert _failure_places(two) == [
        ("平罗县宝丰镇基本履职事项清单.csv", None, 4, "B", two.failures[0].message),
    ]
    assert "第4行B列" in two.failures[0].message


@pytest.mark.parametrize("chunk_bytes", [kg.build.CHUNK_BYTES, 1], ids=["one file", "a file per graph"])
def test_a_file_named_twice_the_later_one_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk_bytes: int
) -> None:
    """Two folders hold a file of the same name, so the same graph: as before, the later file's content
    replaces the earlier one, whether both land in one TriG file or in two."""
    monkeypatch.setattr(kg.build, "CHUNK_BYTES", chunk_bytes)
    name = "平罗县城关镇基本履职事项清单.csv"
    full = (SAMPLE / name).read_text(encoding="utf-8-sig")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / name).write_text(full, encoding="utf-8")
    (tmp_path / "b" / name).write_text(BAD_ROW.replace("2,,只写了任务\n", ""), encoding="utf-8")
    store = EmbeddedStore(tmp_path / "store")
    report = build([tmp_path / "a", tmp_path / "b"], store, data_dir=DATA, workers=1)
    assert [s.items for s in report.sources][-1] == 1 < report.sources[0].items
    items = select(store, ITEMS_IN)[0]["n"]
    assert isinstance(items, Literal) and int(items.value) == 1
