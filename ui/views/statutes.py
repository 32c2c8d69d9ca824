"""法规查询: which items cite a statute and which article, and what a repeal or amendment would touch."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from kg import analyses
from kg.analyses import CitedArticle, CitedStatute
from kg.impact import Impact, statute_impact
from ui import context, nav
from ui.presentation import KIND_SHORT, provision_label, status_label
from ui.views import common
from ui.views.frames import KIND_COLOURS

ALL_ARTICLES = "全部条款"


@st.cache_resource(max_entries=2, show_spinner="正在统计各法规被引用的次数……")
def _statutes(path: str, stamp: str) -> list[CitedStatute]:
    return analyses.cited_statutes(context.store(path))


@st.cache_resource(max_entries=256, show_spinner=False)
def _articles(path: str, stamp: str, statute: str) -> list[CitedArticle]:
    return analyses.cited_articles(context.store(path), statute)


@st.cache_resource(max_entries=256, show_spinner="正在查找引用该法规的事项……")
def _impact_of(path: str, stamp: str, statute: str, title: str, article: int | None) -> Impact:
    return statute_impact(context.store(path), statute, title, article=article)


def render() -> None:
    path = common.start("法规查询", "某部法规、某一条被哪些乡镇的哪些事项引用；"
                                "法规修改或废止时，据此确定需要复核的事项。")
    if path is None:
        return
    stamp = common.build_stamp(path)
    statutes = _statutes(path, stamp)
    if not statutes:
        st.info("图谱中还没有解析到法规的设定依据。")
        return
    by_iri = {s.iri: s for s in statutes}
    iri = st.selectbox("法律法规（按被引用次数排列，可输入名称搜索）", list(by_iri), key="statute",
                       format_func=lambda i: f"{by_iri[i].title}（{by_iri[i].level}，引用 {by_iri[i].citations} 次）")
    articles = _articles(path, stamp, iri)
    _article_chart(articles)
    numbers = [a.article for a in articles if a.article is not None]
    article = st.selectbox("条款", [None, *numbers], key=f"article-{iri}",
                           format_func=lambda n: ALL_ARTICLES if n is None else provision_label(n))
    _impact(_impact_of(path, stamp, iri, by_iri[iri].title, article))


def _article_chart(articles: list[CitedArticle]) -> None:
    rows = [{"条款": provision_label(a.article) if a.article else "未写条款", "状态": status_label(s), "引用次数": n}
            for a in articles for s, n in a.statuses.items()]
    if not rows:
        return
    fig = px.bar(pd.DataFrame(rows), x="条款", y="引用次数", color="状态", height=300)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 10, "b": 10}, xaxis_title="", legend_title_text="")
    st.plotly_chart(fig, width="stretch")


def _impact(impact: Impact) -> None:
    scope = f"《{impact.statute_title}》{provision_label(impact.article) if impact.article else ''}"
    st.subheader(f"影响范围：{scope}")
    cols = st.columns(3)
    cols[0].metric("涉及区县", len(impact.counties))
    cols[1].metric("涉及乡镇（街道）", impact.township_count)
    cols[2].metric("涉及事项", impact.item_count)
    if not impact.item_count:
        return
    frame = pd.DataFrame([{
        "区县": c.name, "乡镇（街道）": t.name, "清单": KIND_SHORT.get(lst.kind, lst.kind), "事项": i.name,
        "引用原文": i.citation, "核验状态": status_label(i.status), "事项编号": i.id,
    } for c in impact.counties for t in c.townships for lst in t.lists for i in lst.items])
    summary = frame.groupby(["区县", "清单"]).size().rename("事项数").reset_index()
    fig = px.bar(summary, x="区县", y="事项数", color="清单", height=300, color_discrete_map=KIND_COLOURS)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 10, "b": 10}, xaxis_title="", legend_title_text="")
    st.plotly_chart(fig, width="stretch")
    st.caption("点选一行查看该事项的依据溯源。")
    picked = st.dataframe(frame, hide_index=True, width="stretch", on_select="rerun",
                          selection_mode="single-row", key="statute-items",
                          column_order=["区县", "乡镇（街道）", "清单", "事项", "引用原文", "核验状态"])
    common.download(frame, "法规影响范围", key="dl-statute")
    if picked is not None and picked.selection.rows:
        st.switch_page(nav.trace_page(), query_params={"item": str(frame.iloc[picked.selection.rows[0]]["事项编号"])})
