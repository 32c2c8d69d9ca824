"""依据溯源: one item by its id (`?item=640221204-basic-1`), e.g. followed from another township."""

from __future__ import annotations

import streamlit as st

from kg.iris import parse_item_id
from ui import components, context, nav
from ui.trace_view import show_trace

ID_KEY = "trace-item-id"
APPLIED_KEY = "trace-item-linked"
ID_EXAMPLE = "640221204-basic-1"


def _follow_link() -> str | None:
    """An `?item=` in the address fills the input once; typing afterwards is not overridden."""
    linked = st.query_params.get("item")
    if linked and linked != st.session_state.get(APPLIED_KEY):
        st.session_state[ID_KEY] = linked
        st.session_state[APPLIED_KEY] = linked
    return linked


def _set_link(item_id: str) -> None:
    if item_id:
        st.query_params["item"] = item_id
    else:
        st.query_params.pop("item", None)
    st.session_state[APPLIED_KEY] = item_id


def render() -> None:
    path = context.store_path()
    components.sidebar(path)
    st.title("依据溯源")
    if not components.store_ready(path):
        return
    components.demo_banner(path)
    linked = _follow_link()
    item_id = st.text_input(
        "事项编号",
        key=ID_KEY,
        placeholder=f"例如 {ID_EXAMPLE}",
        help="格式为“乡镇代码-清单类别-序号”，清单类别为 basic（基本）、cooperative（配合）或 returned（收回）。",
    ).strip()
    if linked != item_id:
        _set_link(item_id)
    if not item_id:
        st.info("输入事项编号，或在“清单浏览”中选择事项，查看其设定依据逐条解析到法规、版本和条款的结果。")
        return
    trace = context.trace_item(path, item_id) if parse_item_id(item_id) else None
    if trace is None:
        st.warning(
            f"未找到事项“{item_id}”。事项编号的格式为“乡镇代码-清单类别-序号”，例如 {ID_EXAMPLE}；"
            "请检查编号，或在“清单浏览”中查找该事项。"
        )
        return
    st.page_link(
        nav.lists_page(),
        label=f"在清单中查看：{trace.township_name} · {trace.list_kind_label}",
        query_params={"township": trace.township_code, "kind": trace.list_kind, "item": trace.id},
        icon=":material/table_view:",
    )
    show_trace(trace)
