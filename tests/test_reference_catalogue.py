"""The demonstration reference catalogue (data/catalogue/): counts, codes, names, legal bases, negative list.

The legal bases are checked with the project's citation engine against the statute catalogue, and —
where ../shared/reference/lawrefbook is present — against the law corpus: every cited article must
exist in the version in force at both ends of the 2024-06..2025-04 rollout.
"""

from __future__ import annotations

import csv
import re
import tomllib
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kg.citations import Resolver, parse_basis
from kg.model import CitationStatus, ListKind
from kg.reference import (
    BASIC_SECTIONS,
    GUARANTEE_SECTIONS,
    ITEM_COLUMNS,
    RETURNED_SECTION,
    REVIEW_COLUMN,
    ReferenceCatalogue,
    ReferenceCatalogueError,
    load_reference_catalogue,
)
from kg.statutes import load_statutes

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "data" / "catalogue"
STATUTES = ROOT / "data" / "statutes" / "catalogue.csv"
ROLES = ROOT / "data" / "organizations" / "roles.csv"
CORPUS = ROOT / ".." / "shared" / "reference" / "lawrefbook"
CASES = tomllib.loads((ROOT / "tests" / "data" / "reference_catalogue_cases.toml").read_text(encoding="utf-8"))
DAYS = (date(2024, 10, 1), date(2025, 4, 30))
CODE = re.compile(r"^(JB-(DJ|JJ|MS|PA)|BD-[A-Z]{2}|SH-[A-Z]{2})-\d{3}$")
PREFIX = {**dict.fromkeys(BASIC_SECTIONS, "JB-"), **dict.fromkeys(GUARANTEE_SECTIONS, "BD-"), RETURNED_SECTION: "SH-"}
CATALOGUE = load_reference_catalogue(FOLDER)
ITEMS = CATALOGUE.items
# Items whose basis is marked for review (`basis_review`): kept in the catalogue, not a valid ground.
UNDER_REVIEW = [i for i in ITEMS if i.basis_review]
CHECKED = [i for i in ITEMS if not i.basis_review]


def test_basic_duties_have_at_least_92_items() -> None:
    basic = CATALOGUE.in_section(*BASIC_SECTIONS)
    assert len(basic) >= 92
    assert {i.section for i in basic} == set(BASIC_SECTIONS)


def test_guarantee_items_and_exactly_53_mandatory_in_14_categories() -> None:
    assert len(CATALOGUE.in_section(*GUARANTEE_SECTIONS)) >= 115
    mandatory = CATALOGUE.mandatory
    assert len(mandatory) == 53
    assert all(i.section in GUARANTEE_SECTIONS for i in mandatory)
    assert len(CATALOGUE.mandatory_categories) == 14
    assert {i.mandatory_category for i in mandatory} == {name for _, name in CATALOGUE.mandatory_categories}


def test_returned_catalogue_has_at_least_300_items() -> None:
    returned = CATALOGUE.returned
    assert len(returned) >= 300
    assert all(i.section == RETURNED_SECTION and i.default_list is ListKind.RETURNED for i in returned)
    assert all(i.default_list is not ListKind.RETURNED for i in ITEMS if not i.to_be_returned)


def test_codes_are_unique_and_follow_the_section() -> None:
    codes = [i.code for i in ITEMS]
    assert [c for c, n in Counter(codes).items() if n > 1] == []
    assert [c for c in codes if not CODE.match(c)] == []
    assert [i.code for i in ITEMS if not i.code.startswith(PREFIX[i.section])] == []


def test_names_and_aliases_are_unique_across_items() -> None:
    owner: dict[str, str] = {}
    clashes = []
    for item in ITEMS:
        assert item.aliases, f"{item.code} 没有措辞变体"
        for name in item.names:
            if owner.setdefault(name, item.code) != item.code:
                clashes.append((name, owner[name], item.code))
    assert clashes == []


def test_department_roles_are_known_and_present_where_a_department_acts() -> None:
    with ROLES.open(encoding="utf-8", newline="") as fh:
        roles = {row["role"] for row in csv.DictReader(fh)}
    assert {i.department_role for i in ITEMS if i.department_role} <= roles
    assert [i.code for i in ITEMS if i.default_list is not ListKind.BASIC and not i.department_role] == []


@pytest.mark.parametrize("case", CASES["lookup"], ids=lambda c: c["name"])
def test_lookup_by_wording(case: dict[str, str]) -> None:
    found = CATALOGUE.by_name(case["name"])
    assert (found.code if found else "") == case["code"]


@pytest.mark.parametrize("case", CASES["negative"], ids=lambda c: c["name"])
def test_negative_list_cases(case: dict[str, Any]) -> None:
    assert sorted(p.code for p in CATALOGUE.negative_matches(case["name"])) == case["codes"]


def test_negative_patterns_match_their_examples() -> None:
    assert len(CATALOGUE.negative_patterns) >= 10
    assert [p.code for p in CATALOGUE.negative_patterns if not p.matches(p.example)] == []


