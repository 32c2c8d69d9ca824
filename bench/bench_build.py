"""Province build benchmark: `.venv/bin/python -m bench.bench_build [--seed N] [--out DIR]`.

Generates the demonstration province (`qingdan demo generate`) unless DIR already holds it, builds
every generated workbook into a fresh embedded store and prints the seconds of both steps, the
townships and items loaded, the triples stored and the peak memory (target: build < 60 s).
The generator's summary.json is compared with what the store holds (`qingdan stats`).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from kg.build import build
from kg.commands.stats import manifest_figures, store_figures
from kg.demo import generate
from kg.store import open_store, select

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 60.0
COUNT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="folder of a generated province (generated when absent)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="qingdan-bench-") as tmp:
        out = args.out or Path(tmp) / "province"
        if not (out / "summary.json").is_file():
            started = time.perf_counter()
            result = generate(args.seed, out, data_dir=ROOT / "data")
            print(f"generate: {time.perf_counter() - started:.1f} s, {len(result.files)} files, "
                  f"{result.province.summary['items']} items")
        # The folders under `out` hold the workbooks; manifest.csv beside them is not a list.
        sources = sorted(p for p in out.iterdir() if p.is_dir())
        store_path = Path(tmp) / "store"
        store = open_store(store_path)
        started = time.perf_counter()
        try:
            report = build(sources, store, data_dir=ROOT / "data")
            seconds = time.perf_counter() - started
            triples = int(select(store, COUNT_TRIPLES)[0]["n"].value)  # type: ignore[union-attr]
        finally:
            store.close()
        figures = store_figures(str(store_path))
        expected = manifest_figures(out / "summary.json")
    summary = {
        "build_seconds": round(seconds, 1),
        "target_seconds": TARGET_SECONDS,
        "files": len(report.sources),
        "failures": len(report.failures),
        "townships": figures.townships,
        "items": report.items,
        "triples": triples,
        "peak_memory_mib": round(peak_mib()),
        "matches_manifest": figures == expected,
    }
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0 if summary["matches_manifest"] and not report.failures else 1


if __name__ == "__main__":
    sys.exit(main())
