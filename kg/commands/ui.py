"""`qingdan ui`: start the Streamlit UI on a store.

kg never imports Streamlit: this command only locates `ui/app.py` and runs
`python -m streamlit run ui/app.py --server.port N --server.headless true -- --store PATH`
as a child process, returning its exit code; Ctrl+C or SIGTERM stop the child with it.
"""

from __future__ import annotations

import argparse
import importlib.util
import signal
import subprocess
import sys
from pathlib import Path

from kg.config import Settings

DEFAULT_PORT = 8501


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    settings = Settings.from_env()
    p = sub.add_parser(
        "ui",
        help="启动中文浏览界面（Streamlit）",
        description="启动清单图谱的中文浏览界面：按县、乡镇浏览三张清单，逐条查看设定依据的溯源结果。",
    )
    p.add_argument("--store", default=settings.store, help=f"图数据库路径（默认 {settings.store}）")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"端口（默认 {DEFAULT_PORT}）")
    p.set_defaults(func=run)


def app_script() -> Path | None:
    """`ui/app.py` of the installed `ui` package, found without importing it."""
    spec = importlib.util.find_spec("ui")
    if spec is None or spec.origin is None:
        return None
    script = Path(spec.origin).parent / "app.py"
    return script if script.is_file() else None


def streamlit_command(script: Path, store: str, port: int) -> list[str]:
    return [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal",
        "--", "--store", store,
    ]


def run(args: argparse.Namespace) -> int:
    script = app_script()
    if script is None:
        print("找不到界面程序 ui/app.py，请确认 qingdan 已完整安装（pip install -e .）。", file=sys.stderr)
        return 2
    if importlib.util.find_spec("streamlit") is None:
        print("未安装 streamlit，无法启动界面。请运行 pip install streamlit。", file=sys.stderr)
        return 2
    print(f"界面：http://127.0.0.1:{args.port}/　图数据库：{args.store}　按 Ctrl+C 停止。", flush=True)
    child = subprocess.Popen(streamlit_command(script, str(Path(args.store).resolve()), args.port))
    signal.signal(signal.SIGTERM, lambda *_: child.terminate())
    try:
        return child.wait()
    except KeyboardInterrupt:
        child.terminate()
        child.wait()
        return 0
