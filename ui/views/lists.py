"""清单浏览: choose a county and a township, read its three lists, open an item's trace.

A link may preselect the township, list and item (`?township=640221204&kind=basic&item=…`); the
parameters are applied once and then dropped from the address.
"""

from __future__ import annotations

import zlib
from typing import Any

import streamlit as st

from kg.iris import parse_item_id
from ui import components, context
from ui.presentation import (
    KIND_ORDER,
    KIND_SHORT,
    STATUS_COLUMN,
    date_label,
    filter_rows,
    item_option,
    item_table,
    kind_label,
    name_column,
    responsible_column,
    status_cell_css,
    status_counts,
)
from ui.trace_view import show_trace

DEFAULT_COUNTY = "平罗县"
DEFAULT_TOWNSHIP = "高仁乡"
COUNTY_KEY = "county"
TOWNSHIP_KEY = "township"
TAB_KEY_PREFIX = "kind-tab"


def render() -> None:
    path = context.store_path()
    components.sidebar(path)
    st.title("清单浏览")
    if not components.store_ready(path):
        return
    components.demo_banner(path)
    _apply_link(path)
    left, right = st.columns(2)
    with left:
        county = _choose_county(path)
    if county is None:
        return
    with right:
        township = _choose_township(path, county)
    if township is None:
        return
    _show_township(path, township)


def _apply_link(path: str) -> None:
    """Preselect the township, list and item a link asks for, then drop the parameters."""
    params = st.query_params
    if not params:
        return
    code = params.get("township")
    item = params.get("item")
    kind = params.get("kind")
    if item and not code:
        trace = context.trace_item(path, item) if parse_item_id(item) else None
        if trace is None:
            st.warning(f"链接中的事项“{item}”在图谱中不存在，已显示默认乡镇。")
        else:
            code, kind = trace.township_code, trace.list_kind
    if code:
        for t in context.townships(path, None):
            if t.code == code:
                st.session_state[COUNTY_KEY] = t.county_code
                st.session_state[TOWNSHIP_KEY] = t.code
        if kind in KIND_ORDER:
            st.session_state[_open_kind_key(code)] = kind
            if item:
                st.session_state[_item_key(code, kind)] = item
    params.clear()


def _open_kind_key(township_code: str) -> str:
    """The list a link opened; kept so the tabs stay the same widget on every rerun."""
    return f"open-kind-{township_code}"


def _pick_default(key: str, options: list[str], preferred: str | None) -> None:
    """Initialise a selectbox's state: the last choice made on this page (widget state is dropped
    while another page is shown), else the preferred option, else the first."""
    if st.session_state.get(key) in options:
        return
    for candidate in (st.session_state.get(_kept(key)), preferred, options[0]):
        if candidate in options:
            st.session_state[key] = candidate
            return


def _kept(key: str) -> str:
    return f"kept-{key}"


def _keep(key: str, value: str) -> None:
    st.session_state[_kept(key)] = value


def _choose_county(path: str) -> Any:
    loaded = [c for c in context.counties(path) if c.loaded_township_count]
    if not loaded:
        st.info("还没有任何县（市、区）的清单导入图谱。")
        return None
    by_code = {c.code: c for c in loaded}
    preferred = next((c.code for c in loaded if c.name == DEFAULT_COUNTY), None)
    _pick_default(COUNTY_KEY, list(by_code), preferred)
    code = st.selectbox(
        "县（市、区）",
        list(by_code),
        key=COUNTY_KEY,
        format_func=lambda c: f"{by_code[c].city} · {by_code[c].name}",
    )
    _keep(COUNTY_KEY, code)
    return by_code[code]


def _choose_township(path: str, county: Any) -> Any:
    all_townships = context.townships(path, county.code)
    loaded = [t for t in all_townships if sum(t.list_counts.values())]
    if not loaded:
        st.info(f"{county.name}还没有乡镇（街道）的清单导入图谱。")
        return None
    by_code = {t.code: t for t in loaded}
    preferred = next((t.code for t in loaded if t.name == DEFAULT_TOWNSHIP), None)
    _pick_default(TOWNSHIP_KEY, list(by_code), preferred)
    code = st.selectbox(
        "乡镇（街道）",
        list(by_code),
        key=TOWNSHIP_KEY,
        format_func=lambda c: f"{by_code[c].name}（{by_code[c].kind}）",
        help=f"{county.name}共 {len(all_townships)} 个乡镇（街道），已导入清单的 {len(loaded)} 个。",
    )
    _keep(TOWNSHIP_KEY, code)
    return by_code[code]


