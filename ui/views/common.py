"""What the analysis pages share: the analysis data cached per build, pickers, Excel downloads.

The data (`kg.analyses.load`) is read once per store and build stamp and kept as one immutable
object (`st.cache_resource`, no copy per rerun); every analysis result is cached the same way under
its arguments, so a click recomputes nothing that an earlier click already computed.
"""

from __future__ import annotations

import io
from collections.abc import Hashable
from typing import Any

import pandas as pd
import streamlit as st

from kg import analyses
from kg.analyses import AnalysisData, StoredFinding
from ui import components, context

ALL = "全部"


@st.cache_data(ttl=5, show_spinner=False)
def build_stamp(path: str) -> str:
    return analyses.build_stamp(context.store(path))


@st.cache_resource(max_entries=2, show_spinner="正在读取图谱中的全部清单（每次构建后只读一次）……")
def _data(path: str, stamp: str) -> AnalysisData:
    return analyses.load(context.store(path))


def data(path: str) -> AnalysisData:
    return _data(path, build_stamp(path))


@st.cache_resource(max_entries=512, show_spinner=False)
def _computed(name: str, path: str, stamp: str, args: tuple[Hashable, ...]) -> Any:
    return getattr(analyses, name)(_data(path, stamp), *args)


def computed(name: str, path: str, *args: Hashable) -> Any:
    """`kg.analyses.<name>(data, *args)`, cached per build."""
    return _computed(name, path, build_stamp(path), args)


@st.cache_resource(max_entries=2, show_spinner="正在读取问题清单……")
def _findings(path: str, stamp: str) -> list[StoredFinding]:
    return analyses.stored_findings(context.store(path), _data(path, stamp))


def findings(path: str) -> list[StoredFinding]:
    return _findings(path, build_stamp(path))


def start(title: str, caption: str | None = None) -> str | None:
    """Sidebar, title and the store check every page begins with; the store path when usable."""
    path = context.store_path()
    components.sidebar(path)
    st.title(title)
    if caption:
        st.caption(caption)
    if not components.store_ready(path):
        return None
    components.demo_banner(path)
    return path


def pick_county(d: AnalysisData, key: str, *, allow_all: bool = True, label: str = "县（市、区）",
                param: str | None = None) -> str | None:
    """A county selectbox (with 全部 first when allowed); None means the whole region."""
    names = {t.county_code: t.county_name for t in d.loaded}
    options = ([None] if allow_all else []) + sorted(names)
    _from_link(key, options, param)
    return st.selectbox(label, options, key=key, format_func=lambda c: ALL if c is None else f"{names[c]}（{c}）")


def pick_township(d: AnalysisData, key: str, county: str | None, label: str = "乡镇（街道）",
                  param: str | None = None) -> str | None:
    towns = [t for t in d.loaded if county is None or t.county_code == county]
    if not towns:
        return None
    names = {t.code: f"{t.name}（{t.county_name}）" for t in towns}
    options = list(names)
    _from_link(key, options, param)
    return st.selectbox(label, options, key=key, format_func=names.__getitem__)


def _from_link(key: str, options: list[Any], param: str | None) -> None:
    """Apply `?{param}=…` from the address once, when it names one of the options; a remembered
    choice that is no longer an option is dropped (widget keys are per page, the state is shared)."""
    linked = st.query_params.get(param) if param else None
    if linked is not None and st.session_state.get(f"linked-{key}") != linked:
        st.session_state[f"linked-{key}"] = linked
        if linked in options:
            st.session_state[key] = linked
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]


def excel_bytes(frames: dict[str, pd.DataFrame]) -> bytes:
    """Sheets of an .xlsx workbook (openpyxl), one per frame, Chinese headers as given."""
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        for sheet, frame in frames.items():
            frame.to_excel(writer, sheet_name=sheet[:31], index=False)
    return out.getvalue()


def download(frame: pd.DataFrame, file_stem: str, sheet: str = "数据", key: str | None = None) -> None:
    st.download_button(
        "下载 Excel",
        data=lambda: excel_bytes({sheet: frame}),
        file_name=f"{file_stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key=key or f"download-{file_stem}",
    )


def percent(value: float) -> str:
    return f"{value * 100:.1f}%"
