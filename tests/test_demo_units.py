"""Pure parts of the demonstration generator, table-driven from tests/data/demo_cases.toml."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kg.citations.numerals import to_int
from kg.demo.layout import _number
from kg.demo.profiles import _published, county_habits
from kg.demo.wording import chinese_number, variants

CASES: dict[str, list[dict[str, Any]]] = tomllib.loads(
    (Path(__file__).parent / "data" / "demo_cases.toml").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("case", CASES["variants"], ids=lambda c: c["name"])
def test_variants(case: dict[str, Any]) -> None:
    assert list(variants(case["name"], tuple(case["aliases"]))) == case["expected"]


@pytest.mark.parametrize("case", CASES["numbers"], ids=lambda c: str(c["n"]))
def test_chinese_number(case: dict[str, Any]) -> None:
    assert chinese_number(case["n"]) == case["text"]
    assert to_int(case["text"]) == case["n"]


@pytest.mark.parametrize("case", CASES["numbering"], ids=lambda c: c["style"])
def test_numbering(case: dict[str, Any]) -> None:
    assert _number(case["style"], case["n"], case["group"], case["within"]) == case["cell"]


@pytest.mark.parametrize("case", CASES["published"], ids=lambda c: c["text"])
def test_published(case: dict[str, Any]) -> None:
    assert _published(case["text"]) == (case["date"], case["title"])


def test_every_county_has_a_habit_within_the_rollout() -> None:
    habits = county_habits()
    assert len(habits) == 22
    assert all(date(2024, 6, 1) <= h.published <= date(2025, 4, 30) for h in habits.values())
    assert {h.layout for h in habits.values()} == {"workbook", "files"}
    assert {h.category for h in habits.values()} == {"merged", "repeated", "grouped", "heading"}
