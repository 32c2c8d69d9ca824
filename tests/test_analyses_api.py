"""/api/analyses/* through a real `qingdan serve` over a real build of data/sample, on both stores
(tests/store_kinds.py): the cases of tests/data/analyses_api_cases.toml (envelope, fields, error
codes), figures equal to kg.analyses, and CSV downloads."""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_server import serving

from kg import analyses
from kg.store import open_store

ROOT = Path(__file__).resolve().parents[1]
CASES = tomllib.loads((ROOT / "tests" / "data" / "analyses_api_cases.toml").read_text(encoding="utf-8"))["case"]


@pytest.fixture(scope="module")
def api(analysis_location: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(analysis_location, tmp_path_factory.mktemp("analyses_api") / "serve.log") as url:
        yield url


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["path"])
def test_endpoint(api: str, case: dict[str, Any]) -> None:
    response = httpx.get(api + case["path"], timeout=60)
    body = response.json()
    assert response.status_code == case["status"], body
    if case["status"] != 200:
        assert body["ok"] is False and body["error"]["code"] == case["error"]
        return
    assert body["ok"] is True and body["data"], body
    assert all(set(case["fields"]) <= set(row) for row in body["data"])


def test_figures_are_those_of_kg_analyses(api: str, analysis_location: str) -> None:
    data = analyses.load(open_store(analysis_location, read_only=True))
    body = httpx.get(f"{api}/api/analyses/townships", timeout=60).json()
    expected = [(r.code, r.basic, r.cooperative, r.returned) for r in analyses.township_counts(data)]
    assert [(r["code"], r["basic"], r["cooperative"], r["returned"]) for r in body["data"]] == expected
    reference = httpx.get(f"{api}/api/analyses/reference", timeout=60).json()["data"]
    assert reference["published"]["basic"] == 127
    assert reference["graph"]["townships"] == len(data.loaded)


def test_csv_download(api: str) -> None:
    response = httpx.get(f"{api}/api/analyses/department-burden?county=640221&format=csv", timeout=60)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    json_rows = httpx.get(f"{api}/api/analyses/department-burden?county=640221", timeout=60).json()["data"]
    assert [r["department"] for r in rows] == [r["department"] for r in json_rows]
    assert [int(r["items"]) for r in rows] == [r["items"] for r in json_rows]
