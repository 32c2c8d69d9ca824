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
