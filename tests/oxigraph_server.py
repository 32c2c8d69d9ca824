"""A real Oxigraph server (`oxigraph serve`, PyPI `oxigraph`) on a free loopback port, for tests.

`OxigraphServer` starts and stops one server; the session-scoped fixture `oxigraph_server` shares one
per test session (tests/conftest.py imports it). Tests that need an empty server call `clear()`.
`oxigraph_union_server` is started with `--union-default-graph`, for the store's "native" union mode.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api_server import free_port

START_TIMEOUT_S = 20.0


def oxigraph_binary() -> str | None:
    """The `oxigraph` CLI next to the running interpreter (the venv), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


class OxigraphServer:
    def __init__(self, binary: str, data_dir: Path, *extra_args: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = (data_dir / "server.log").open("wb")
        self._process = subprocess.Popen(
            [binary, "serve", "--location", str(data_dir / "db"), "--bind", f"127.0.0.1:{self.port}", *extra_args],
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._wait_until_ready(data_dir / "server.log")

    def _wait_until_ready(self, log: Path) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited early: {log.read_text(errors='replace')}")
            try:
                httpx.post(f"{self.url}/query", data={"query": "ASK {}"}, timeout=1.0).raise_for_status()
                return
            except httpx.HTTPError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"oxigraph serve did not answer within {START_TIMEOUT_S} s")

    def clear(self) -> None:
        httpx.post(f"{self.url}/update", data={"update": "DROP ALL"}, timeout=10.0).raise_for_status()

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._log.close()


def _serve(tmp_path_factory: pytest.TempPathFactory, *extra_args: str) -> Iterator[OxigraphServer]:
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("未找到 oxigraph 命令（pip install oxigraph），跳过远程图数据库测试")
    server = OxigraphServer(binary, tmp_path_factory.mktemp("oxigraph-server"), *extra_args)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    yield from _serve(tmp_path_factory)


@pytest.fixture(scope="session")
def oxigraph_union_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    yield from _serve(tmp_path_factory, "--union-default-graph")
