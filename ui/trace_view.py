"""An item's trace: its fields as published, each citation as a card, and the same item elsewhere."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui import nav
from ui.components import status_badge
from ui.presentation import date_label, kind_label, md_escape, provision_label, status_style

ITEM_FIELDS = (
    ("tasks", "具体工作事项"),
    ("basis", "设定依据（原文）"),
    ("office", "承办机构"),
    ("lead_department", "县级主责部门"),
    ("department_duties", "县级部门职责"),
    ("township_duties", "乡镇（街道）配合职责"),
    ("guarantee", "履职保障"),
    ("receiving_department", "收回部门"),
    ("note", "备注"),
)


def show_trace(trace: Any) -> None:
    _item_card(trace)
    citations = list(trace.citations)
    st.markdown(f"##### 依据溯源　{len(citations)} 条引用")
    if not citations:
        st.info("该事项的设定依据为空，或其中没有能识别的法规引用。")
    for citation in citations:
        _citation_card(citation)
    _elsewhere(trace)


def _item_card(trace: Any) -> None:
    with st.container(border=True):
        number = f"{md_escape(trace.number)}．" if trace.number else ""
        st.markdown(f"#### {number}{md_escape(trace.name)}")
        facts = [
            f":blue-badge[{md_escape(trace.list_kind_label or kind_label(trace.list_kind))}]",
            f"{md_escape(trace.county_name)} {md_escape(trace.township_name)}",
        ]
        if trace.category:
            facts.append(f"事项类别：{md_escape(trace.category)}")
        if trace.published:
            facts.append(f"发布日期：{date_label(trace.published)}")
        st.markdown("　·　".join(facts))
        for attr, label in ITEM_FIELDS:
            value = getattr(trace, attr, None)
            if value:
                st.markdown(f"**{label}**  \n{md_escape(value)}")
        st.caption(f"事项编号 {trace.id}　·　{_source_text(trace)}")


def _source_text(trace: Any) -> str:
    parts = [f"来源文件：{trace.source_file}"] if trace.source_file else []
    if trace.sheet:
        parts.append(f"工作表“{trace.sheet}”")
    if trace.row:
        parts.append(f"第 {trace.row} 行")
    return "，".join(parts)


def _citation_card(c: Any) -> None:
    with st.container(border=True):
        head = [status_badge(c.status, c.status_label, c.confidence), f"**引用 {c.position}**"]
        if c.status != "ok":
            head.append(status_style(c.status).help)
        if c.confidence is not None and c.confidence < 1:
            head.append(f"识别把握 {c.confidence:.0%}，请人工核对。")
        st.markdown("　".join(head))
        facts = [("原文", md_escape(c.text)), *_citation_facts(c)]
        body = "  \n".join(f"**{label}**　{value}" for label, value in facts)
        if not c.provision_text:
            st.markdown(body)
            return
        left, right = st.columns([1, 1])
        left.markdown(body)
        lines = [line for line in str(c.provision_text).splitlines() if line.strip()]
        right.markdown("**条文**  \n" + "\n".join(f"> {md_escape(line)}  " for line in lines))


def _citation_facts(c: Any) -> list[tuple[str, str]]:
    facts: list[tuple[str, str]] = []
    if c.statute_title:
        about = "，".join(md_escape(x) for x in (c.level_label, c.issuer) if x)
        facts.append(("法规", f"《{md_escape(c.statute_title)}》" + (f"（{about}）" if about else "")))
    else:
        written = f"《{md_escape(c.title_as_written)}》" if c.title_as_written else "（未写明法规名称）"
        facts.append(("法规", f"{written}　未能在法规目录中找到"))
        if c.candidate:
            facts.append(("可能是", f"《{md_escape(c.candidate)}》（请人工核对）"))
    if c.version_date:
        version = f"{date_label(c.version_date)}版"
        if c.current_version_date and c.current_version_date != c.version_date:
            version += f"　现行版本：{date_label(c.current_version_date)}版"
        facts.append(("版本", version))
    where = provision_label(c.article, c.paragraph, c.item)
    if where:
        facts.append(("条款", where))
    return facts


def _elsewhere(trace: Any) -> None:
    others = list(trace.same_item_elsewhere)
    if not others:
        st.caption("其他已导入的乡镇（街道）清单中没有同名事项。")
        return
    st.markdown(f"##### 同一事项在其他乡镇（街道）　{len(others)} 处")
    page = nav.trace_page()
    cols = st.columns(3)
    for i, (other_id, township, kind) in enumerate(others):
        differs = "（分类不同）" if kind != trace.list_kind else ""
        cols[i % 3].page_link(
            page,
            label=f"{township} · {kind_label(kind)}{differs}",
            query_params={"item": other_id},
            icon=":material/arrow_outward:",
        )
