"""Print statute articles from the shared corpus, to check a catalogue item's legal basis by eye.

    python data/catalogue/tools/articles.py show "《中华人民共和国安全生产法》第九条第二款" ...
    python data/catalogue/tools/articles.py grep "乡镇人民政府|街道办事处" [title-substring]

`show` parses and resolves each basis with the project's citation engine at the two ends of the
rollout (2024-10-01 and 2025-04-30) and prints every cited article's text in the version in force.
`grep` lists the articles of catalogue statutes (in-force version at 2024-10-01) matching a regex.
Reads ../shared/reference/lawrefbook; prints to the terminal only, nothing is written.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

from kg.citations import Resolver
from kg.citations.resolve import in_force
from kg.laws import load_corpus
from kg.statutes import load_statutes

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT / ".." / "shared" / "reference" / "lawrefbook"
DAYS = (date(2024, 10, 1), date(2025, 4, 30))


def _resolver() -> tuple[Resolver, list]:  # type: ignore[type-arg]
    index, statutes, _ = load_corpus(CORPUS)
    return Resolver(load_statutes(ROOT / "data" / "statutes" / "catalogue.csv"), index), statutes


def show(resolver: Resolver, basis: str) -> None:
    print(f"== {basis}")
    seen = None
    for day in DAYS:
        for c in resolver.resolve(basis, day):
            head = f"  [{day}] {c.status.value} {c.statute_title} v{c.version_date} 第{c.article}条"
            head += f" 款{c.paragraph} 项{c.item} conf={c.confidence} {c.reason or ''}"
            print(head)
            if c.statute_title and c.version_date and c.article and (day == DAYS[0] or c.version_date != seen):
                text = resolver.provision_text(c.statute_title, c.version_date, c.article)
                print("     ", (text or "（语料无此版本）")[:400].replace("\n", " / "))
            seen = c.version_date


def grep(resolver: Resolver, statutes: list, pattern: str, title_part: str = "") -> None:  # type: ignore[type-arg]
    rx = re.compile(pattern)
    catalogue = {s.title for s in resolver.catalogue}
    for rec in statutes:
        match = resolver.titles.match(rec.title)
        st = match.statute
        if st is None or st.title not in catalogue or title_part not in st.title:
            continue
        current = in_force(st, DAYS[0])
        if current is None or current.version_date != rec.version_date:
            continue
        for p in rec.provisions:
            if p.paragraph is None and p.item is None and rx.search(p.text):
                print(f"{st.title} 第{p.article}条: " + p.text[:260].replace("\n", " / "))


def main(argv: list[str]) -> int:
    resolver, statutes = _resolver()
    if argv[0] == "show":
        for basis in argv[1:]:
            show(resolver, basis)
    else:
        grep(resolver, statutes, argv[1], argv[2] if len(argv) > 2 else "")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
