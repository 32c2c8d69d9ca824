"""A real store built from data/sample through `kg.build.build` (importer, resolver, catalogue
matching, checks), shared by the analysis, API and UI page tests of issue 6."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SAMPLE = DATA / "sample"


@pytest.fixture(scope="session")
def analysis_store_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    from kg.build import build
    from kg.store import EmbeddedStore

    if not SAMPLE.is_dir():
        pytest.skip("演示样例 data/sample 不存在，无法构建分析测试用的图谱")
    path = tmp_path_factory.mktemp("analyses") / "store"
    store = EmbeddedStore(path)
    report = build([SAMPLE], store, data_dir=DATA)
    store.close()
    assert report.items > 0, [f.message for f in report.failures]
    yield path
