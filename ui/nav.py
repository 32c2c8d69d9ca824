"""The app's pages, built where they are needed (navigation, links between pages).

Views import this module for links; it imports the views only inside the functions, so there is
no import cycle.
"""

from __future__ import annotations

import streamlit as st

LISTS_PATH = "lists"
TRACE_PATH = "trace"


def lists_page() -> st.Page:
    from ui.views import lists

    return st.Page(lists.render, title="清单浏览", icon=":material/table_view:", url_path=LISTS_PATH, default=True)


def trace_page() -> st.Page:
    from ui.views import trace

    return st.Page(trace.render, title="依据溯源", icon=":material/account_tree:", url_path=TRACE_PATH)


def all_pages() -> list[st.Page]:
    return [lists_page(), trace_page()]
