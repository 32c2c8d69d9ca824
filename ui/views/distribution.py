"""事项分布: where one item is basic, cooperative or returned, township by township (a grid: one row
per county, one cell per township), and which items the townships classify most differently."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from kg.analyses import ItemSpread, Placement
from ui.views import common
from ui.views.frames import kinds_text

ITEM_KEY = "item"
CELL_CLASSES = (
    ("未列出", "#e0e0e0"), ("基本", "#2e7d32"), ("配合", "#f9a825"), ("收回", "#1565c0"), ("重复列出", "#c62828"),
)
_CLASS_OF = {(): 0, ("basic",): 1, ("cooperative",): 2, ("returned",): 3}


def disagreement(r: ItemSpread) -> int:
    """How many listing townships do not follow the item's majority classification."""
    return r.townships - max(r.basic, r.cooperative, r.returned)


def render() -> None:
    path = common.start("事项分布", "同一事项在各乡镇列为基本、配合还是收回：每行一个区县，每格一个乡镇。")
    if path is None:
        return
    d = common.data(path)
    county = common.pick_county(d, "distribution-county")
    spread: list[ItemSpread] = common.computed("item_spread", path, county, None)
    if not spread:
        st.info("所选范围还没有导入清单。")
        return
    by_key = {r.key: r for r in spread}
    contested = sorted(spread, key=lambda r: (-disagreement(r), r.key))
    options = [r.key for r in spread if not r.key.startswith("个性")]
    if st.session_state.get(ITEM_KEY) not in options:
        st.session_state[ITEM_KEY] = contested[0].key if contested[0].key in options else options[0]
    key = st.selectbox("事项（可输入名称搜索）", options, key=ITEM_KEY,
                       format_func=lambda k: f"{by_key[k].name}（{k}，{by_key[k].townships} 个乡镇列出）")
    row = by_key[key]
    cols = st.columns(4)
    cols[0].metric("列出的乡镇", f"{row.townships}/{row.scope_townships}")
    cols[1].metric("列为基本", row.basic)
    cols[2].metric("列为配合", row.cooperative)
    cols[3].metric("列为收回", row.returned)
    _grid(common.computed("placements", path, key, county))
    st.subheader("归类分歧最大的事项")
    st.caption("同一事项，有的乡镇列为基本、有的列为配合或收回；“分歧乡镇数”为未按多数归类的乡镇数。")
    frame = pd.DataFrame([{
        "事项": r.name, "编码": r.key, "板块": r.section, "列出乡镇": r.townships, "基本": r.basic,
        "配合": r.cooperative, "收回": r.returned, "分歧乡镇数": disagreement(r),
    } for r in contested[:50] if disagreement(r) > 0])
    st.dataframe(frame, hide_index=True, width="stretch")
    common.download(frame, "归类分歧事项", key="dl-contested")


def _grid(rows: Sequence[Placement]) -> None:
    counties: dict[str, list[Placement]] = {}
    for p in rows:
        counties.setdefault(p.county, []).append(p)
    width = max(len(v) for v in counties.values())
    z, text = [], []
    for towns in counties.values():
        z.append([_CLASS_OF.get(p.kinds, 4) for p in towns] + [None] * (width - len(towns)))
        text.append([f"{p.township}（{p.township_kind}）：{kinds_text(p.kinds)}" for p in towns]
                    + [""] * (width - len(towns)))
    n = len(CELL_CLASSES)
    scale = [[edge, colour] for i, (_, colour) in enumerate(CELL_CLASSES) for edge in (i / n, (i + 1) / n)]
    fig = go.Figure(go.Heatmap(
        z=z, y=list(counties), text=text, hoverinfo="text", colorscale=scale, zmin=-0.5, zmax=n - 0.5,
        xgap=2, ygap=2, colorbar={"tickvals": list(range(n)), "ticktext": [c for c, _ in CELL_CLASSES], "title": ""},
    ))
    fig.update_layout(height=120 + 24 * len(counties), margin={"l": 10, "r": 10, "t": 10, "b": 10},
                      xaxis={"showticklabels": False, "title": "各区县的乡镇（按代码排列，悬停查看名称）"},
                      yaxis={"autorange": "reversed"})
    st.plotly_chart(fig, width="stretch")
    frame = pd.DataFrame([{"区县": p.county, "乡镇（街道）": p.township, "类型": p.township_kind,
                           "所在清单": kinds_text(p.kinds)} for p in rows])
    with st.expander("逐乡镇明细"):
        st.dataframe(frame, hide_index=True, width="stretch")
        common.download(frame, "事项分布", key="dl-distribution")
