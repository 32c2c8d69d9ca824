"""Text rules of the importer, table-driven from tests/data/import_cases_text.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from kg.importer.kinds import detect_kind, find_date, heading_label, is_note
from kg.importer.text import clean_name

ROOT = Path(__file__).resolve().parents[1]
CASES = tomllib.loads((ROOT / "tests" / "data" / "import_cases_text.toml").read_text(encoding="utf-8"))


def _ids(table: str) -> list[str]:
    return [repr(c["text"]) for c in CASES[table]]


@pytest.mark.parametrize("case", CASES["date"], ids=_ids("date"))
def test_publication_date(case: dict[str, str]) -> None:
    found = find_date([case["text"]])
    assert (found.isoformat() if found else "") == case["expected"]


@pytest.mark.parametrize("case", CASES["kind"], ids=_ids("kind"))
def test_list_kind(case: dict[str, str]) -> None:
    found = detect_kind(case["text"])
    assert (found.value if found else "") == case["expected"]


@pytest.mark.parametrize("case", CASES["heading"], ids=_ids("heading"))
def test_category_heading(case: dict[str, str]) -> None:
    assert (heading_label(case["text"]) or "") == case["expected"]


@pytest.mark.parametrize("case", CASES["note"], ids=_ids("note"))
def test_note_row(case: dict[str, object]) -> None:
    assert is_note(str(case["text"])) is case["expected"]


@pytest.mark.parametrize("case", CASES["name"], ids=_ids("name"))
def test_clean_name(case: dict[str, str]) -> None:
    assert clean_name(case["text"]) == case["expected"]
