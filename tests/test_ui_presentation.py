"""The UI's presentation layer (labels, colours, numbering), table-driven from test_ui_cases.json."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ui import presentation

TABLE = json.loads((Path(__file__).with_name("test_ui_cases.json")).read_text(encoding="utf-8"))
CASES = TABLE["cases"]


def _badge_colour(status: str | None, confidence: float | None) -> str:
    return presentation.status_tone(status, confidence).badge


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "chinese_numeral": presentation.chinese_numeral,
    "provision_label": presentation.provision_label,
    "status_label": presentation.status_label,
    "status_badge_colour": _badge_colour,
    "date_label": presentation.date_label,
    "responsible_column": lambda kind: list(presentation.responsible_column(kind)),
    "md_escape": presentation.md_escape,
}


@pytest.mark.parametrize("case", CASES, ids=[f"{c['fn']}{c['args']}" for c in CASES])
def test_presentation(case: dict[str, Any]) -> None:
    assert FUNCTIONS[case["fn"]](*case["args"]) == case["expected"]


def test_every_status_code_of_the_model_has_a_label() -> None:
    from kg.model import CitationStatus

    for status in CitationStatus:
        assert presentation.status_style(status.value).label != status.value


@pytest.mark.parametrize("case", TABLE["filter_cases"], ids=lambda c: f"{c['text']!r}-{c['only_problems']}")
def test_filter_rows(case: dict[str, Any]) -> None:
    from kg.browse import ItemRow

    rows = [ItemRow(**r) for r in TABLE["filter_rows"]]
    kept = presentation.filter_rows(rows, case["text"], only_problems=case["only_problems"])
    assert [r.ordinal for r in kept] == case["expected"]
