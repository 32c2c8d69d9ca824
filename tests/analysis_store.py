"""A real store built from data/sample through `kg.build.build` (importer, resolver, catalogue
matching, checks), shared by the analysis, API and UI page tests of issue 6; of the current
`store_kind` (tests/store_kinds.py): a folder on disk or a dedicated Oxigraph server."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_kinds import StoreLocations

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SAMPLE = DATA / "sample"


@pytest.fixture(scope="session")
def analysis_location(store_locations: StoreLocations) -> str:
    """Where the sample was built: a folder or a server's URL, as `open_store` and `QINGDAN_STORE` take it."""
    from kg.build import build
    from kg.store import open_store

    if not SAMPLE.is_dir():
        pytest.skip("演示样例 data/sample 不存在，无法构建分析测试用的图谱")
    location = store_locations.new("analyses")
    store = open_store(location)
    report = build([SAMPLE], store, data_dir=DATA)
    store.close()
    assert report.items > 0, [f.message for f in report.failures]
    return location
