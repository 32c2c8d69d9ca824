"""The build end to end on the demonstration sample, in a real pyoxigraph store on disk and in a real
Oxigraph server over the SPARQL Protocol (tests/store_kinds.py); with the law corpus on disk only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pyoxigraph import Literal
from store_kinds import StoreLocations

from kg.build import build, expand_sources
from kg.iris import Iris
from kg.shacl import validate_store
from kg.store import EmbeddedStore, Store, open_store, select
from kg.vocab import SPARQL_PREFIXES

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
DATA = ROOT / "data"

COUNT_ITEMS = SPARQL_PREFIXES + "SELECT (COUNT(?i) AS ?n) WHERE { ?i a qd:DutyItem }"
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
ITEMS_OF_SOURCE = SPARQL_PREFIXES + "SELECT (COUNT(?i) AS ?n) WHERE { GRAPH ?g { ?i a qd:DutyItem } }"


def _count(store: Store, query: str, **bindings: object) -> int:
    rows = select(store, query, bindings)  # type: ignore[arg-type]
    value = rows[0]["n"]
    assert isinstance(value, Literal)
    return int(value.value)


@pytest.fixture(scope="module")
def built(store_locations: StoreLocations) -> tuple[Store, int]:
    store = open_store(store_locations.new("build"))
    report = build([SAMPLE], store, data_dir=DATA)
    assert report.failures == (), [f.message for f in report.failures]
    return store, report.items


def test_every_sample_file_loads(built: tuple[Store, int]) -> None:
    store, items = built
    assert items > 0
    assert _count(store, COUNT_ITEMS) == items
    sources = [g for g in store.named_graphs() if "/source/" in g.value]
    assert len(sources) == len(expand_sources([SAMPLE]))


def test_rebuild_replaces_instead_of_adding(built: tuple[Store, int]) -> None:
    store, items = built
    before = _count(store, COUNT_ALL)
    build([SAMPLE], store, data_dir=DATA)
    assert _count(store, COUNT_ALL) == before
    assert _count(store, COUNT_ITEMS) == items
    assert not [g for g in store.named_graphs() if g.value.endswith("#staging")]


def test_a_bad_file_is_reported_and_the_others_load(tmp_path: Path, fresh_store_locations: StoreLocations) -> None:
    folder = tmp_path / "lists"
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("src", "*.py", "*.md"))
    (folder / "平罗县高仁乡损坏文件.xlsx").write_bytes(b"PK\x03\x04 this is not a workbook")
    store = open_store(fresh_store_locations.new("build"))
    report = build([folder], store, data_dir=DATA)
    assert [Path(f.file).name for f in report.failures] == ["平罗县高仁乡损坏文件.xlsx"]
    assert "平罗县高仁乡损坏文件.xlsx" in report.failures[0].message
    assert _count(store, COUNT_ITEMS) == report.items > 0
    bad_graph = Iris().source_graph("平罗县高仁乡损坏文件.xlsx")
    assert bad_graph not in store.named_graphs()


def test_a_failed_reimport_leaves_the_graph_as_it_was(tmp_path: Path, fresh_store_locations: StoreLocations) -> None:
    good = sorted(p for p in expand_sources([SAMPLE]) if p.suffix == ".xlsx")[0]
    store = open_store(fresh_store_locations.new("build"))
    build([good], store, data_dir=DATA)
    before = _count(store, COUNT_ALL)
    broken = tmp_path / "broken" / good.name
    broken.parent.mkdir()
    broken.write_bytes(good.read_bytes()[:200])
    report = build([broken], store, data_dir=DATA)
    assert len(report.failures) == 1
    assert _count(store, COUNT_ALL) == before


def test_the_built_sample_conforms_to_the_shapes(built: tuple[Store, int]) -> None:
    store, _ = built
    report = validate_store(store)
    assert report.conforms, [v.message for v in report.violations[:5]]


CORPUS = ROOT.parent / "shared" / "reference" / "lawrefbook"

PROVISION_OF = SPARQL_PREFIXES + """
SELECT ?code ?row ?status ?provision ?text WHERE {
  ?item qd:inList ?list ; qd:row ?row ; qd:hasCitation ?c .
  ?list qd:township/skos:notation ?code ; qd:listKind qd:basic .
  ?c qd:status ?status .
  OPTIONAL { ?c qd:citesProvision ?provision . OPTIONAL { ?provision qd:text ?text } }
}"""


@pytest.fixture(scope="module")
def built_with_corpus(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    if not CORPUS.is_dir():
        pytest.skip("未找到 ../shared/reference/lawrefbook 法律法规全文库，跳过依全文核对的测试")
    store = EmbeddedStore(tmp_path_factory.mktemp("store") / "db")
    report = build([SAMPLE], store, data_dir=DATA, corpus_dir=CORPUS)
    assert report.failures == ()
    return store


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("code", "row", "status", "text_starts"),
    [
        # 第七十六条第（二）项: an item cited without its paragraph is found in the paragraph holding it
        ("640221204", 7, "ok", "（二）"),
        # 村民委员会组织法 第四十五条 does not exist: no provision node is linked, and none is stated
        ("640221204", 6, "nonexistent_article", None),
    ],
)
def test_citations_link_to_the_provision_text_of_the_corpus(
    built_with_corpus: EmbeddedStore, code: str, row: int, status: str, text_starts: str | None
) -> None:
    from kg.graph.terms import integer, text

    found_rows = select(built_with_corpus, PROVISION_OF, {"code": text(code), "row": integer(row)})
    rows = [r for r in found_rows if r["status"] == text(status)]
    assert len(rows) == 1, found_rows
    found = rows[0]["text"]
    if text_starts is None:
        assert rows[0]["provision"] is None
    else:
        assert found is not None and found.value.startswith(text_starts)


def test_list_notes_are_kept_so_a_demonstration_list_says_what_it_is(built: tuple[Store, int]) -> None:
    store, _ = built
    rows = select(store, SPARQL_PREFIXES + "SELECT DISTINCT ?note WHERE { ?l a qd:DutyList ; skos:note ?note }")
    notes = [r["note"].value for r in rows]  # type: ignore[union-attr]
    assert any("演示样例" in n for n in notes), notes


def test_build_fresh_replaces_the_whole_store_and_keeps_it_when_nothing_loads(tmp_path: Path) -> None:
    from kg.cli import main

    store_path = tmp_path / "db"
    assert main(["build", str(SAMPLE), "--store", str(store_path), "--fresh"]) == 0
    assert main(["build", str(SAMPLE), "--store", str(store_path), "--fresh"]) == 0
    store = EmbeddedStore(store_path)
    assert _count(store, COUNT_ITEMS) == 117
    store.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db"]


def test_build_command_writes_either_store(fresh_store_locations: StoreLocations) -> None:
    from kg.cli import main

    location = fresh_store_locations.new("build-command")
    assert main(["build", str(SAMPLE), "--store", location]) == 0
    store = open_store(location, read_only=True)
    assert _count(store, COUNT_ITEMS) == 117
    store.close()


def test_build_fresh_is_refused_for_a_server(capsys: pytest.CaptureFixture[str]) -> None:
    from kg.cli import main

    assert main(["build", str(SAMPLE), "--store", "http://127.0.0.1:1", "--fresh"]) == 2
    assert "--fresh 只适用于本地图数据库路径" in capsys.readouterr().err
