"""The statute catalogue loader: the shipped catalogue loads; malformed ones fail with a clear error."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kg.citations import Resolver
from kg.statutes import COLUMNS, CatalogueError, load_statutes

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "data" / "statutes" / "catalogue.csv"
ERRORS = tomllib.loads((ROOT / "tests" / "data" / "statute_catalogue_errors.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", ERRORS["cases"], ids=[c["name"] for c in ERRORS["cases"]])
def test_malformed_catalogue_is_refused(case: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "catalogue.csv"
    header = case.get("header", ",".join(COLUMNS))
    path.write_text("\n".join([header, *case["rows"]]) + "\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=case["error"]):
        load_statutes(path)


def test_missing_catalogue_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="找不到法规目录"):
        load_statutes(tmp_path / "none.csv")


def test_shipped_catalogue_loads_with_versions_in_order() -> None:
    statutes = load_statutes(SHIPPED)
    assert statutes, "data/statutes/catalogue.csv is empty"
    for s in statutes:
        dates = [v.version_date for v in s.versions]
        assert dates == sorted(dates), s.title
    titles = {s.title for s in statutes}
    assert "中华人民共和国安全生产法" in titles


def test_shipped_catalogue_resolves_a_plain_citation() -> None:
    resolver = Resolver(load_statutes(SHIPPED))
    [c] = resolver.resolve("《安全生产法》第九条", date(2024, 6, 1))
    assert (c.statute_title, c.article, c.status.value) == ("中华人民共和国安全生产法", 9, "ok")


REPEALS = tomllib.loads((ROOT / "tests" / "data" / "statute_repeal_cases.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", REPEALS["cases"], ids=[c["name"] for c in REPEALS["cases"]])
def test_repeal_column_decides_validity(case: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "catalogue.csv"
    row = f"信访条例,,administrative_regulation,行政法规,国务院,2005-01-10,2005-05-01,{case['repealed']},51,x"
    path.write_text("\n".join([",".join(COLUMNS), row]) + "\n", encoding="utf-8")
    [statute] = load_statutes(path)
    assert statute.expired == (case["repealed"] == "expired")
    [c] = Resolver([statute]).resolve("《信访条例》第十条", date.fromisoformat(case["on"]))
    assert (c.status.value, c.reason or "") == (case["status"], case["reason"])
