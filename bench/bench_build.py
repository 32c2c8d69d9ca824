"""Province build benchmark: `.venv/bin/python -m bench.bench_build [--seed N] [--out DIR] [--workers N]`.

Generates the demonstration province (`qingdan demo generate`) unless DIR already holds it, then builds
every generated workbook into a fresh embedded store twice, each run in its own process: first the
baseline, one process that loads the store once after mapping every file, then the build as
`qingdan build` runs it (the store loading while files are mapped; `--workers` worker processes,
default `kg.build.default_workers`: one per CPU but one). For each run it
prints the seconds of every phase (reference data, import and mapping, store write, findings), the CPU
seconds (with the workers'), the townships and items loaded, the triples stored and the peak memory,
and at the end how many times faster the measured run and each of its phases were than the baseline
(target: build < 60 s). The store loads the TriG files while the next files are mapped, so `store` is
only the loading left after the last file was mapped. The generator's summary.json is compared with
what the store holds (`qingdan stats`). `--no-baseline` skips the baseline.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import kg.build
from kg.build import build, default_workers, expand_sources
from kg.commands.stats import manifest_figures, store_figures
from kg.demo import generate
from kg.store import open_store, select

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 60.0
COUNT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
WALL_PHASES = ("reference", "import_and_mapping", "store", "findings")
"""Phases timed on the clock; `importing` and `mapping` are summed over files (over workers in parallel)."""


def _faster(base: float, measured: float) -> float | None:
    return round(base / measured, 2) if measured else None


def cpu_seconds() -> float:
    """User and system seconds of this process and of its finished children (the workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def one_run(out: Path, workers: int, *, streaming: bool) -> dict[str, Any]:
    """Build `out` into a fresh store with `workers` processes; the figures of that run. Without
    `streaming` the store loads one TriG file after every file was mapped."""
    if not streaming:
        kg.build.CHUNK_BYTES = sys.maxsize
    sources = sorted(p for p in out.iterdir() if p.is_dir())  # manifest.csv beside them is not a list
    with tempfile.TemporaryDirectory(prefix="qingdan-bench-") as tmp:
        store_path = Path(tmp) / "store"
        store = open_store(store_path)
        started, cpu = time.perf_counter(), cpu_seconds()
        try:
            report = build(sources, store, data_dir=ROOT / "data", workers=workers)
            seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
            triples = int(select(store, COUNT_TRIPLES)[0]["n"].value)  # type: ignore[union-attr]
        finally:
            store.close()
        figures = store_figures(str(store_path))
    expected = manifest_figures(out / "summary.json")
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "workers": workers,
        "store_loads_while_mapping": streaming,
        "build_seconds": round(seconds, 1),
        "cpu_seconds": round(cpu, 1),
        "phases": {k: round(v, 1) for k, v in asdict(report.timings).items() if k != "workers"}
        if report.timings else {},
        "files": len(report.sources),
        "failures": len(report.failures),
        "townships": figures.townships,
        "items": report.items,
        "triples": triples,
        "peak_memory_mib": round(own.ru_maxrss / 1024),
        "peak_worker_memory_mib": round(children.ru_maxrss / 1024),
        "matches_manifest": figures == expected,
    }


def in_child(out: Path, workers: int, *, streaming: bool = True) -> dict[str, Any]:
    """`one_run` in a fresh process, so each run's peak memory is its own."""
    command = [sys.executable, "-m", "bench.bench_build", "--out", str(out), "--workers", str(workers), "--one"]
    command += [] if streaming else ["--one-load"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="folder of a generated province (generated when absent)")
    parser.add_argument("--workers", type=int, help="worker processes of the measured run (default: CPUs - 1)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the baseline (one process, one load)")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--one-load", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one_run(args.out, args.workers, streaming=not args.one_load), ensure_ascii=False))
        return 0
    with tempfile.TemporaryDirectory(prefix="qingdan-bench-") as tmp:
        out = args.out or Path(tmp) / "province"
        if not (out / "summary.json").is_file():
            started = time.perf_counter()
            result = generate(args.seed, out, data_dir=ROOT / "data")
            print(f"generate: {time.perf_counter() - started:.1f} s, {len(result.files)} files, "
                  f"{result.province.summary['items']} items")
        workers = args.workers or default_workers(len(expand_sources([out])))
        runs = [] if args.no_baseline else [in_child(out, 1, streaming=False)]
        runs.append(in_child(out, workers))
    for run in runs:
        print(json.dumps(run, ensure_ascii=False, indent=2))
    measured = runs[-1]
    summary: dict[str, Any] = {"build_seconds": measured["build_seconds"], "target_seconds": TARGET_SECONDS}
    if len(runs) == 2:
        base = runs[0]
        summary["times_faster_than_baseline"] = _faster(base["build_seconds"], measured["build_seconds"])
        summary["phases_times_faster"] = {k: _faster(base["phases"][k], measured["phases"][k]) for k in WALL_PHASES}
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    ok = all(r["matches_manifest"] and not r["failures"] for r in runs)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
