"""UI and analysis benchmark: `.venv/bin/python -m bench.bench_ui [--seed N] [--out DIR] [--store PATH]`.

Generates and builds the demonstration province (unless DIR or an already built --store is given),
then times (1) `kg.analyses.load`, the first load per build; (2) every analysis function once the data
is loaded; (3) every analysis page through Streamlit's AppTest, first run and the runs after it
(target: every page < 2 s after the first load); (4) when Chromium and playwright are at hand, every
page served by `qingdan ui` and opened in headless Chromium, until Streamlit has finished drawing it.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg import analyses
from kg.build import build
from kg.demo import generate
from kg.impact import statute_impact
from kg.store import open_store

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
TARGET_SECONDS = 2.0
PAGES = ("overview", "profile", "compare", "distribution", "burden", "findings", "statutes", "sparql")
REPEATS = 3


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def province_store(args: argparse.Namespace, tmp: Path) -> Path:
    if args.store and args.store.is_dir():
        return Path(args.store)
    out = args.out or tmp / "province"
    if not (out / "summary.json").is_file():
        print("生成演示全区清单……", flush=True)
        generate(seed=args.seed, out=out, data_dir=DATA)
    path = args.store or tmp / "store"
    store = open_store(path)
    print("构建图谱……", flush=True)
    build([out], store, data_dir=DATA)
    store.close()
    return Path(path)


def bench_functions(path: Path) -> None:
    store = open_store(path, read_only=True)
    seconds, data = timed(lambda: analyses.load(store))
    print(f"kg.analyses.load（每次构建后首次读取）: {seconds:6.2f} s  "
          f"{len(data.items)} 个事项，{len(data.loaded)} 个乡镇")
    town, other = data.loaded[0].code, data.loaded[1].code
    spread = analyses.item_spread(data)
    calls: dict[str, Callable[[], Any]] = {
        "county_averages": lambda: analyses.county_averages(data),
        "township_counts": lambda: analyses.township_counts(data),
        "matrix": lambda: analyses.matrix(data),
        "item_spread": lambda: analyses.item_spread(data),
        "common_items": lambda: analyses.common_items(data),
        "individual_items": lambda: analyses.individual_items(data),
        "placements": lambda: analyses.placements(data, spread[0].key),
        "compare": lambda: analyses.compare(data, town, other),
        "nearest": lambda: analyses.nearest(data, town),
        "similar_pairs": lambda: analyses.similar_pairs(data),
        "communities": lambda: analyses.communities(data),
        "category_mix": lambda: analyses.category_mix(data),
        "department_burden": lambda: analyses.department_burden(data),
        "mandatory_coverage": lambda: analyses.mandatory_coverage(data),
        "stored_findings": lambda: analyses.stored_findings(store, data),
        "cited_statutes": lambda: analyses.cited_statutes(store),
    }
    for name, call in calls.items():
        seconds, result = timed(call)
        print(f"  {name:22s} {seconds:6.3f} s  {len(result):6d} 行")
    top = analyses.cited_statutes(store)[0]
    seconds, result = timed(lambda: statute_impact(store, top.iri, top.title))
    print(f"  {'statute_impact':22s} {seconds:6.3f} s  {result.item_count:6d} 行（《{top.title}》）")
    store.close()


def bench_pages(path: Path) -> bool:
    from streamlit.testing.v1 import AppTest

    os.environ["QINGDAN_STORE"] = str(path)
    worst = 0.0
    for name in PAGES:
        runs = []
        for _ in range(REPEATS + 1):
            at = AppTest.from_function(_page, args=(name,), default_timeout=300)
            seconds, _ = timed(at.run)
            if at.exception:
                print(f"  {name}: 出错 {[e.value for e in at.exception]}")
                return False
            runs.append(seconds)
        later = max(runs[1:])
        worst = max(worst, later)
        print(f"  {name:14s} 首次 {runs[0]:6.2f} s   之后最慢 {later:5.2f} s")
    ok = worst < TARGET_SECONDS
    print(f"页面（首次读取之后）最慢 {worst:.2f} s，目标 < {TARGET_SECONDS:.0f} s：{'达到' if ok else '未达到'}")
    return ok


def _page(name: str) -> None:
    import importlib

    importlib.import_module(f"ui.views.{name}").render()


CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def bench_browser(path: Path, tmp: Path) -> None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("（未安装 playwright，跳过浏览器计时）")
        return
    if not CHROMIUM.exists():
        print("（缺少 /usr/bin/chromium，跳过浏览器计时）")
        return
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    ui = subprocess.Popen([sys.executable, "-m", "kg.cli", "ui", "--store", str(path), "--port", str(port)],
                          cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(4)
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(str(tmp / "chromium"), executable_path=str(CHROMIUM),
                                                           headless=True, args=FLAGS)
            page = context.new_page()
            for name in PAGES:
                first = _open(page, f"http://127.0.0.1:{port}/{name}")
                again = _open(page, f"http://127.0.0.1:{port}/{name}")
                print(f"  {name:14s} 首次 {first:6.2f} s   再次打开 {again:5.2f} s（含页面加载与绘制）")
            context.close()
    finally:
        ui.terminate()
        ui.wait(timeout=10)


def _open(page: Any, url: str) -> float:
    started = time.perf_counter()
    page.goto(url, timeout=300_000)
    page.wait_for_selector('[data-testid="stMetric"], [data-testid="stDataFrame"]', timeout=300_000)
    while page.locator('[data-testid="stStatusWidget"]').count():
        time.sleep(0.05)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="folder of a generated province (generated when absent)")
    parser.add_argument("--store", type=Path, help="a store the province is already built into")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="qingdan-bench-") as tmp:
        path = province_store(args, Path(tmp))
        bench_functions(path)
        print("分析页面（AppTest）：", flush=True)
        ok = bench_pages(path)
        print("分析页面（headless Chromium，qingdan ui）：", flush=True)
        bench_browser(path, Path(tmp))
        return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
