"""A private Virtuoso (Debian `virtuoso-opensource` 7, `virtuoso-t`) on free loopback ports, for tests.

`VirtuosoServer` writes its own virtuoso.ini into a temporary folder (database, logs and lock file
there too; no system-wide configuration is read or touched), starts `virtuoso-t +foreground`, waits
until the SPARQL endpoint answers, and stops the process again. The session-scoped fixture
`virtuoso_server` shares one per test session (tests/conftest.py imports it); it skips when
`virtuoso-t` is not installed (`make test` installs it with scripts/install-virtuoso.sh when it can).

`env()` gives the settings a user sets for Virtuoso (docs/stores.md): query endpoint `/sparql`, updates
on `/sparql-auth` with digest authentication as `dba`, union mode `native`, update requests of at most
8,000,000 bytes. `clear()` drops every graph except Virtuoso's own system graphs.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api_server import free_port

from kg.remote_store import RemoteStore, remote_config

START_TIMEOUT_S = 60.0
"""A fresh database is created on first start: about 3 s on a quiet machine."""
STOP_TIMEOUT_S = 20.0
USER = PASSWORD = "dba"
"""The DBA account of a fresh database; the instance listens on loopback only and lives for one session."""

INI_TEMPLATE = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
Charset = UTF-8
"""


def virtuoso_binary() -> str | None:
    return shutil.which("virtuoso-t")


class VirtuosoServer:
    def __init__(self, binary: str, data_dir: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.query_url = f"{self.url}/sparql"
        self.update_url = f"{self.url}/sparql-auth"
        ini = data_dir / "virtuoso.ini"
        ini.write_text(INI_TEMPLATE.format(dir=data_dir, sql_port=free_port(), http_port=self.port), encoding="utf-8")
        self._log_path = data_dir / "server.log"
        self._log = self._log_path.open("wb")
        self._process = subprocess.Popen(
            [binary, "+configfile", str(ini), "+foreground"], cwd=data_dir, stdout=self._log, stderr=subprocess.STDOUT
        )
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise

    def env(self) -> dict[str, str]:
        """The environment a user sets to run qingdan on this Virtuoso (docs/stores.md)."""
        return {
            "QINGDAN_SPARQL_QUERY": self.query_url,
            "QINGDAN_SPARQL_UPDATE": self.update_url,
            "QINGDAN_SPARQL_UNION": "native",
            "QINGDAN_SPARQL_USER": USER,
            "QINGDAN_SPARQL_PASSWORD": PASSWORD,
            "QINGDAN_SPARQL_AUTH": "digest",
            "QINGDAN_REMOTE_MAX_UPDATE_BYTES": "8000000",
        }

    def open(self) -> RemoteStore:
        return RemoteStore(self.url, config=remote_config(self.url, self.env()))

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited early: {self._log_path.read_text(errors='replace')}")
            try:
                httpx.post(self.query_url, data={"query": "ASK {}"}, timeout=1.0).raise_for_status()
                return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError(f"virtuoso-t did not answer within {START_TIMEOUT_S} s")

    def clear(self) -> None:
        """Drop every named graph `RemoteStore` lists, which leaves out Virtuoso's system graphs (DROP ALL
        would remove those too)."""
        store = self.open()
        try:
            store.drop_graphs(store.named_graphs())
        finally:
            store.close()

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._log.close()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    binary = virtuoso_binary()
    if binary is None:
        pytest.skip(
            "未找到 virtuoso-t（Debian 软件包 virtuoso-opensource，make test 以 root 运行时会自动安装），"
            "跳过 Virtuoso 上的测试 / virtuoso-t not installed, Virtuoso tests skipped"
        )
    server = VirtuosoServer(binary, tmp_path_factory.mktemp("virtuoso-server"))
    try:
        yield server
    finally:
        server.stop()
