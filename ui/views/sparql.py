"""SPARQL 控制台: run a read-only SPARQL query on the graph, starting from saved examples
(kg/queries/analysis_example_*.rq); results as a table, a bar chart when they have a number column,
and an Excel download."""

from __future__ import annotations

from importlib.resources import files

import pandas as pd
import plotly.express as px
import streamlit as st
from pyoxigraph import Literal, QueryBoolean, QuerySolutions

from ui import context
from ui.views import common

MAX_ROWS = 5000
EXAMPLE_PREFIX = "analysis_example_"
QUERY_KEY = "sparql-text"
DEFAULT_EXAMPLE = "cited_statutes"


def examples() -> dict[str, tuple[str, str]]:
    """Example name → (Chinese title from the `# title:` line, query text without that line)."""
    found = {}
    for entry in sorted(files("kg.queries").iterdir(), key=lambda e: e.name):
        if entry.name.startswith(EXAMPLE_PREFIX) and entry.name.endswith(".rq"):
            lines = entry.read_text(encoding="utf-8").splitlines()
            title = next((ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("# title:")), entry.name)
            body = "\n".join(ln for ln in lines if not ln.startswith("# title:"))
            found[entry.name[len(EXAMPLE_PREFIX):-3]] = (title, body)
    return found


def run(path: str, text: str) -> pd.DataFrame:
    """Rows of a SELECT (cells as their lexical values) or the answer of an ASK, at most MAX_ROWS."""
    result = context.store(path).query(text)
    if isinstance(result, QueryBoolean):
        return pd.DataFrame({"结果": ["是" if bool(result) else "否"]})
    if not isinstance(result, QuerySolutions):
        rows = [{"主语": t.subject.value, "谓语": t.predicate.value, "宾语": t.object.value}
                for _, t in zip(range(MAX_ROWS), result, strict=False)]
        return pd.DataFrame(rows)
    names = [v.value for v in result.variables]
    rows = []
    for _, solution in zip(range(MAX_ROWS), result, strict=False):
        rows.append({n: _cell(solution[n]) for n in names})
    return pd.DataFrame(rows, columns=names)


def _cell(term: object) -> object:
    if isinstance(term, Literal):
        kind = term.datatype.value.rsplit("#", 1)[-1]
        if kind in ("integer", "int", "long"):
            return int(term.value)
        if kind in ("decimal", "double", "float"):
            return float(term.value)
        return term.value
    return getattr(term, "value", None)


@st.cache_resource(max_entries=64, show_spinner="正在查询……")
def _cached_run(path: str, stamp: str, text: str) -> pd.DataFrame:
    return run(path, text)


def render() -> None:
    path = common.start("SPARQL 控制台", "在图谱上运行只读 SPARQL 查询（前缀 qd: eli: o"
                                      "rg: skos: prov: dcterms: 已声明）。"
                        "可从示例查询开始修改。")
    if path is None:
        return
    saved = examples()
    name = st.selectbox("示例查询", list(saved), key="sparql-example", format_func=lambda n: saved[n][0],
                        index=list(saved).index(DEFAULT_EXAMPLE) if DEFAULT_EXAMPLE in saved else 0)
    if st.session_state.get("sparql-loaded") != name:
        st.session_state["sparql-loaded"] = name
        st.session_state[QUERY_KEY] = saved[name][1]
    text = st.text_area("查询", key=QUERY_KEY, height=240)
    try:
        frame = _cached_run(path, common.build_stamp(path), text)
    except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
        st.error(f"查询无法执行：{exc}。请检查 SPARQL 语法；只支持查询（SELECT、ASK、CONSTRUCT），不支持更新。")
        return
    st.caption(f"{len(frame)} 行" + (f"（只显示前 {MAX_ROWS} 行）" if len(frame) >= MAX_ROWS else ""))
    _chart(frame)
    st.dataframe(frame, hide_index=True, width="stretch")
    common.download(frame, "查询结果", key="dl-sparql")


def _chart(frame: pd.DataFrame) -> None:
    numbers = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    labels = [c for c in frame.columns if c not in numbers]
    if not numbers or not labels or len(frame) < 2:
        return
    colour = labels[1] if len(labels) > 1 and frame[labels[1]].nunique() <= 12 else None
    shown = frame.head(60)
    if shown[labels[0]].astype(str).str.len().max() > 8:
        fig = px.bar(shown, y=labels[0], x=numbers[0], color=colour, orientation="h", height=80 + 22 * len(shown))
        fig.update_layout(yaxis={"autorange": "reversed", "title": ""})
    else:
        fig = px.bar(shown, x=labels[0], y=numbers[0], color=colour, height=340)
        fig.update_layout(xaxis_title="")
    fig.update_layout(margin={"l": 10, "r": 10, "t": 10, "b": 10}, legend_title_text="")
    st.plotly_chart(fig, width="stretch")
