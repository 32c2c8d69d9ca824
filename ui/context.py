"""Which store the UI reads, opened once per process, and the cached queries every page uses.

The store path comes from the command line (`streamlit run ui/app.py -- --store PATH`), else from
`QINGDAN_STORE`, else the default of `kg.config.Settings`. The store is opened read-only once per
process (`st.cache_resource`); query results are cached per store path (`st.cache_data`), so
clicking around never re-queries. "重新载入数据" in the sidebar drops both after a rebuild.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st
from pyoxigraph import Literal

from kg import browse
from kg.config import Settings
from kg.model import ListKind
from kg.store import Store, StoreError, is_remote, open_store, select
from ui.presentation import is_demonstration

STORE_ENV = "QINGDAN_STORE"

SOURCE_NAMES = """
# Every imported source file with the titles and note rows of its lists: is this demonstration data?
# The sample and the generator write a note row such as 注：本表为清单图谱演示样例… under each table.
SELECT DISTINCT ?name ?text WHERE {
  ?source a qd:SourceFile ; dcterms:title ?name .
  OPTIONAL { ?list prov:wasDerivedFrom ?source . { ?list dcterms:title ?text } UNION { ?list skos:note ?text } }
}
"""


def store_path(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--store")
    known, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    return str(known.store or os.environ.get(STORE_ENV) or Settings.from_env().store)


@dataclass(frozen=True)
class StoreStatus:
    """Whether the store can be read; `problem` is a Chinese sentence for the user when not."""

    path: str
    problem: str | None = None
    detail: str | None = None
    empty: bool = False


@st.cache_resource(show_spinner=False)
def _store(path: str) -> Store:
    return open_store(path, read_only=True)


def store(path: str) -> Store:
    return _store(path)


def check_store(path: str) -> StoreStatus:
    """A folder must exist and hold a store; a SPARQL server (an http(s):// URL) must answer."""
    remote = is_remote(path)
    folder = Path(path)
    if not remote and not folder.exists():
        return StoreStatus(path, f"图数据库“{path}”不存在。")
    if not remote and folder.is_dir() and not any(folder.iterdir()):
        return StoreStatus(path, f"图数据库目录“{path}”是空的，还没有构建图谱。")
    try:
        items = count_items(path)
    except (StoreError, OSError) as exc:
        problem = (
            f"无法读取图数据库服务“{path}”：请确认服务已启动、地址正确。"
            if remote
            else f"无法打开图数据库“{path}”：它可能不是 qingdan 构建的图数据库，或已损坏。"
        )
        return StoreStatus(path, problem, detail=str(exc))
    return StoreStatus(path, empty=items == 0)


def reload_data() -> None:
    """Forget the open store and every cached answer (after `qingdan build` wrote new data)."""
    st.cache_data.clear()
    st.cache_resource.clear()


@st.cache_data(show_spinner=False)
def count_items(path: str) -> int:
    return browse.count_items(store(path))


@st.cache_data(show_spinner=False)
def counties(path: str) -> list[Any]:
    return list(browse.counties(store(path)))


@st.cache_data(show_spinner=False)
def townships(path: str, county_code: str | None) -> list[Any]:
    return list(browse.townships(store(path), county_code))


@st.cache_data(show_spinner=False)
def township_lists(path: str, township_code: str) -> list[Any]:
    return list(browse.township_lists(store(path), township_code))


@st.cache_data(show_spinner=False)
def list_items(path: str, township_code: str, kind: str) -> list[Any]:
    return list(browse.list_items(store(path), township_code, ListKind(kind)))


@st.cache_data(show_spinner=False)
def trace_item(path: str, item_id: str) -> Any:
    return browse.trace_item(store(path), item_id)


@st.cache_data(show_spinner=False)
def demonstration_sources(path: str) -> list[str]:
    """Imported files whose name, list titles or note rows call them demonstration (generated) data."""
    found = set()
    for row in select(store(path), SOURCE_NAMES):
        name, text = row["name"], row["text"]
        if not isinstance(name, Literal):
            continue
        if is_demonstration(name.value) or (isinstance(text, Literal) and is_demonstration(text.value)):
            found.add(name.value)
    return sorted(found)

