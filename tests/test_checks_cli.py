"""`qingdan check` output formats and `qingdan impact`, over the demonstration sample built into a real
store, on disk and on an Oxigraph server (`analysis_location`, tests/store_kinds.py): the jsonl
contract fields, the reviewer's workbook (one sheet per township, Chinese headers),
and impact cases from tests/data/check_cases.toml."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from kg.checks.export import FIELDS, SHEET_COLUMNS
from kg.cli import main
from kg.impact import ImpactError, impact
from kg.store import open_store

ROOT = Path(__file__).resolve().parents[1]
IMPACT = tomllib.loads((ROOT / "tests" / "data" / "check_cases.toml").read_text(encoding="utf-8"))["impact"]


@pytest.fixture(scope="module")
def sample_store(analysis_location: str) -> str:
    """The sample's build shared with the analysis tests (read-only here): a folder or a server's URL."""
    return analysis_location


def test_jsonl_carries_the_contract_fields(sample_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--store", str(sample_store), "--township", "640221204", "--format", "jsonl"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines and all(tuple(line) == FIELDS for line in lines)
    assert {line["township_code"] for line in lines} == {"640221204"}
    wrong_article = [x for x in lines if x["kind"] == "nonexistent_provision"]
    assert [(x["source_file"], x["sheet"], x["row"]) for x in wrong_article] == [
        ("平罗县高仁乡履职事项清单.xlsx", "基本履职事项清单", 6)
    ]


def test_the_workbook_has_one_sheet_per_township(sample_store: str, tmp_path: Path) -> None:
    out = tmp_path / "检查结果.xlsx"
    args = ["check", "--store", str(sample_store), "--county", "640221", "--format", "xlsx", "--out", str(out)]
    assert main(args) == 0
    book = load_workbook(out)
    assert sorted(book.sheetnames) == ["城关镇（640221100）", "姚伏镇（640221104）", "高仁乡（640221204）"]
    header = [c.value for c in book["高仁乡（640221204）"][1]]
    assert header == [title for title, _, _ in SHEET_COLUMNS]


def test_xlsx_needs_an_output_file(sample_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--store", str(sample_store), "--format", "xlsx"]) == 2
    assert "--out" in capsys.readouterr().err


@pytest.mark.parametrize("case", IMPACT, ids=[f"{c['statute']}-{c.get('version', '')}-{c.get('article', '')}"
                                             for c in IMPACT])
def test_impact(sample_store: str, case: dict[str, Any]) -> None:
    store = open_store(sample_store, read_only=True)
    version = date.fromisoformat(case["version"]) if "version" in case else None
    if "error" in case:
        with pytest.raises(ImpactError, match=case["error"]):
            impact(store, case["statute"], version, case.get("article"))
        return
    result = impact(store, case["statute"], version, case.get("article"))
    got = (result.item_count, result.list_count, result.township_count, len(result.counties))
    assert got == (case["items"], case["lists"], case["townships"], case["counties"])


def test_a_reader_that_stops_early_ends_the_output_quietly(sample_store: str) -> None:
    """`qingdan check --format jsonl | head -0`: the reader has gone before the first line is
    written; no traceback, exit code 0."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "check", "--store", str(sample_store), "--format", "jsonl"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
    )
    assert process.stdout is not None
    process.stdout.close()
    _, stderr = process.communicate(timeout=120)
    text = stderr.decode("utf-8", errors="replace")
    assert process.returncode == 0, text
    assert "Traceback" not in text and "BrokenPipeError" not in text
