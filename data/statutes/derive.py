"""Derive data/statutes/catalogue.csv from the shared LawRefBook corpus plus hand-added rows.

Usage (from the project root): python data/statutes/derive.py [CORPUS] [TARGET]

`selection.csv` names the statutes to take from the corpus (by the corpus name, which is the file name
without the version date) with their kind and, where the corpus cannot tell, their issuer and extra
short titles. For every corpus file of a selected statute (one file per version, the version date in
the file name) the script takes only facts:

- title: the file's `# ` heading (the statute's own full title);
- version_date: the date in the file name;
- effective_date: the corpus database's `valid_from`; failing that, a `YYYY年M月D日 施行` history line
  or the text's own `本法自……起施行` clause, but only when that date is not before the version date
  (a 修正 keeps the original clause, which dates the first version, not this one);
- article_count: the number of article headings (lines beginning `第N条 `) in the file;
- issuer: from the first history line (通过 by 全国人民代表大会 or its 常务委员会, 国务院令, 国务院、
  中央军委); for a 部门规章 the ministry whose corpus folder holds it (`rule_issuers.csv`); unless
  `selection.csv` names it;
- repealed_date: only for a statute every corpus version of which the database marks expired: where
  another corpus statute says `《title》……同时废止`, the repealing version's effective date (the corpus
  gives no other repeal date); otherwise `expired` — no longer in force, date unknown (an empty cell
  would say it is in force, and citations of it would resolve as valid).
  A superseded version (expired, but a newer version of the same statute is in force) is not repealed.

`manual.csv` holds rows for statutes outside the corpus, each citing its official publication; they
are merged as they are. `selection.csv` itself is written by `select.py` (the township-relevance
ranking and its hand review). The script refuses to write when a selected statute has no corpus file or
when an article sequence has gaps; a file without article headings (a 决定 numbered 一、二、…) gets an
empty article_count.
"""

from __future__ import annotations

import csv
import re
import sqlite3
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CORPUS = ROOT / ".." / "shared" / "reference" / "lawrefbook"
TARGET = HERE / "catalogue.csv"
COLUMNS = (
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
)
LEVEL_LABELS = {
    "law": "法律",
    "administrative_regulation": "行政法规",
    "local_regulation": "地方性法规",
    "departmental_rule": "部门规章",
    "party_regulation": "党内法规",
    "policy_document": "规范性文件",
}
COUNTRY_PREFIX = "中华人民共和国"
EXPIRED = "expired"
SKIPPED_DIRS = ("DLC",)
REPEALS = re.compile(r"((?:《[^》]+》[^《。；]{0,30}?)+)同时废止")
QUOTED = re.compile(r"《([^》]+)》")

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
ARTICLE = re.compile(r"^第([零〇一二三四五六七八九十百千]+)条(?:[ \u3000]|$)")
FILE_NAME = re.compile(r"^(?P<name>.+)\((?P<date>\d{4}-\d{2}-\d{2})\)\.md$")
CN_DATE = r"(\d{4})年(\d{1,2})月(\d{1,2})日"
EFFECTIVE_LINE = re.compile(rf"^{CN_DATE}\s*施行$")
EFFECTIVE_CLAUSE = re.compile(rf"本(?:法|条例|办法|规定)自{CN_DATE}起施行")
FROM_PROMULGATION = re.compile(r"本(?:法|条例|办法|规定)自公布之日起施行")


@dataclass(frozen=True)
class Selected:
    name: str
    kind: str
    issuer: str
    short_titles: tuple[str, ...]


def chinese_int(text: str) -> int:
    """Value of a Chinese numeral as used in article numbers (一百零三 → 103)."""
    total, digit = 0, 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            total += (digit or 1) * _UNITS[ch]
            digit = 0
    return total + digit


def iso(match: re.Match[str]) -> str:
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def read_selection(path: Path) -> list[Selected]:
    with path.open(encoding="utf-8", newline="") as f:
        return [
            Selected(
                name=row["name"].strip(),
                kind=row["kind"].strip(),
                issuer=row["issuer"].strip(),
                short_titles=tuple(s for s in row["short_titles"].split("|") if s.strip()),
            )
            for row in csv.DictReader(f)
        ]


def corpus_files(corpus: Path) -> dict[str, list[tuple[str, Path]]]:
    """Corpus name → [(version date, path)], from file names like 妇女权益保障法(2018-10-26).md.

    A few versions are filed twice (e.g. 反电信网络诈骗法 under 行政法 and 社会法); the first path in
    sorted order is kept.
    """
    found: dict[str, list[tuple[str, Path]]] = {}
    for path in sorted(corpus.rglob("*.md")):
        if path.relative_to(corpus).parts[0] in SKIPPED_DIRS:
            continue
        m = FILE_NAME.match(path.name)
        if m and m["date"] not in {d for d, _ in found.get(m["name"], [])}:
            found.setdefault(m["name"], []).append((m["date"], path))
    return {name: sorted(versions) for name, versions in found.items()}


def split_heading(lines: list[str]) -> tuple[str, list[str], list[str]]:
    """Title, history lines and body lines of a LawRefBook file."""
    title = lines[0].removeprefix("#").strip()
    end = next(i for i, line in enumerate(lines) if "INFO END" in line)
    history = [line.strip() for line in lines[1:end] if line.strip()]
    return title, history, lines[end + 1 :]


def article_numbers(body: Iterable[str]) -> list[int]:
    return [chinese_int(m[1]) for line in body if (m := ARTICLE.match(line.strip()))]


