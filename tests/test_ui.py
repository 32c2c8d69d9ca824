"""The Streamlit UI through `streamlit.testing.v1.AppTest`, on real stores: on disk, and the sample
also on an Oxigraph server (QINGDAN_STORE=http://…; tests/store_kinds.py).

The sample store is built from `data/sample` by `kg.build` (`analysis_location`, shared with the
analysis tests); the expected item counts come from the importer reading the same files, not from the
queries the UI runs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kg import browse
from kg.store import open_store
from ui.presentation import KIND_ORDER, kind_label, provision_label

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "ui" / "app.py"
DATA = ROOT / "data"
SAMPLE = DATA / "sample"
COUNTY = "640221"
TOWNSHIP = "640221204"
TIMEOUT = 60

needs_sample = pytest.mark.skipif(not SAMPLE.is_dir(), reason="演示样例 data/sample 尚不存在，无法构建界面测试用的图谱")


@pytest.fixture(scope="module")
def sample_store(analysis_location: str) -> str:
    """The sample's build, read-only here: a folder or a server's URL."""
    return analysis_location


@pytest.fixture(scope="module")
def expected_counts() -> dict[str, int]:
    """Items per list kind of 高仁乡, as the importer reads them from the sample files."""
    from kg.build import expand_sources, load_reference
    from kg.importer import import_files

    sources, _ = import_files(expand_sources([SAMPLE]), load_reference(DATA).regions)
    counts: dict[str, int] = {}
    for duty_list in (lst for source in sources for lst in source.lists):
        if duty_list.township_code == TOWNSHIP:
            counts[duty_list.kind.value] = counts.get(duty_list.kind.value, 0) + len(duty_list.items)
    assert counts, "演示样例中没有高仁乡的清单"
    return counts


def _app(store: Path | str, monkeypatch: pytest.MonkeyPatch, script: Callable[[], None] | None = None) -> AppTest:
    monkeypatch.setenv("QINGDAN_STORE", str(store))
    at = AppTest.from_function(script, default_timeout=TIMEOUT) if script else AppTest.from_file(
        str(APP), default_timeout=TIMEOUT
    )
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _trace_page() -> None:
    from ui.views import trace

    trace.render()


def _texts(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


# --- stores that cannot be browsed


def test_a_missing_store_is_explained_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "nowhere"
    at = _app(missing, monkeypatch)
    assert "不存在" in at.error[0].value
    assert f"qingdan build data/sample --store {missing}" in at.code[0].value


def test_an_empty_store_asks_for_a_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty"
    open_store(empty).close()
    at = _app(empty, monkeypatch)
    assert "还没有清单数据" in at.info[0].value
    assert "qingdan build" in at.code[0].value
    assert not at.dataframe


def test_a_folder_that_is_not_a_store_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "not-a-store"
    folder.mkdir()
    (folder / "notes.txt").write_text("x", encoding="utf-8")
    at = _app(folder, monkeypatch)
    assert "无法打开图数据库" in at.error[0].value


# --- the sample


@needs_sample
def test_lists_page_opens_on_the_default_township(sample_store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _app(sample_store, monkeypatch)
    assert at.title[0].value == "清单浏览"
    assert at.selectbox(key="county").value == COUNTY
    assert at.selectbox(key="township").value == TOWNSHIP


@needs_sample
def test_the_three_lists_show_their_item_counts(
    sample_store: str, expected_counts: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _app(sample_store, monkeypatch)
    assert [t.label for t in at.tabs] == [f"{kind_label(k)}（{expected_counts.get(k, 0)}）" for k in KIND_ORDER]
    shown = [len(df.value) for df in at.dataframe]
    assert shown == [expected_counts[k] for k in KIND_ORDER if expected_counts.get(k)]


@needs_sample
def test_the_sample_is_labelled_as_demonstration_data(sample_store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _app(sample_store, monkeypatch)
    assert any(w.value.startswith("演示数据") for w in at.warning)


def _item_with_statute_and_article(store_path: str) -> tuple[str, browse.CitationTrace]:
    store = open_store(store_path, read_only=True)
    for row in browse.list_items(store, TOWNSHIP, "basic"):
        trace = browse.trace_item(store, row.id)
        for c in trace.citations if trace else []:
            if c.statute_title and c.article:
                return row.id, c
    pytest.fail("高仁乡基本履职事项清单中没有解析到法规和条款的事项")


@needs_sample
def test_selecting_an_item_shows_its_citations(sample_store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    item_id, citation = _item_with_statute_and_article(sample_store)
    at = _app(sample_store, monkeypatch)
    at.selectbox(key=f"item-{TOWNSHIP}-basic").set_value(item_id).run()
    assert not at.exception
    text = _texts(at)
    assert f"《{citation.statute_title}》" in text
    assert provision_label(citation.article, citation.paragraph, citation.item) in text
    assert f"事项编号 {item_id}" in "\n".join(c.value for c in at.caption)


@needs_sample
def test_trace_page_follows_an_item_link(sample_store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    item_id, citation = _item_with_statute_and_article(sample_store)
    monkeypatch.setenv("QINGDAN_STORE", str(sample_store))
    at = AppTest.from_function(_trace_page, default_timeout=TIMEOUT)
    at.query_params["item"] = item_id
    at.run()
    assert not at.exception
    assert f"《{citation.statute_title}》" in _texts(at)


@needs_sample
@pytest.mark.parametrize("ident", ["640221204-basic-9999", "999999999-returned-1", "高仁乡第一项"])
def test_trace_page_explains_an_unknown_item(ident: str, sample_store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QINGDAN_STORE", str(sample_store))
    at = AppTest.from_function(_trace_page, default_timeout=TIMEOUT)
    at.query_params["item"] = ident
    at.run()
    assert not at.exception
    assert f"未找到事项“{ident}”" in at.warning[-1].value


@needs_sample
def test_lists_page_follows_a_link_to_an_item(sample_store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(sample_store, read_only=True)
    item = browse.list_items(store, TOWNSHIP, "returned")[-1]
    monkeypatch.setenv("QINGDAN_STORE", str(sample_store))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["item"] = item.id
    at.run()
    assert not at.exception
    assert at.selectbox(key=f"item-{TOWNSHIP}-returned").value == item.id
    assert f"事项编号 {item.id}" in "\n".join(c.value for c in at.caption)


@needs_sample
def test_lists_page_explains_a_link_to_an_unknown_item(sample_store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QINGDAN_STORE", str(sample_store))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["item"] = "640221204-basic-9999"
    at.run()
    assert not at.exception
    assert any("640221204-basic-9999" in w.value and "不存在" in w.value for w in at.warning)
    assert at.selectbox(key="township").value == TOWNSHIP
