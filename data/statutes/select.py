"""Choose the corpus statutes of the catalogue by how much they concern townships: writes selection.csv.

Usage (from the project root): python data/statutes/select.py [CORPUS]

Why a ranking: the editorial office's 474 statutes are those that impose or concern duties of
乡镇人民政府/街道办事处 or of the county departments whose work lands on townships. The script counts, in
the newest corpus version of every statute, the terms of `terms.csv` (乡镇人民政府, 乡、民族乡、镇,
街道办事处 … weight 3; 村民委员会, 居民委员会 … weight 2; 县级人民政府 … weight 1, capped) and ranks by
the weighted sum. The hand review decides the rest:

- `review.csv` (name, decision include/exclude, kind and issuer overrides, extra short titles, reason):
  hand decisions, which win over everything else;
- `exclude_patterns.csv` (regular expression over the corpus name, reason): whole fields that never
  land on a township in Ningxia (customs, maritime, finance, courts, other regions …).

Candidates are the corpus's 法律, 行政法规 and 部门规章 (司法解释, 案例 and the Zhejiang DLC are not
candidates; nor is the 宪法, whose level has no catalogue kind). A statute is taken whole — every
version in the corpus — and only when each version numbers its articles 1..n (or has none, like the
1983 直接选举若干规定 numbered 一、二、…). Included statutes are
taken by rank until the catalogue, with `manual.csv`, holds TARGET distinct titles. `ranking.csv`
records every candidate with its counts, score, rank and decision, so the choice can be explained.
"""

from __future__ import annotations

import csv
import re
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from derive import CORPUS, article_numbers, corpus_files, split_heading

HERE = Path(__file__).resolve().parent
TARGET = 474
KINDS = {"法律": "law", "行政法规": "administrative_regulation", "部门规章": "departmental_rule"}
SKIPPED_DIRS = ("民法典", "其他", "宪法")
RANKING_COLUMNS = ("rank", "name", "level", "score", "township", "village", "county", "titles", "decision", "reason")
SELECTION_COLUMNS = ("name", "kind", "issuer", "short_titles")


@dataclass(frozen=True)
class Candidate:
    name: str
    level: str
    titles: tuple[str, ...]
    counts: tuple[int, int, int]
    score: int
    well_formed: bool


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def score_of(text: str, terms: list[dict[str, str]]) -> tuple[int, tuple[int, int, int]]:
    """Weighted term count and the raw counts per weight class (township 3, village 2, county 1)."""
    total, by_weight = 0, {3: 0, 2: 0, 1: 0}
    for term in terms:
        n = text.count(term["term"])
        weight = int(term["weight"])
        by_weight[weight] += n
        total += weight * min(n, int(term["cap"])) if term["cap"] else weight * n
    return total, (by_weight[3], by_weight[2], by_weight[1])


def candidates(corpus: Path, terms: list[dict[str, str]]) -> list[Candidate]:
    db = sqlite3.connect(f"file:{corpus / 'db.sqlite3'}?mode=ro", uri=True)
    levels = dict(db.execute("SELECT name, level FROM law"))
    db.close()
    found = []
    for name, versions in corpus_files(corpus).items():
        paths = [p for _, p in versions if p.relative_to(corpus).parts[0] not in SKIPPED_DIRS]
        if not paths or levels.get(name) not in KINDS:
            continue
        titles, well_formed = [], True
        for path in paths:
            title, _, body = split_heading(path.read_text(encoding="utf-8").splitlines())
            numbers = article_numbers(body)
            well_formed &= numbers == list(range(1, len(numbers) + 1))
            titles.append(title)
        score, counts = score_of(paths[-1].read_text(encoding="utf-8"), terms)
        found.append(Candidate(name, levels[name], tuple(dict.fromkeys(titles)), counts, score, well_formed))
    found.sort(key=lambda c: (-c.score, c.name))
    return found


def decide(
    cand: Candidate, review: dict[str, dict[str, str]], patterns: list[dict[str, str]]
) -> tuple[str, str]:
    """('include' | 'exclude' | 'rank', reason) before the target cut."""
    if not cand.well_formed:
        return "exclude", "语料中有版本条号不连续，无法核对条数"
    if cand.name in review:
        return review[cand.name]["decision"], review[cand.name]["reason"]
    for pattern in patterns:
        if re.search(pattern["pattern"], cand.name):
            return "exclude", pattern["reason"]
    if cand.score == 0:
        return "exclude", "未提及乡镇、村（居）委会或县级人民政府"
    return "rank", ""


def select(
    found: list[Candidate], review: dict[str, dict[str, str]], patterns: list[dict[str, str]], needed: int
) -> list[tuple[Candidate, str, str]]:
    decided = [(c, *decide(c, review, patterns)) for c in found]
    titles = {t for c, d, _ in decided if d == "include" for t in c.titles}
    result = []
    for cand, decision, reason in decided:
        if decision == "rank":
            if len(titles) < needed and not titles.intersection(cand.titles):
                titles.update(cand.titles)
                decision, reason = "include", "按乡镇相关度排名入选"
            else:
                decision, reason = "exclude", "排名在目标数之后"
        result.append((cand, decision, reason))
    return result


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str]) -> int:
    corpus = Path(argv[1]) if len(argv) > 1 else CORPUS
    review = {r["name"]: r for r in read_csv(HERE / "review.csv")}
    patterns = read_csv(HERE / "exclude_patterns.csv")
    manual_titles = {r["title"] for r in read_csv(HERE / "manual.csv")}
    found = candidates(corpus, read_csv(HERE / "terms.csv"))
    missing = set(review) - {c.name for c in found}
    if missing:
        raise ValueError(f"review.csv names statutes the corpus lacks: {sorted(missing)}")
    chosen = select(found, review, patterns, TARGET - len(manual_titles))
    write_csv(HERE / "ranking.csv", RANKING_COLUMNS, [
        {"rank": str(i), "name": c.name, "level": c.level, "score": str(c.score), "township": str(c.counts[0]),
         "village": str(c.counts[1]), "county": str(c.counts[2]), "titles": "|".join(c.titles),
         "decision": d, "reason": r}
        for i, (c, d, r) in enumerate(chosen, start=1)
    ])
    included = [c for c, d, _ in chosen if d == "include"]
    write_csv(HERE / "selection.csv", SELECTION_COLUMNS, [
        {"name": c.name, "kind": review.get(c.name, {}).get("kind") or KINDS[c.level],
         "issuer": review.get(c.name, {}).get("issuer", ""),
         "short_titles": review.get(c.name, {}).get("short_titles", "")}
        for c in included
    ])
    titles = {t for c in included for t in c.titles} | manual_titles
    print(f"selected {len(included)} corpus statutes; {len(titles)} distinct titles with manual.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
