"""`qingdan ui`: the command line, and a real Streamlit server started by it on a free port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from kg.cli import make_parser
from kg.commands import ui as ui_command
from kg.store import open_store

QINGDAN = Path(sys.executable).with_name("qingdan")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_parser_takes_store_and_port() -> None:
    args = make_parser().parse_args(["ui", "--store", "/tmp/x", "--port", "8642"])
    assert (args.store, args.port, args.func) == ("/tmp/x", 8642, ui_command.run)


def test_command_runs_the_app_script_of_the_ui_package() -> None:
    script = ui_command.app_script()
    assert script is not None and script == Path(__file__).resolve().parents[1] / "ui" / "app.py"
    command = ui_command.streamlit_command(script, "/data/store", 8642)
    assert command[:5] == [sys.executable, "-m", "streamlit", "run", str(script)]
    assert command[-3:] == ["--", "--store", "/data/store"]
    assert command[command.index("--server.port") + 1] == "8642"


def test_kg_does_not_import_streamlit() -> None:
    code = "import sys, kg.cli, kg.commands.ui, kg.browse; kg.cli.make_parser(); print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.skipif(not QINGDAN.exists(), reason="qingdan 命令未安装到当前虚拟环境（pip install -e .）")
def test_qingdan_ui_serves_the_app(tmp_path: Path) -> None:
    store = tmp_path / "store"
    open_store(store).close()
    port = _free_port()
    proc = subprocess.Popen(
        [str(QINGDAN), "ui", "--store", str(store), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        health = ""
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).text
                break
            except httpx.TransportError:
                time.sleep(0.5)
        assert health == "ok", proc.stdout.read().decode() if proc.poll() is not None and proc.stdout else ""
        page = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
        assert page.status_code == 200
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
