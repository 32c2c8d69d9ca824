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
    assert row["effective_date"] == "" or _is_iso(row["effective_date"])
    assert row["repealed_date"] in ("", "expired") or _is_iso(row["repealed_date"])
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
    """A repeal date (or `expired`, date unknown) only for a statute all of whose versions the corpus
    marks expired."""
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


IN_FORCE_EXCEPTIONS = ROOT / "tests" / "data" / "statutes_in_force_exceptions.csv"


def _in_force_exceptions() -> dict[str, str]:
    """Title → why the catalogue keeps it in force although the corpus database marks it expired."""
    with IN_FORCE_EXCEPTIONS.open(encoding="utf-8", newline="") as f:
        return {r["title"]: r["reason"].strip() for r in csv.DictReader(f)}


def _corpus_expired(rows: list[dict[str, str]], version_date: str) -> bool | None:
    """Whether the corpus database marks this version expired; None when the corpus does not hold it.

    A corpus-derived row names its file; a hand-added row is looked up by its titles (the corpus may
    hold a statute the catalogue took from its official publication)."""
    row = next(r for r in rows if r["version_date"] == version_date)
    if row["source"].startswith("lawrefbook:"):
        name = FILE_DATE.split(row["source"].rsplit("/", 1)[-1])[0]
        flags = [e for p, _, e in _db_rows(name) if p == version_date]
        return bool(flags[0]) if flags else None
    names = {row["title"], row["title"].removeprefix("中华人民共和国"), *filter(None, row["short_titles"].split("|"))}
    flags = [e for name in names for _, _, e in _db_rows(name)]
    return all(flags) if flags else None


@pytest.mark.corpus
def test_statutes_in_force_today_are_not_expired_in_the_corpus() -> None:
    """A citation resolves as valid (status ok) only if the corpus does not mark that version expired.

    A civil servant told "this item has a valid ground" must not be citing a repealed statute: every
    statute the catalogue treats as in force today (the resolver says ok for its bare title) must have
    the version it resolves to not marked expired in the corpus database, unless
    tests/data/statutes_in_force_exceptions.csv lists it with a reason.
    """
    _require_corpus()
    from kg.citations import Resolver
    from kg.statutes import load_statutes

    exceptions = _in_force_exceptions()
    assert all(exceptions.values()), "每个例外都要写明理由"
    resolver = Resolver(load_statutes(CATALOGUE))
    by_title: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in ROWS:
        by_title[row["title"]].append(row)
    expired = set()
    for title, rows in by_title.items():
        [c] = resolver.resolve(f"《{title}》", date.today())
        if c.status.value == "ok" and c.version_date and _corpus_expired(rows, c.version_date.isoformat()):
            expired.add(title)
    assert sorted(expired - exceptions.keys()) == []
    assert sorted(exceptions.keys() - expired) == [], "例外清单中的法规已不再需要例外，请删去"
