"""Citation engine benchmark: `.venv/bin/python -m bench.bench_citations`.

Prints distinct basis strings parsed and resolved per second on one core (target ≥ 20,000/s), a
province-sized run (~73,000 items, mostly repeated bases; target < 2 s), the time to import the
shared law corpus into a fresh store (target ≤ 60 s) and accuracy on tests/data/citation_cases.csv.
"""

from __future__ import annotations

import csv
import json
import random
import tempfile
import time
from datetime import date
from pathlib import Path

from kg.citations import Resolver
from kg.commands.cite import citation_record
from kg.graph.statutes import corpus_quads
from kg.iris import Iris
from kg.laws import load_corpus
from kg.statutes import load_statutes
from kg.store import open_store

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "tests" / "data" / "citation_catalogue.csv"
CASES = ROOT / "tests" / "data" / "citation_cases.csv"
CORPUS = ROOT / ".." / "shared" / "reference" / "lawrefbook"
ON = date(2024, 6, 1)
FORMS = (
    "《{t}》第{a}条",
    "《中华人民共和国{t}》第{a}条第{p}款",
    "1.《{t}》第{a}条、第{b}条；2.《{u}》第{p}条",
    "依据{t}第{a}条的规定",
    "《{t}》（2021年修正）第{a}条第{p}款第（{i}）项",
    "《{t}》第{a}条至第{b}条等法律法规",
)


def distinct_bases(resolver: Resolver, n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    titles = [s.short_titles[0] if s.short_titles else s.title for s in resolver.catalogue]
    found: set[str] = set()
    while len(found) < n:
        a = rng.randint(1, 120)
        found.add(rng.choice(FORMS).format(
            t=rng.choice(titles), u=rng.choice(titles), a=a, b=a + rng.randint(1, 3),
            p=rng.randint(1, 4), i=rng.randint(1, 8),
        ))
    return sorted(found)


def bench_distinct(n: int = 20_000) -> float:
    statutes = load_statutes(CATALOGUE)
    texts = distinct_bases(Resolver(statutes), n)
    resolver = Resolver(statutes)
    started = time.perf_counter()
    for text in texts:
        resolver.resolve(text, ON)
    rate = n / (time.perf_counter() - started)
    print(f"distinct bases: {n} parsed and resolved at {rate:,.0f}/s (target ≥ 20,000/s)")
    return rate


def bench_province(items: int = 73_000, distinct: int = 3_000) -> float:
    statutes = load_statutes(CATALOGUE)
    bases = distinct_bases(Resolver(statutes), distinct, seed=11)
    rng = random.Random(3)
    texts = [rng.choice(bases) for _ in range(items)]
    resolver = Resolver(statutes)
    started = time.perf_counter()
    for text in texts:
        resolver.resolve(text, ON)
    seconds = time.perf_counter() - started
    print(f"province: {items} items ({distinct} distinct bases) resolved in {seconds:.2f} s (target < 2 s)")
    return seconds


def bench_corpus_import() -> None:
    if not CORPUS.is_dir():
        print(f"corpus import: skipped, {CORPUS} not found")
        return
    started = time.perf_counter()
    _, statutes, errors = load_corpus(CORPUS)
    read = time.perf_counter() - started
    iris = Iris()
    graph = iris.reference_graph("laws")
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "store")
        store.replace_graphs({graph: corpus_quads(statutes, iris, graph)})
        store.close()
    total = time.perf_counter() - started
    provisions = sum(len(s.provisions) for s in statutes)
    print(f"corpus import: {len(statutes)} files, {provisions} provisions, {len(errors)} files skipped; "
          f"read {read:.1f} s, into a fresh store {total:.1f} s (target ≤ 60 s)")


def accuracy() -> float:
    statutes = load_statutes(CATALOGUE)
    plain = Resolver(statutes)
    full = None
    if CORPUS.is_dir():
        full = Resolver(statutes, load_corpus(CORPUS)[0])
    with CASES.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    passed = total = 0
    for row in rows:
        resolver = full if row["corpus"] == "yes" else plain
        if resolver is None:
            continue
        total += 1
        expected = json.loads(row["expected"])
        got = [citation_record(c) for c in resolver.resolve(row["text"], date.fromisoformat(row["date"]))]
        if len(got) == len(expected) and all({k: g.get(k) for k in e} == e for g, e in zip(got, expected, strict=True)):
            passed += 1
    share = passed / total if total else 0.0
    print(f"accuracy: {passed}/{total} labelled cases ({share:.1%})")
    return share


def main() -> None:
    bench_distinct()
    bench_province()
    accuracy()
    bench_corpus_import()


if __name__ == "__main__":
    main()
