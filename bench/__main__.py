"""`make bench`: run every benchmark in turn; each prints its own figures and ratios.

A benchmark module is `bench/bench_<name>.py` with a `main()`; they run in name order, each in its
own process so one's memory and caches do not colour the next one's figures.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main() -> int:
    here = Path(__file__).resolve().parent
    failed = []
    for path in sorted(here.glob("bench_*.py")):
        print(f"\n===== {path.stem} =====", flush=True)
        code = subprocess.call([sys.executable, "-m", f"bench.{path.stem}"], cwd=here.parent)
        if code != 0:
            failed.append(path.stem)
    if failed:
        print(f"\n未完成的基准：{', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