def _show_township(path: str, township: Any) -> None:
    summaries = {s.kind: s for s in context.township_lists(path, township.code)}
    counts = "　".join(f"{KIND_SHORT[k]} {summaries[k].item_count} 项" for k in KIND_ORDER if k in summaries)
    st.subheader(f"{township.county_name} {township.name}", anchor=False)
    st.caption(f"乡镇代码 {township.code}　·　{counts}")
    labels = {k: _tab_label(k, summaries.get(k)) for k in KIND_ORDER}
    opened = st.session_state.get(_open_kind_key(township.code))
    tabs = st.tabs(list(labels.values()), default=labels.get(opened))
    for tab, kind in zip(tabs, KIND_ORDER, strict=True):
        with tab:
            summary = summaries.get(kind)
            if summary is None:
                st.info(f"{township.name}的{kind_label(kind)}尚未导入。")
            else:
                _show_list(path, township, summary)


def _tab_label(kind: str, summary: Any) -> str:
    count = summary.item_count if summary else 0
    return f"{kind_label(kind)}（{count}）"


def _item_key(township_code: str, kind: str) -> str:
    return f"item-{township_code}-{kind}"


def _show_list(path: str, township: Any, summary: Any) -> None:
    kind = summary.kind
    facts = [f"**{summary.title or summary.kind_label}**"]
    if summary.published:
        facts.append(f"发布日期 {date_label(summary.published)}")
    if summary.source_file:
        facts.append(f"来源文件 {summary.source_file}")
    st.markdown("　·　".join(facts))
    rows = context.list_items(path, township.code, kind)
    if not rows:
        st.info("该清单中没有事项。")
        return
    rows = _filtered(rows, township.code, kind)
    if not rows:
        st.info("没有符合筛选条件的事项。")
        return
    item_id = _table_with_selection(rows, township.code, kind)
    trace = context.trace_item(path, item_id)
    if trace is None:
        st.warning(f"未找到事项“{item_id}”的溯源信息，请点击侧栏“重新载入数据”后再试。")
        return
    show_trace(trace)


def _filtered(rows: list[Any], township_code: str, kind: str) -> list[Any]:
    """The status summary of the whole list, and the rows the user's search and toggle keep."""
    summary, search, toggle = st.columns([5, 3, 2], vertical_alignment="center")
    summary.markdown("　".join(f"{components.status_badge(c, label)} {n} 项" for c, label, n in status_counts(rows)))
    text = search.text_input(
        "查找事项",
        key=f"filter-{township_code}-{kind}",
        placeholder="按事项名称、类别、依据或机构查找",
        label_visibility="collapsed",
    )
    only_problems = toggle.toggle("只看有问题的", key=f"problems-{township_code}-{kind}")
    return filter_rows(rows, text, only_problems=only_problems)


def _table_with_selection(rows: list[Any], township_code: str, kind: str) -> str:
    """The list as a table; a click on a row or a cell, or the selectbox below, picks the item to trace."""
    header, _ = responsible_column(kind)
    table = item_table(rows, kind)
    styled = table.style.map(status_cell_css, subset=[STATUS_COLUMN])
    event = st.dataframe(
        styled,
        key=f"table-{township_code}-{kind}-{zlib.crc32(' '.join(r.id for r in rows).encode())}",
        on_select="rerun",
        selection_mode=["single-row", "single-cell"],
        hide_index=True,
        height=min(38 + 35 * len(rows), 600),
        column_config={
            "序号": st.column_config.TextColumn(width=44),
            "事项类别": st.column_config.TextColumn(width=88),
            name_column(kind): st.column_config.TextColumn(width=210),
            "设定依据": st.column_config.TextColumn(width=220),
            header: st.column_config.TextColumn(width=130),
            "引用": st.column_config.NumberColumn(width=44, help="设定依据中识别出的法规引用条数"),
            STATUS_COLUMN: st.column_config.TextColumn(width=112, help="该事项各条引用中最严重的状态"),
        },
    )
    ids = [r.id for r in rows]
    names = {r.id: item_option(r) for r in rows}
    key = _item_key(township_code, kind)
    picked = _picked_row(event, ids)
    last_key = f"{key}-last-click"
    if picked and st.session_state.get(last_key) != picked:
        st.session_state[key] = picked
    st.session_state[last_key] = picked
    _pick_default(key, ids, None)
    return str(
        st.selectbox(
            "查看事项的设定依据（也可点击表格中的一行）",
            ids,
            key=key,
            format_func=lambda i: names[i],
        )
    )


def _picked_row(event: Any, ids: list[str]) -> str | None:
    """The item of the clicked row or cell (the table's key changes with its rows, so positions
    always refer to the rows shown)."""
    selection = getattr(event, "selection", None)
    rows = list(getattr(selection, "rows", None) or [])
    cells = list(getattr(selection, "cells", None) or [])
    position = rows[0] if rows else cells[0][0] if cells else None
    return ids[position] if position is not None and 0 <= position < len(ids) else None
