"""乡镇对比: two townships side by side — items classified differently, items only one lists, shared items."""

from __future__ import annotations

import streamlit as st

from ui.views import common
from ui.views.frames import COMPARE_LABELS, compare_frame, compare_labels


def render() -> None:
    path = common.start("乡镇对比", "两个乡镇（街道）逐项对比：同一事项归类不同、只有一方列出、归类相同。")
    if path is None:
        return
    d = common.data(path)
    left, right = st.columns(2)
    with left:
        a = common.pick_township(d, "compare-a", None, "乡镇甲", param="a")
    with right:
        options = [t.code for t in d.loaded]
        if "compare-b" not in st.session_state and len(options) > 1:
            st.session_state["compare-b"] = options[1]
        b = common.pick_township(d, "compare-b", None, "乡镇乙", param="b")
    if a is None or b is None:
        st.info("还没有导入清单。")
        return
    if a == b:
        st.info("请选择两个不同的乡镇。")
        return
    name_a, name_b = d.township_by_code[a].name, d.township_by_code[b].name
    rows = common.computed("compare", path, a, b)
    counts = {s: sum(1 for r in rows if r.status == s) for s in COMPARE_LABELS}
    near = common.computed("nearest", path, a, None, len(d.loaded), None)
    similarity = next((n.similarity for n in near if n.code == b), 0.0)
    cols = st.columns(5)
    cols[0].metric("相似度（Jaccard）", f"{similarity:.3f}")
    cols[1].metric("归类不同", counts["different"])
    cols[2].metric(f"仅{name_a}列出", counts["only_a"])
    cols[3].metric(f"仅{name_b}列出", counts["only_b"])
    cols[4].metric("归类相同", counts["shared"])
    frame = compare_frame(rows, name_a, name_b)
    named = compare_labels(name_a, name_b)
    labels = [named[s] for s in ("different", "only_a", "only_b", "shared")]
    tabs = st.tabs([f"{label}（{counts[s]}）" for s, label in zip(("different", "only_a", "only_b", "shared"),
                                                                     labels, strict=True)])
    for tab, label in zip(tabs, labels, strict=True):
        with tab:
            part = frame[frame["对比结果"] == label].drop(columns=["对比结果"])
            st.dataframe(part, hide_index=True, width="stretch")
    common.download(frame, f"乡镇对比_{name_a}_{name_b}", key="dl-compare")
