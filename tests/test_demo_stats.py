"""`qingdan stats` over a real store built from generated lists agrees with the generator's summary,
and says so; a store missing a file's lists does not agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import build
from kg.cli import main
from kg.commands.stats import manifest_figures, store_figures
from kg.demo import generate
from kg.store import open_store

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
COUNTY = "640424"  # 泾源县: 7 townships, one workbook each

pytestmark = pytest.mark.skipif(
    not (DATA / "catalogue" / "items.csv").is_file() or not (DATA / "catalogue" / "negative_list.csv").is_file(),
    reason="参考目录尚未就绪（需要 data/catalogue/items.csv 和 negative_list.csv）",
)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("stats_demo")
    generate(3, out, data_dir=DATA, counties=[COUNTY])
    return out


@pytest.fixture(scope="module")
def stores(generated: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """Stores built with every file (0) and without the first file (1)."""
    return {skip: _store(generated, tmp_path_factory.mktemp(f"stats_store_{skip}"), skip) for skip in (0, 1)}


def _store(generated: Path, tmp: Path, skip: int) -> Path:
    """A store built from the generated workbooks, leaving out the first `skip` files."""
    files = sorted(generated.rglob("*.xlsx"))[skip:]
    path = tmp / "store"
    store = open_store(path)
    try:
        report = build(files, store, data_dir=DATA)
    finally:
        store.close()
    assert report.failures == ()
    return path


@pytest.mark.parametrize(("skip", "agrees", "code"), [(0, True, 0), (1, False, 1)])
def test_stats_compare_store_and_manifest(
    generated: Path, stores: dict[int, Path], capsys: pytest.CaptureFixture[str], skip: int, agrees: bool, code: int
) -> None:
    store = stores[skip]
    summary = generated / "summary.json"
    assert (store_figures(str(store)) == manifest_figures(summary)) is agrees
    assert main(["stats", "--store", str(store), "--manifest", str(summary)]) == code
    out = capsys.readouterr().out
    assert "泾源县" in out
    assert ("一致" in out) is agrees


def test_stats_of_one_county(stores: dict[int, Path]) -> None:
    store = str(stores[0])
    figures = store_figures(store, COUNTY)
    assert [c.code for c in figures.counties] == [COUNTY]
    assert figures.townships == 7
    assert store_figures(store, "640221").counties == ()
