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


# --- analysis pages (issue 6): one page per question the editorial office brings


def overview_page() -> st.Page:
    from ui.views import overview

    return st.Page(overview.render, title="总览", icon=":material/dashboard:", url_path="overview")


def profile_page() -> st.Page:
    from ui.views import profile

    return st.Page(profile.render, title="乡镇画像", icon=":material/location_city:", url_path="profile")


def compare_page() -> st.Page:
    from ui.views import compare

    return st.Page(compare.render, title="乡镇对比", icon=":material/compare_arrows:", url_path="compare")


def distribution_page() -> st.Page:
    from ui.views import distribution

    return st.Page(distribution.render, title="事项分布", icon=":material/grid_on:", url_path="distribution")


def burden_page() -> st.Page:
    from ui.views import burden

    return st.Page(burden.render, title="部门负担", icon=":material/balance:", url_path="burden")


def findings_page() -> st.Page:
    from ui.views import findings

    return st.Page(findings.render, title="问题清单", icon=":material/report:", url_path="findings")


def statutes_page() -> st.Page:
    from ui.views import statutes

    return st.Page(statutes.render, title="法规查询", icon=":material/menu_book:", url_path="statutes")


def sparql_page() -> st.Page:
    from ui.views import sparql

    return st.Page(sparql.render, title="SPARQL 控制台", icon=":material/terminal:", url_path="sparql")


def analysis_pages() -> list[st.Page]:
    return [overview_page(), profile_page(), compare_page(), distribution_page(), burden_page(), findings_page(),
            statutes_page(), sparql_page()]


def all_pages() -> list[st.Page]:
    return [lists_page(), trace_page(), *analysis_pages()]
