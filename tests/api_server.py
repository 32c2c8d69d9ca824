"""A real `qingdan serve` (uvicorn in a child process) on a free loopback port, for the API tests.

Session-scoped fixtures yield a base URL once /healthz answers and stop the process at the end of the
session: `api_server` serves the test graph (`browse_location`), `api_built_server` the store of
the real build (`built_location`), both opened read-only by the command, on either store kind
(a folder, or `--store http://…` of an Oxigraph server; tests/store_kinds.py).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT_S = 30.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"qingdan serve exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"qingdan serve did not answer /healthz within {START_TIMEOUT_S}s:\n{log.read_text()}")


@contextmanager
def serving(store: Path | str, log: Path) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--port", str(port)],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_ready(url, process, log)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="session")
def api_server(browse_location: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(browse_location, tmp_path_factory.mktemp("api") / "serve.log") as url:
        yield url


@pytest.fixture(scope="session")
def api_built_server(built_location: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(built_location, tmp_path_factory.mktemp("api_built") / "serve.log") as url:
        yield url
