"""问题清单: every finding of the last check run — counts by kind and county, filters, the list with
one click to the item's trace, and an Excel download."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from kg.checks import CHECKS
from ui import nav
from ui.views import common
from ui.views.frames import SEVERITY_LABELS, findings_frame

SHOWN = 2000


def render() -> None:
    path = common.start("问题清单", "每次构建后自动检查得到的问题：按类型与区县统计，可筛选，"
                                "点选一行查看事项溯源，可下载 Excel。")
    if path is None:
        return
    d = common.data(path)
    every = common.findings(path)
    if not every:
        st.success("图谱中没有检查发现的问题（或尚未运行检查）。")
        return
    titles = {c.kind: c.title_zh for c in CHECKS}
    c1, c2, c3 = st.columns([2, 1, 3])
    with c1:
        county = common.pick_county(d, "findings-county")
    with c2:
        severity = st.selectbox("级别", [None, "error", "warning", "info"], key="findings-severity",
                                format_func=lambda s: common.ALL if s is None else SEVERITY_LABELS[s])
    with c3:
        kinds = st.multiselect("问题类型", list(titles), key="findings-kinds", format_func=titles.__getitem__,
                               placeholder="全部类型")
    rows = [f for f in every if (county is None or f.county_code == county)
            and (severity is None or f.severity == severity) and (not kinds or f.kind in kinds)]
    cols = st.columns(4)
    cols[0].metric("问题总数", len(rows))
    for col, level in zip(cols[1:], ("error", "warning", "info"), strict=True):
        col.metric(SEVERITY_LABELS[level], sum(1 for f in rows if f.severity == level))
    _matrix(rows, county is not None)
    frame = findings_frame(rows)
    st.subheader("问题列表")
    st.caption(f"点选一行查看该事项的依据溯源。{'仅显示前 ' + str(SHOWN) + ' 条，' if len(frame) > SHOWN else ''}"
               "下载的 Excel 含全部筛选结果。")
    shown = frame.head(SHOWN)
    picked = st.dataframe(shown, hide_index=True, width="stretch", on_select="rerun",
                          selection_mode="single-row", key="findings-table",
                          column_order=["级别", "问题类型", "区县", "乡镇（街道）", "清单", "事项", "说明", "建议"])
    common.download(frame, "问题清单", sheet="问题清单", key="dl-findings")
    if picked is not None and picked.selection.rows:
        item = str(shown.iloc[picked.selection.rows[0]]["事项编号"])
        if item:
            st.switch_page(nav.trace_page(), query_params={"item": item})
        st.info("该问题不针对具体事项（例如缺少兜底事项或法规未被引用），没有可溯源的事项。")


def _matrix(rows: list, by_township: bool) -> None:
    if not rows:
        return
    place = "乡镇（街道）" if by_township else "区县"
    frame = pd.DataFrame([{"问题类型": f.title, place: (f.township if by_township else f.county) or "全区"}
                          for f in rows])
    table = frame.value_counts().rename("数量").reset_index()
    pivot = table.pivot(index="问题类型", columns=place, values="数量").fillna(0).astype(int)
    st.subheader(f"按问题类型 × {place}统计")
    fig = px.imshow(pivot, text_auto=True, aspect="auto", color_continuous_scale="Reds",
                    height=120 + 26 * len(pivot))
    fig.update_layout(margin={"l": 10, "r": 10, "t": 10, "b": 10}, xaxis_title="", yaxis_title="",
                      coloraxis_showscale=False)
    st.plotly_chart(fig, width="stretch")
