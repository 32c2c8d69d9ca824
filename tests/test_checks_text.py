"""How checks read cell text, table-driven (tests/data/check_cases.toml):

- `[[negative]]`: an item's name and description cells against the repository's negative list
  (data/catalogue/negative_list.csv) and the clause rules negative_list reads (kg/resources/checks.toml).
  The patterns are written for item names; in a description each clause is matched on its own, so a
  pattern's `.*` never joins two sentences.
- `[[names]]`: the names an organisation cell lists, as the linker and unknown_organization read them
  (kg.organizations.resolve_names over the registry data/organizations/)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from kg.checks.model import ClauseRules
from kg.checks.structural import negative_match
from kg.organizations import OrganizationIndex, load_organizations, resolve_names
from kg.reference import load_reference_catalogue

ROOT = Path(__file__).resolve().parents[1]
TABLES = tomllib.loads((ROOT / "tests" / "data" / "check_cases.toml").read_text(encoding="utf-8"))
CASES, NAMES = TABLES["negative"], TABLES["names"]
PATTERNS = load_reference_catalogue(ROOT / "data" / "catalogue").negative_patterns
_RULES = tomllib.loads((ROOT / "kg" / "resources" / "checks.toml").read_text(encoding="utf-8"))["negative_list"]
RULES = ClauseRules(tuple(_RULES["clause_separators"]), tuple(_RULES["negations"]))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_negative_match(case: dict[str, Any]) -> None:
    descriptions = [(cell, text) for cell, text in case.get("descriptions", [])]
    found = negative_match(case["name"], descriptions, PATTERNS, RULES)
    got = (found[0].code, found[2]) if found else ("", "")
    assert got == (case["expect"], case.get("clause", ""))


@pytest.fixture(scope="module")
def registry() -> OrganizationIndex:
    return OrganizationIndex(load_organizations(ROOT / "data" / "organizations"))


@pytest.mark.parametrize("case", NAMES, ids=[c["id"] for c in NAMES])
def test_resolve_names(registry: OrganizationIndex, case: dict[str, Any]) -> None:
    resolved = resolve_names(case["text"], lambda name: registry.find_department(case["county"], name))
    assert [[part, org.name if org else ""] for part, org in resolved] == case["expect"]
