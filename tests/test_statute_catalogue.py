"""The statute catalogue: its fixed format always, and every corpus-derived row against the corpus."""

from __future__ import annotations

import csv
import re
import sqlite3
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "data" / "statutes" / "catalogue.csv"
CORPUS = ROOT / ".." / "shared" / "reference" / "lawrefbook"
HEADER = [
    "title",
    "short_titles",
    "kind",
    "level_label",
    "issuer",
    "version_date",
    "effective_date",
    "repealed_date",
    "article_count",
    "source",
]
LEVEL_LABELS = {
    "law": "法律",
    "administrative_regulation": "行政法规",
    "local_regulation": "地方性法规",
    "departmental_rule": "部门规章",
    "party_regulation": "党内法规",
    "policy_document": "规范性文件",
}
SHARED_PER_STATUTE = ("short_titles", "kind", "level_label", "issuer", "repealed_date")
ARTICLE_LINE = re.compile(r"^第[零〇一二三四五六七八九十百千]+条(?:[ \u3000]|$)")
FILE_DATE = re.compile(r"\((\d{4}-\d{2}-\d{2})\)\.md$")
CN_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def _rows() -> list[dict[str, str]]:
    with CATALOGUE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


ROWS = _rows()
CORPUS_ROWS = [r for r in ROWS if r["source"].startswith("lawrefbook:")]


def _is_iso(text: str) -> bool:
    try:
        return date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def test_header_is_fixed() -> None:
    with CATALOGUE.open(encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == HEADER


def test_size() -> None:
    """SPEC §1: the editorial office compiled 474 statutes that touch township duties."""
    assert len({r["title"] for r in ROWS}) == 474


def test_no_judicial_interpretations_or_cases() -> None:
    assert not [r["title"] for r in ROWS if r["title"].startswith("最高人民")]
    assert {r["kind"] for r in ROWS} <= set(LEVEL_LABELS)


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['title']}@{r['version_date']}" for r in ROWS])
def test_row_format(row: dict[str, str]) -> None:
    assert row["title"].strip() == row["title"] != ""
    assert LEVEL_LABELS[row["kind"]] == row["level_label"]
    assert row["issuer"]
    assert _is_iso(row["version_date"])
    for column in ("effective_date", "repealed_date"):
        assert row[column] == "" or _is_iso(row[column])
    assert row["effective_date"] == "" or row["effective_date"] >= row["version_date"]
    assert row["article_count"] == "" or int(row["article_count"]) > 0
    assert all(s.strip() and s != row["title"] for s in row["short_titles"].split("|") if row["short_titles"])
    assert row["source"]


def test_versions_unique_and_consistent() -> None:
    by_title: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in ROWS:
        by_title[row["title"]].append(row)
    for title, rows in by_title.items():
        dates = [r["version_date"] for r in rows]
        assert len(dates) == len(set(dates)), title
        for column in SHARED_PER_STATUTE:
            assert len({r[column] for r in rows}) == 1, (title, column)


def test_short_titles_name_one_statute() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for row in ROWS:
        for short in filter(None, row["short_titles"].split("|")):
            owners[short].add(row["title"])
    assert {s: t for s, t in owners.items() if len(t) > 1} == {}


def _require_corpus() -> None:
    if not CORPUS.is_dir():
        pytest.skip("缺少共享参考数据 ../shared/reference/lawrefbook，无法核对法规目录")


def _db_rows(name: str) -> list[tuple[str, str, int]]:
    """(publish, valid_from, expired) of every database row of a corpus name."""
    with sqlite3.connect(f"file:{CORPUS / 'db.sqlite3'}?mode=ro", uri=True) as db:
        return [(p or "", v or "", e) for p, v, e in db.execute(
            "SELECT publish, valid_from, expired FROM law WHERE name = ?", (name,)
        )]


def _cn_dates(text: str) -> set[str]:
    return {f"{int(y):04d}-{int(m):02d}-{int(d):02d}" for y, m, d in CN_DATE.findall(text)}


@pytest.mark.corpus
@pytest.mark.parametrize("row", CORPUS_ROWS, ids=[f"{r['title']}@{r['version_date']}" for r in CORPUS_ROWS])
def test_matches_corpus(row: dict[str, str]) -> None:
    """Title as the heading gives it, version date, effective date and article count."""
    _require_corpus()
    path = CORPUS / row["source"].removeprefix("lawrefbook:")
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].removeprefix("# ").strip() == row["title"]
    match = FILE_DATE.search(path.name)
    assert match and match[1] == row["version_date"]
    assert sum(1 for line in lines if ARTICLE_LINE.match(line.strip())) == int(row["article_count"] or 0)
    name = path.name[: match.start()]
    valid_from = {p: v for p, v, _ in _db_rows(name)}.get(row["version_date"], "")
    if valid_from:
        assert row["effective_date"] == valid_from
    else:
        assert row["effective_date"] == "" or row["effective_date"] in _cn_dates(text) | {row["version_date"]}


@pytest.mark.corpus
@pytest.mark.parametrize("row", CORPUS_ROWS, ids=[f"{r['title']}@{r['version_date']}" for r in CORPUS_ROWS])
def test_repealed_only_when_corpus_says_so(row: dict[str, str]) -> None:
    """A repeal date only for a statute all of whose versions the corpus marks expired."""
    _require_corpus()
    if row["repealed_date"]:
        name = FILE_DATE.split(row["source"].rsplit("/", 1)[-1])[0]
        assert all(expired for _, _, expired in _db_rows(name))


@pytest.mark.corpus
def test_every_corpus_version_is_listed() -> None:
    """Superseded versions stay in: every version file of a chosen statute has its row."""
    _require_corpus()
    listed = {r["source"].removeprefix("lawrefbook:") for r in CORPUS_ROWS}
    dates = {(r["title"], r["version_date"]) for r in ROWS}
    for source in listed:
        path = CORPUS / source
        name = FILE_DATE.split(path.name)[0]
        for sibling in sorted(CORPUS.rglob(f"{name}(*).md")):
            if sibling.relative_to(CORPUS).parts[0] == "DLC" or not FILE_DATE.search(sibling.name):
                continue
            title = sibling.read_text(encoding="utf-8").splitlines()[0].removeprefix("# ").strip()
            assert (title, FILE_DATE.search(sibling.name)[1]) in dates, sibling.name
