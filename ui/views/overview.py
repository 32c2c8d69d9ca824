"""总览: the region → county → township drill-down, with the published regional averages beside the
graph's own, common and individual items, communities of similar townships and mandatory coverage."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.express as px
import streamlit as st

from kg import analyses
from ui import nav
from ui.views import common
from ui.views.frames import KIND_COLOURS, averages_frame, coverage_frame, kinds_text, township_frame


def render() -> None:
    path = common.start("总览", "全区 → 区县 → 乡镇：清单规模与全区公开数字对照，"
                              "共性与个性事项，相似乡镇群组，兜底事项覆盖。")
    if path is None:
        return
    d = common.data(path)
    _headline(path)
    county = common.pick_county(d, "overview-county")
    section = st.segmented_control("查看", list(SECTIONS), key="overview-section", default="清单规模",
                                   label_visibility="collapsed") or "清单规模"
    SECTIONS[section](path, county)


def _headline(path: str) -> None:
    ref = analyses.reference()
    region = common.computed("region_averages", path)
    cols = st.columns(5)
    cols[0].metric("已导入乡镇（街道）", region.townships)
    cols[1].metric("平均基本事项", f"{region.basic:.1f}",
                   f"{region.basic - ref.basic:+.1f}（全区公开 {ref.basic:.0f}）", delta_color="off")
    cols[2].metric("平均配合事项", f"{region.cooperative:.1f}",
                   f"{region.cooperative - ref.cooperative:+.1f}（全区公开 {ref.cooperative:.0f}）", delta_color="off")
    cols[3].metric("平均收回事项", f"{region.returned:.1f}",
                   f"{region.returned - ref.returned:+.1f}（全区公开 {ref.returned:.0f}）", delta_color="off")
    cols[4].metric("配合+收回占比", common.percent(region.share),
                   f"{(region.share - ref.share) * 100:+.1f} 个百分点（全区公开 {common.percent(ref.share)}）",
                   delta_color="off", help=f"全国为 {common.percent(ref.nation_share)}。")


def _sizes(path: str, county: str | None) -> None:
    if county is None:
        rows = common.computed("county_averages", path)
        frame = averages_frame(rows, analyses.reference())
        st.subheader("各区县平均每个乡镇的事项数")
        _bar(frame.iloc[:-1], "区域")
        st.caption("虚线为全区公开的平均数（基本 127、配合 77、收回 92 项）。选择上方的区县查看其乡镇。")
        st.dataframe(frame, hide_index=True, width="stretch")
        common.download(frame, "区县清单规模")
        return
    rows = common.computed("township_counts", path, county)
    frame = township_frame(rows)
    st.subheader(f"{rows[0].county if rows else ''}各乡镇（街道）的事项数")
    _bar(frame.rename(columns={"基本": "基本（平均）", "配合": "配合（平均）", "收回": "收回（平均）"}), "乡镇（街道）")
    st.caption("点选表格中的一行，打开该乡镇的画像。")
    picked = st.dataframe(frame, hide_index=True, width="stretch", on_select="rerun",
                          selection_mode="single-row", key=f"towns-{county}")
    common.download(frame, "乡镇清单规模")
    selected = picked.selection.rows if picked is not None else []
    if selected:
        st.switch_page(nav.profile_page(), query_params={"township": str(frame.iloc[selected[0]]["代码"])})


def _bar(frame: pd.DataFrame, label: str) -> None:
    long = frame.melt(id_vars=[label], value_vars=["基本（平均）", "配合（平均）", "收回（平均）"], var_name="清单",
                      value_name="事项数")
    long["清单"] = long["清单"].str.slice(0, 2)
    fig = px.bar(long, x=label, y="事项数", color="清单", barmode="group", color_discrete_map=KIND_COLOURS, height=360)
    ref = analyses.reference()
    for value, name in ((ref.basic, "基本"), (ref.cooperative, "配合"), (ref.returned, "收回")):
        fig.add_hline(y=value, line_dash="dot", line_color=KIND_COLOURS[name], opacity=0.7)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 10, "b": 10}, legend_title_text="", xaxis_title="")
    st.plotly_chart(fig, width="stretch")


def _common(path: str, county: str | None) -> None:
    ref = analyses.reference()
    rows = common.computed("common_items", path, county)
    left, right = st.columns(2)
    with left:
        st.subheader(f"共性事项（≥{ref.common_share * 100:.0f}% 的乡镇列出）：{len(rows)} 项")
        frame = pd.DataFrame([{
            "事项": r.name, "板块": r.section, "列出乡镇": f"{r.townships}/{r.scope_townships}",
            "列为基本": r.basic, "列为配合": r.cooperative, "列为收回": r.returned,
        } for r in rows])
        st.dataframe(frame, hide_index=True, width="stretch", height=420)
        common.download(frame, "共性事项", key="dl-common")
    with right:
        indiv = common.computed("individual_items", path, county)
        st.subheader(f"个性事项（未对应参考目录）：{len(indiv)} 项")
        frame = pd.DataFrame([{
            "事项": r.name, "清单": kinds_text(r.kinds), "乡镇数": len(r.township_codes),
            "乡镇": "、".join(r.townships),
        } for r in indiv])
        st.dataframe(frame, hide_index=True, width="stretch", height=420)
        common.download(frame, "个性事项", key="dl-individual")


def _communities(path: str, county: str | None) -> None:
    groups = common.computed("communities", path, None, county)
    st.subheader(f"相似乡镇群组：{len(groups)} 组")
    st.caption("按两乡镇所列事项的 Jaccard 相似度，用 Louvain 方法划分；"
               "群组名称取其乡镇类型、主要区县和最具区别性的事项。")
    if not groups:
        st.info("乡镇太少，无法分组。")
        return
    frame = pd.DataFrame([{
        "群组": g.number, "名称": g.label, "乡镇数": g.size, "组内平均相似度": round(g.cohesion, 3),
        "乡镇": "、".join(g.townships),
    } for g in groups])
    fig = px.bar(frame, x="乡镇数", y="名称", orientation="h", color="组内平均相似度", height=60 + 40 * len(frame),
                 color_continuous_scale="Tealgrn")
    fig.update_layout(margin={"l": 10, "r": 10, "t": 10, "b": 10}, yaxis={"autorange": "reversed", "title": ""})
    st.plotly_chart(fig, width="stretch")
    st.dataframe(frame, hide_index=True, width="stretch")
    common.download(frame, "相似乡镇群组", key="dl-communities")


def _coverage(path: str, county: str | None) -> None:
    rows = common.computed("mandatory_coverage", path, county, None)
    full = sum(1 for r in rows if not r.missing)
    st.subheader(f"兜底事项：{full}/{len(rows)} 个乡镇全部列出")
    st.caption("兜底事项应列尽列：每个乡镇都应在基本或配合清单中列出。按覆盖率从低到高排列。")
    frame = coverage_frame(rows)
    st.dataframe(frame, hide_index=True, width="stretch")
    common.download(frame, "兜底事项覆盖", key="dl-coverage")


SECTIONS: dict[str, Callable[[str, str | None], None]] = {
    "清单规模": _sizes,
    "共性与个性事项": _common,
    "相似乡镇群组": _communities,
    "兜底事项覆盖": _coverage,
}
"""The overview's parts; only the chosen one is computed and drawn."""