def test_only_negative_items_fall_under_the_negative_list() -> None:
    wrong = [
        (i.code, n) for i in ITEMS for n in i.names if bool(CATALOGUE.negative_matches(n)) and not i.negative
    ]
    assert wrong == []
    assert all(CATALOGUE.negative_matches(i.name) or any(map(CATALOGUE.negative_matches, i.aliases))
               for i in ITEMS if i.negative)


@pytest.mark.parametrize("basis", sorted({i.basis for i in ITEMS}))
def test_every_basis_parses(basis: str) -> None:
    refs = parse_basis(basis)
    assert refs and all(r.title for r in refs)


@pytest.fixture(scope="module")
def catalogue_resolver() -> Resolver:
    return Resolver(load_statutes(STATUTES))


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_every_cited_statute_is_catalogued_and_in_force(catalogue_resolver: Resolver, day: date) -> None:
    bad = [
        (i.code, c.text, c.status.value, c.reason)
        for i in CHECKED
        for c in catalogue_resolver.resolve(i.basis, day)
        if c.status is not CitationStatus.OK or c.statute_title is None
    ]
    assert bad == []


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_a_basis_under_review_is_really_not_valid(catalogue_resolver: Resolver, day: date) -> None:
    """The review mark is no escape hatch: each marked basis names catalogued statutes, and at least
    one of its citations is not valid (a basis that checks out must drop the mark)."""
    stale = []
    for item in UNDER_REVIEW:
        cited = catalogue_resolver.resolve(item.basis, day)
        assert cited and all(c.statute_title for c in cited), item.code
        if all(c.status is CitationStatus.OK for c in cited):
            stale.append(item.code)
    assert stale == []


@pytest.fixture(scope="module")
def corpus_resolver() -> Resolver:
    if not CORPUS.is_dir():
        pytest.skip("缺少共享参考数据 ../shared/reference/lawrefbook，无法逐条核对参考目录引用的条文")
    from kg.laws import load_corpus

    index, _, _ = load_corpus(CORPUS)
    return Resolver(load_statutes(STATUTES), index)


@pytest.mark.corpus
@pytest.mark.parametrize("day", DAYS, ids=str)
def test_every_cited_article_exists_in_the_corpus_version_in_force(corpus_resolver: Resolver, day: date) -> None:
    """Statutes the corpus holds must have each cited article (and paragraph) in the version in force."""
    missing = []
    for item in CHECKED:
        for c in corpus_resolver.resolve(item.basis, day):
            if c.article is None or c.statute_title is None or c.version_date is None:
                continue
            text = corpus_resolver.provision_text(c.statute_title, c.version_date, c.article)
            in_corpus = corpus_resolver.provision_text(c.statute_title, c.version_date, 1) is not None
            if c.status is not CitationStatus.OK or (in_corpus and (text is None or c.confidence < 1.0)):
                missing.append((item.code, c.text, c.status.value, c.reason))
    assert missing == []


def _write(folder: Path, overrides: dict[str, str], columns: tuple[str, ...] = ITEM_COLUMNS) -> None:
    row = {c: "" for c in columns} | {
        "code": "JB-DJ-001", "section": "党的建设", "category": "党的建设", "name": "党员教育管理",
        "aliases": "党员教育培训", "default_list": "basic", "mandatory": "false", "to_be_returned": "false",
        "negative": "false", "tasks": "组织党员学习教育", "basis": "《中国共产党支部工作条例（试行）》",
        "profile": "both",
    } | overrides
    with (folder / "items.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns)
        writer.writeheader()
        writer.writerow(row)
    for name in ("mandatory_categories.csv", "negative_list.csv"):
        (folder / name).write_bytes((FOLDER / name).read_bytes())


def test_a_valid_minimal_catalogue_loads(tmp_path: Path) -> None:
    _write(tmp_path, {})
    loaded: ReferenceCatalogue = load_reference_catalogue(tmp_path)
    assert [i.code for i in loaded.items] == ["JB-DJ-001"]


@pytest.mark.parametrize("case", CASES["malformed"], ids=lambda c: ",".join(c["set"]))
def test_malformed_rows_are_reported(tmp_path: Path, case: dict[str, Any]) -> None:
    _write(tmp_path, case["set"])
    with pytest.raises(ReferenceCatalogueError, match=case["message"]):
        load_reference_catalogue(tmp_path)


def test_the_basis_review_column_is_optional_and_read(tmp_path: Path) -> None:
    _write(tmp_path, {"basis_review": "所引法规已失效，待复核"}, (*ITEM_COLUMNS, REVIEW_COLUMN))
    [item] = load_reference_catalogue(tmp_path).items
    assert item.basis_review == "所引法规已失效，待复核"
    _write(tmp_path, {"extra": "x"}, (*ITEM_COLUMNS, "extra"))
    with pytest.raises(ReferenceCatalogueError, match=r"表头应为.*可在末尾加 basis_review 列"):
        load_reference_catalogue(tmp_path)
