"""Checks benchmark: `.venv/bin/python -m bench.bench_checks [--seed N] [--out DIR] [--store PATH]`.

Generates the demonstration province (unless DIR or an already built --store is given), builds it
(the build itself reruns the checks into graph/findings: its matching and findings step is timed
apart), closes the store as `qingdan build` does, then times `run_checks` over the whole province on
the store opened read-only, as `qingdan check` and the API open it (target ≤ 5 s), prints the time
of each check and precision and recall per kind against the generator's manifest.csv.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from kg.build import build
from kg.checks import CHECKS, refresh, run_checks
from kg.demo import generate
from kg.demo.manifest import found_keys, read_truth, score
from kg.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
TARGET_SECONDS = 5.0

def per_check_seconds(store: Store) -> None:
    for check in CHECKS:
        started = time.perf_counter()
        n = len(run_checks(store, kinds=[check.kind], data_dir=DATA))
        print(f"  {check.kind:30s} {n:6d} findings  {time.perf_counter() - started:6.2f} s (with item context)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="folder of a generated province (generated when absent)")
    parser.add_argument("--store", type=Path, help="a store the province is already built into")
    parser.add_argument("--per-check", action="store_true", help="also time each check on its own")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="qingdan-bench-") as tmp:
        out = args.out or Path(tmp) / "province"
        if not (out / "manifest.csv").is_file():
            started = time.perf_counter()
            generate(args.seed, out, data_dir=DATA)
            print(f"generate: {time.perf_counter() - started:.1f} s")
        location = args.store or Path(tmp) / "store"
        store = open_store(location)
        try:
            if args.store is None:
                started = time.perf_counter()
                report = build(sorted(p for p in out.iterdir() if p.is_dir()), store, data_dir=DATA)
                print(f"build (with checks): {time.perf_counter() - started:.1f} s, {report.items} items")
            started = time.perf_counter()
            derived = refresh(store, data_dir=DATA)
            print(f"refresh (catalogue, matching, checks, findings graph): {time.perf_counter() - started:.1f} s, "
                  f"{derived.matched}/{derived.items} items matched, {derived.findings} findings")
        finally:
            started = time.perf_counter()
            store.close()
            print(f"close (flush and compaction): {time.perf_counter() - started:.1f} s")
        store = open_store(location, read_only=True)  # as `qingdan check` and the API open it
        try:
            started = time.perf_counter()
            findings = run_checks(store, data_dir=DATA)
            seconds = time.perf_counter() - started
            verdict = "OK" if seconds <= TARGET_SECONDS else "SLOWER THAN TARGET"
            print(f"run_checks: {len(findings)} findings in {seconds:.2f} s "
                  f"(target ≤ {TARGET_SECONDS:.0f} s) {verdict}")
            if args.per_check:
                per_check_seconds(store)
        finally:
            store.close()
        for line in score(read_truth(out / "manifest.csv"), found_keys(findings)):
            print(f"  {line.kind:30s} precision {line.precision:.3f}  recall {line.recall:.3f}  "
                  f"({line.truth} in the manifest, {line.found} found)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
