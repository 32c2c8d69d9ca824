"""The analysis pages (issue 6) through `streamlit.testing.v1.AppTest` on a real build of data/sample,
with QINGDAN_STORE naming a folder or a remote Oxigraph server (tests/store_kinds.py): each page runs
without an exception and shows the figure kg.analyses computes for the same store."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from kg import analyses
from kg.analyses import AnalysisData
from kg.impact import Impact, statute_impact
from kg.store import open_store

TIMEOUT = 60
TOWNSHIP = "640221204"


def _page(name: str) -> None:
    import importlib

    importlib.import_module(f"ui.views.{name}").render()


def _findings(d: AnalysisData, store: Any) -> str:
    return str(len(analyses.stored_findings(store, d)))


def _burden(d: AnalysisData, store: Any) -> str:
    return str(sum(r.items for r in analyses.department_burden(d)))


# page → (metric label, expected value computed by kg.analyses from the same store)
PAGES: list[tuple[str, str, Callable[[AnalysisData, Any], str]]] = [
    ("overview", "已导入乡镇（街道）", lambda d, s: str(len(d.loaded))),
    ("profile", "基本履职事项", lambda d, s: str(analyses.township_counts(d, None, d.loaded[0].code)[0].basic)),
    ("compare", "归类相同", lambda d, s: str(sum(1 for r in analyses.compare(d, d.loaded[0].code, d.loaded[1].code)
                                               if r.status == "shared"))),
    ("distribution", "列出的乡镇", lambda d, s: "{}/{}".format(*_most_contested(d))),
    ("burden", "配合履职事项", _burden),
    ("findings", "问题总数", _findings),
    ("statutes", "涉及事项", lambda d, s: str(_top_statute_impact(s).item_count)),
]


def _top_statute_impact(store: Any) -> Impact:
    top = analyses.cited_statutes(store)[0]
    return statute_impact(store, top.iri, top.title)


def _most_contested(d: AnalysisData) -> tuple[int, int]:
    spread = [r for r in analyses.item_spread(d) if not r.key.startswith("个性")]
    top = min(spread, key=lambda r: (-(r.townships - max(r.basic, r.cooperative, r.returned)), r.key))
    return top.townships, top.scope_townships


@pytest.fixture(scope="module")
def store_and_data(analysis_location: str) -> tuple[Any, AnalysisData]:
    store = open_store(analysis_location, read_only=True)
    return store, analyses.load(store)


def _run(name: str, location: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("QINGDAN_STORE", location)
    at = AppTest.from_function(_page, args=(name,), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


@pytest.mark.parametrize(("name", "label", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_page_shows_the_figure_of_kg(name: str, label: str, expected: Callable[[AnalysisData, Any], str],
                                     analysis_location: str, store_and_data: tuple[Any, AnalysisData],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    at = _run(name, analysis_location, monkeypatch)
    store, data = store_and_data
    values = {m.label: m.value for m in at.metric}
    assert values.get(label) == expected(data, store), values


def test_sparql_console_runs_the_default_example(analysis_location: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    at = _run("sparql", analysis_location, monkeypatch)
    assert at.dataframe and len(at.dataframe[0].value) > 0


def test_sparql_console_explains_a_syntax_error(analysis_location: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QINGDAN_STORE", analysis_location)
    at = AppTest.from_function(_page, args=("sparql",), default_timeout=TIMEOUT)
    at.run()
    at.text_area[0].set_value("SELECT WHERE {").run()
    assert not at.exception
    assert "查询无法执行" in at.error[0].value


def test_profile_follows_a_link(analysis_location: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QINGDAN_STORE", analysis_location)
    at = AppTest.from_function(_page, args=("profile",), default_timeout=TIMEOUT)
    at.query_params["township"] = TOWNSHIP
    at.run()
    assert not at.exception
    assert at.selectbox(key="profile-township").value == TOWNSHIP


def test_excel_download_has_the_table_with_chinese_headers(store_and_data: tuple[Any, AnalysisData]) -> None:
    import io

    from openpyxl import load_workbook

    from ui.views.common import excel_bytes
    from ui.views.frames import burden_frame

    _, data = store_and_data
    frame = burden_frame(analyses.department_burden(data))
    sheet = load_workbook(io.BytesIO(excel_bytes({"部门负担": frame})))["部门负担"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(frame.columns) and "县级主责部门" in rows[0]
    assert len(rows) == len(frame) + 1
    assert [r[1] for r in rows[1:]] == list(frame["县级主责部门"])


@pytest.mark.parametrize(("section", "heading"), [
    ("共性与个性事项", "共性事项"), ("相似乡镇群组", "相似乡镇群组"), ("兜底事项覆盖", "兜底事项"),
])
def test_overview_sections(section: str, heading: str, analysis_location: str,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QINGDAN_STORE", analysis_location)
    at = AppTest.from_function(_page, args=("overview",), default_timeout=TIMEOUT)
    at.session_state["overview-section"] = section
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(h.value.startswith(heading) for h in at.subheader), [h.value for h in at.subheader]


def test_an_unreachable_server_is_explained_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    from api_server import free_port

    url = f"http://127.0.0.1:{free_port()}"
    monkeypatch.setenv("QINGDAN_STORE", url)
    at = AppTest.from_function(_page, args=("overview",), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert f"无法读取图数据库服务“{url}”" in at.error[0].value
