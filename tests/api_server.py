"""A real `qingdan serve` (uvicorn in a child process) on a free loopback port, for the API tests.

Session-scoped fixtures yield a base URL once /healthz answers and stop the process at the end of the
session: `api_server` serves the test graph (`browse_location`), `api_built_server` the store of
the real build (`built_location`), both opened read-only by the command, on either store kind
(a folder, or `--store http://…` of an Oxigraph server; tests/store_kinds.py).
"""

from __future__ import annotations

import os
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


@contextmanager
def qingdan_process(
    args: list[str], health: str, log: Path, *, env: dict[str, str] | None = None, timeout_s: float = START_TIMEOUT_S
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`python -m kg.cli <args> --port <free port>` in a child process, its output in `log`; yields the
    base URL and the process once `health` (a path) answers 200, and stops the process at the end."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "kg.cli", *args, "--port", str(port)],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
        )
        try:
            _wait_ready(f"{url}{health}", process, log, timeout_s)
            yield url, process
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout_s:g} s:\n{log.read_text(errors='replace')}")


@contextmanager
def serving(store: Path | str, log: Path) -> Iterator[str]:
    with qingdan_process(["serve", "--store", str(store)], "/healthz", log) as (url, _):
        yield url


@pytest.fixture(scope="session")
def api_server(browse_location: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(browse_location, tmp_path_factory.mktemp("api") / "serve.log") as url:
        yield url


@pytest.fixture(scope="session")
def api_built_server(built_location: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(built_location, tmp_path_factory.mktemp("api_built") / "serve.log") as url:
        yield url
