"""清单图谱 UI, the Streamlit entry script.

Run: `streamlit run ui/app.py -- --store PATH` (or `qingdan ui --store PATH`); without `--store` the
store named by `QINGDAN_STORE`, else the default store, is read.
"""

from __future__ import annotations

import streamlit as st

from ui import nav

st.set_page_config(page_title="清单图谱", page_icon=":material/gavel:", layout="wide")
st.sidebar.markdown("### 清单图谱\n乡镇（街道）履职事项清单法律依据")
page = st.navigation(nav.all_pages())
page.run()
