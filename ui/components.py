"""Pieces every page shares: the store check with its Chinese hints, the demonstration banner,
the status legend and the sidebar."""

from __future__ import annotations

import streamlit as st

from ui import context
from ui.presentation import md_escape, status_tone, statuses, tones

BUILD_HINT = "qingdan build data/sample --store {path}"


def store_ready(path: str) -> bool:
    """Show why the store cannot be used, with what to do; True when pages may query it."""
    status = context.check_store(path)
    if status.problem:
        st.error(f"{status.problem}请先构建图谱，或用 `--store` / 环境变量 `QINGDAN_STORE` 指定已有的图数据库。")
        st.code(BUILD_HINT.format(path=path), language="bash")
        if status.detail:
            st.caption(f"技术信息：{status.detail}")
        return False
    if status.empty:
        st.info(f"图数据库“{path}”中还没有清单数据。请先运行下面的命令导入清单，然后点击侧栏的“重新载入数据”。")
        st.code(BUILD_HINT.format(path=path), language="bash")
        return False
    return True


def demo_banner(path: str) -> None:
    sources = context.demonstration_sources(path)
    if sources:
        st.warning(
            "演示数据：当前图谱中的清单是演示样例，非正式发布清单，仅用于展示功能，不能作为履职或审核依据。"
            f"（{_source_note(sources)}）",
            icon=":material/science:",
        )


def _source_note(sources: list[str]) -> str:
    more = f" 等 {len(sources)} 个文件" if len(sources) > 1 else ""
    return f"来源：{sources[0]}{more}"


def status_badge(status: str | None, label: str, confidence: float | None = None) -> str:
    """Markdown for a coloured status badge."""
    tone = status_tone(status, confidence)
    return f":{tone.badge}-badge[{md_escape(label)}]"


def legend() -> None:
    with st.expander("依据状态说明", icon=":material/info:"):
        for tone in tones():
            st.markdown(f":{tone.badge}-badge[{tone.label}] {tone.help}")
        st.caption("各状态的含义：")
        for s in statuses():
            st.markdown(f"{status_badge(s.code, s.label)} {s.help}")


def sidebar(path: str) -> None:
    with st.sidebar:
        st.caption(f"图数据库：`{path}`")
        if st.button("重新载入数据", icon=":material/refresh:", help="重新构建图谱后点击，读取最新数据。"):
            context.reload_data()
            st.rerun()
        legend()
