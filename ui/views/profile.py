"""乡镇画像: one township — its lists, its category mix, its findings, its nearest townships."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from kg import analyses
from ui import context, nav
from ui.presentation import date_label
from ui.views import common
from ui.views.frames import findings_frame, kinds_text

TOWNSHIP_KEY = "profile-township"
TOWNSHIP_PARAM = "township"
COUNTY_KEY = "profile-county"


def render() -> None:
    path = common.start("乡镇画像", "一个乡镇（街道）的三张清单、事项类别构成、检查发现的问题，以及与它最相似的乡镇。")
    if path is None:
        return
    d = common.data(path)
    linked = st.query_params.get(TOWNSHIP_PARAM)
    if linked in d.township_by_code and st.session_state.get(f"linked-{TOWNSHIP_KEY}") != linked:
        st.session_state[COUNTY_KEY] = d.township_by_code[linked].county_code
    left, right = st.columns(2)
    with left:
        county = common.pick_county(d, COUNTY_KEY, allow_all=True)
    with right:
        code = common.pick_township(d, TOWNSHIP_KEY, county, param=TOWNSHIP_PARAM)
    if code is None:
        st.info("所选区县还没有导入清单。")
        return
    town = d.township_by_code[code]
    _figures(path, code)
    _lists(path, code, town.name)
    mix, near = st.columns([3, 2])
    with mix:
        _mix(path, code)
    with near:
        _nearest(path, code)
    _findings(path, code)
    _individual(path, code)


def _figures(path: str, code: str) -> None:
    counts = common.computed("township_counts", path, None, code)[0]
    coverage = common.computed("mandatory_coverage", path, None, code)[0]
    county = next(a for a in common.computed("county_averages", path, counts.county_code))
    cols = st.columns(5)
    for col, label, own, avg in (
        (cols[0], "基本履职事项", counts.basic, county.basic),
        (cols[1], "配合履职事项", counts.cooperative, county.cooperative),
        (cols[2], "上级部门收回事项", counts.returned, county.returned),
    ):
        col.metric(label, own, f"{own - avg:+.1f}（本县平均 {avg:.1f}）", delta_color="off")
    ref = analyses.reference().share
    cols[3].metric("配合+收回占比", common.percent(counts.share),
                   f"{(counts.share - ref) * 100:+.1f} 个百分点（全区公开 {common.percent(ref)}）", delta_color="off")
    cols[4].metric("兜底事项", f"{coverage.listed}/{coverage.total}",
                   "全部列出" if not coverage.missing else f"缺 {len(coverage.missing)} 项",
                   delta_color="off" if not coverage.missing else "inverse", delta_arrow="off")
    if coverage.missing:
        st.warning("缺少的兜底事项：" + "、".join(coverage.missing))


def _lists(path: str, code: str, name: str) -> None:
    lists = context.township_lists(path, code)
    frame = pd.DataFrame([{
        "清单": s.kind_label, "标题": s.title or "", "发布日期": date_label(s.published), "事项数": s.item_count,
        "来源文件": s.source_file or "",
    } for s in lists])
    st.dataframe(frame, hide_index=True, width="stretch")
    st.page_link(nav.lists_page(), label=f"在“清单浏览”中逐项查看{name}的清单", icon=":material/table_view:",
                 query_params={"township": code})


def _mix(path: str, code: str) -> None:
    rows = common.computed("category_mix", path, None, code, None)
    st.subheader("事项类别构成")
    frame = pd.DataFrame([{"板块": r.section, "事项数": r.items, "占比": round(r.share * 100, 1)} for r in rows])
    fig = px.bar(frame, x="事项数", y="板块", orientation="h", text="事项数", height=320)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 10, "b": 10}, yaxis={"autorange": "reversed", "title": ""})
    st.plotly_chart(fig, width="stretch")


def _nearest(path: str, code: str) -> None:
    rows = common.computed("nearest", path, code, None, 8, None)
    st.subheader("最相似的乡镇")
    st.caption("按所列事项的 Jaccard 相似度；点选一行与本乡镇逐项对比。")
    frame = pd.DataFrame([{"乡镇（街道）": n.name, "区县": n.county, "相似度": round(n.similarity, 3), "代码": n.code}
                          for n in rows])
    picked = st.dataframe(frame, hide_index=True, width="stretch", on_select="rerun",
                          selection_mode="single-row", key=f"near-{code}")
    if picked is not None and picked.selection.rows:
        other = str(frame.iloc[picked.selection.rows[0]]["代码"])
        st.switch_page(nav.compare_page(), query_params={"a": code, "b": other})


def _findings(path: str, code: str) -> None:
    rows = [f for f in common.findings(path) if f.township_code == code]
    st.subheader(f"检查发现的问题：{len(rows)} 条")
    if not rows:
        st.success("该乡镇的清单没有检查出问题。")
        return
    frame = findings_frame(rows)
    st.caption("点选一行查看该事项的依据溯源。")
    picked = st.dataframe(frame, hide_index=True, width="stretch", on_select="rerun",
                          selection_mode="single-row", key=f"findings-{code}",
                          column_order=["级别", "问题类型", "清单", "事项", "说明", "建议"])
    common.download(frame, f"问题清单_{code}", key="dl-profile-findings")
    if picked is not None and picked.selection.rows:
        item = str(frame.iloc[picked.selection.rows[0]]["事项编号"])
        if item:
            st.switch_page(nav.trace_page(), query_params={"item": item})


def _individual(path: str, code: str) -> None:
    rows = common.computed("individual_items", path, None, code, None)
    if rows:
        st.subheader(f"个性事项：{len(rows)} 项")
        st.dataframe(pd.DataFrame([{"事项": r.name, "清单": kinds_text(r.kinds)} for r in rows]), hide_index=True,
                     width="stretch")
