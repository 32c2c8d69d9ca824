"""部门负担: which county departments push the most cooperative items down to townships, and how many
of those items state no 履职保障 (funds, staff, training) — as the `no_guarantee` check finds."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from ui.views import common
from ui.views.frames import burden_frame

TOP = 25


def render() -> None:
    path = common.start("部门负担", "各县级主责部门牵头、由乡镇配合的事项数，"
                                "以及其中未写明履职保障（经费、人员、培训）的事项。")
    if path is None:
        return
    d = common.data(path)
    county = common.pick_county(d, "burden-county")
    rows = common.computed("department_burden", path, county)
    if not rows:
        st.info("所选范围没有配合履职事项。")
        return
    items = sum(r.items for r in rows)
    lacking = sum(r.without_guarantee for r in rows)
    cols = st.columns(4)
    cols[0].metric("配合履职事项", items)
    cols[1].metric("主责部门", len(rows))
    cols[2].metric("未写明履职保障", lacking)
    cols[3].metric("未写明保障占比", common.percent(lacking / items if items else 0.0))
    frame = burden_frame(rows)
    top = frame.head(TOP).copy()
    top["部门"] = top["县级主责部门"] if county else top["区县"] + " · " + top["县级主责部门"]
    st.subheader(f"牵头配合事项最多的 {len(top)} 个部门")
    fig = px.bar(top, x="配合事项数", y="部门", orientation="h", color="未写明保障占比", height=80 + 24 * len(top),
                 color_continuous_scale="OrRd", hover_data=["涉及乡镇数", "未写明履职保障"])
    fig.update_layout(margin={"l": 10, "r": 10, "t": 10, "b": 10}, yaxis={"autorange": "reversed", "title": ""},
                      coloraxis_colorbar={"title": "未写明保障%"})
    st.plotly_chart(fig, width="stretch")
    st.subheader("全部部门")
    st.dataframe(frame, hide_index=True, width="stretch")
    common.download(frame, "部门负担", key="dl-burden")