def issuer_of(history: list[str], kind: str) -> str:
    first = next((line for line in history if re.match(CN_DATE, line.lstrip("(（"))), "")
    if "全国人民代表大会常务委员会" in first:
        return "全国人民代表大会常务委员会"
    if "全国人民代表大会" in first:
        return "全国人民代表大会"
    if "中央军委" in first or "中央军事委员会" in first:
        return "国务院、中央军事委员会"
    if "国务院" in first or kind == "administrative_regulation":
        return "国务院"
    raise ValueError(f"cannot tell the issuer from {first!r}")


def effective_of(version_date: str, valid_from: str, history: list[str], body: list[str]) -> str:
    if valid_from:
        return valid_from
    for line in history:
        if (m := EFFECTIVE_LINE.match(line)) and iso(m) >= version_date:
            return iso(m)
    text = "".join(body)
    if (m := EFFECTIVE_CLAUSE.search(text)) and iso(m) >= version_date:
        return iso(m)
    if FROM_PROMULGATION.search(text) and len(history) <= 1:
        return version_date
    return ""


def short_titles_of(title: str, extra: tuple[str, ...]) -> str:
    short = [title.removeprefix(COUNTRY_PREFIX)] if title.startswith(COUNTRY_PREFIX) else []
    return "|".join(dict.fromkeys([*short, *extra]))


def repeal_clauses(corpus: Path, files: dict[str, list[tuple[str, Path]]]) -> dict[str, list[tuple[str, str]]]:
    """Title named in a `《…》同时废止` clause → [(repealing file's version date, its own title)]."""
    found: dict[str, list[tuple[str, str]]] = {}
    for versions in files.values():
        for date, path in versions:
            title, _, body = split_heading(path.read_text(encoding="utf-8").splitlines())
            for clause in REPEALS.finditer("".join(body)):
                for named in QUOTED.findall(clause[1]):
                    if named != title:
                        found.setdefault(named, []).append((date, title))
    return found


def repealed_of(
    db: sqlite3.Connection, name: str, title: str, clauses: dict[str, list[tuple[str, str]]],
    effective: dict[tuple[str, str], str],
) -> str:
    """Effective date of the earliest version of the statute that repeals `title`, when it is repealed;
    `expired` when the database marks it expired but no corpus statute dates the repeal."""
    flags = [row[0] for row in db.execute("SELECT expired FROM law WHERE name = ?", (name,))]
    if not flags or not all(flags):
        return ""
    if title not in clauses:
        return EXPIRED
    date, by = min(clauses[title])
    return effective.get((by, date), "") or EXPIRED


def valid_from(db: sqlite3.Connection, name: str, date: str) -> str:
    row = db.execute("SELECT valid_from FROM law WHERE name = ? AND publish = ?", (name, date)).fetchone()
    return (row[0] or "") if row else ""


def effective_dates(db: sqlite3.Connection, files: dict[str, list[tuple[str, Path]]]) -> dict[tuple[str, str], str]:
    """(title, version date) → effective date, for every corpus file (a repealing statute may be unselected)."""
    dates = {}
    for name, versions in files.items():
        for date, path in versions:
            title, history, body = split_heading(path.read_text(encoding="utf-8").splitlines())
            dates[(title, date)] = effective_of(date, valid_from(db, name, date), history, body)
    return dates


def corpus_rows(corpus: Path, selection: list[Selected]) -> list[dict[str, str]]:
    files = corpus_files(corpus)
    db = sqlite3.connect(f"file:{corpus / 'db.sqlite3'}?mode=ro", uri=True)
    clauses = repeal_clauses(corpus, files)
    with (HERE / "rule_issuers.csv").open(encoding="utf-8", newline="") as f:
        rule_issuers = {row["folder"]: row["issuer"] for row in csv.DictReader(f)}
    effective = effective_dates(db, files)
    rows = []
    for sel in selection:
        if sel.name not in files:
            raise ValueError(f"no corpus file for {sel.name}")
        for date, path in files[sel.name]:
            title, history, body = split_heading(path.read_text(encoding="utf-8").splitlines())
            numbers = article_numbers(body)
            if numbers != list(range(1, len(numbers) + 1)):
                raise ValueError(f"article numbers of {path} are not 1..n")
            rows.append(
                {
                    "title": title,
                    "short_titles": short_titles_of(title, sel.short_titles),
                    "kind": sel.kind,
                    "level_label": LEVEL_LABELS[sel.kind],
                    "issuer": sel.issuer or rule_issuers.get(path.parent.name) or issuer_of(history, sel.kind),
                    "version_date": date,
                    "effective_date": effective_of(date, valid_from(db, sel.name, date), history, body),
                    "repealed_date": repealed_of(db, sel.name, title, clauses, effective),
                    "article_count": str(len(numbers)) if numbers else "",
                    "source": f"lawrefbook:{path.relative_to(corpus).as_posix()}",
                }
            )
    db.close()
    return rows


def read_manual(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = [{c: (row.get(c) or "").strip() for c in COLUMNS} for row in csv.DictReader(f)]
    for row in rows:
        if row["source"].startswith("lawrefbook:") or not row["source"]:
            raise ValueError(f"manual row {row['title']} must cite its official publication")
    return rows


def main(argv: list[str]) -> int:
    corpus = Path(argv[1]) if len(argv) > 1 else CORPUS
    target = Path(argv[2]) if len(argv) > 2 else TARGET
    rows = corpus_rows(corpus, read_selection(HERE / "selection.csv")) + read_manual(HERE / "manual.csv")
    rows.sort(key=lambda r: (r["kind"], r["title"], r["version_date"]))
    with target.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} versions of {len({r['title'] for r in rows})} statutes to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
