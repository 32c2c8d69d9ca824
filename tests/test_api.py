"""The HTTP API through a real `qingdan serve` (uvicorn) on loopback, over the embedded store and over a
remote Oxigraph server (`--store http://…`): the cases of
tests/data/api_cases.toml, the one-envelope/one-error-shape contract, and the OpenAPI documentation."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import httpx
import pytest
import rdflib

CASES = tomllib.loads((Path(__file__).parent / "data" / "api_cases.toml").read_text(encoding="utf-8"))["case"]
RDFLIB_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}
CJK = re.compile(r"[\u4e00-\u9fff]")


def send(base: str, case: dict[str, Any]) -> httpx.Response:
    headers = {"Accept": case["accept"]} if "accept" in case else {}
    if "origin" in case:
        headers["Origin"] = case["origin"]
    params = {"format": case["format"]} if "format" in case else {}
    via = case.get("via")
    with httpx.Client(base_url=base, timeout=30.0) as client:
        if via == "get":
            return client.get("/sparql", params={"query": case["query"], **params}, headers=headers)
        if via == "form":
            return client.post("/sparql", data={"query": case["query"]}, params=params, headers=headers)
        if via == "direct":
            headers["Content-Type"] = "application/sparql-query"
            return client.post("/sparql", content=case["query"].encode(), params=params, headers=headers)
        if "content_type" in case:
            headers["Content-Type"] = case["content_type"]
        body = bytes.fromhex(case["body_hex"]) if "body_hex" in case else case.get("body")
        return client.request(case.get("method", "GET"), case["path"], content=body, headers=headers)


def server_for(request: pytest.FixtureRequest, case: dict[str, Any]) -> str:
    """The test graph's server, or the real build's when the case says `server = "built"`."""
    url: str = request.getfixturevalue("api_built_server" if case.get("server") == "built" else "api_server")
    return url


def subset(expected: Any, actual: Any) -> bool:
    """`expected` is contained in `actual`: dict keys recursively, lists as sets of the same length."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and subset(v, actual[k]) for k, v in expected.items())
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return False
        remaining = list(actual)
        for e in expected:
            match = next((a for a in remaining if subset(e, a)), None)
            if match is None:
                return False
            remaining.remove(match)
        return True
    return bool(expected == actual)


def media_type(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip()


@pytest.mark.usefixtures("store_kind")  # the server chosen by `server_for` follows it: both kinds
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_api(request: pytest.FixtureRequest, case: dict[str, Any]) -> None:
    response = send(server_for(request, case), case)
    assert response.status_code == case["status"], response.text
    if "media" in case:
        assert media_type(response) == case["media"]
    if "json" in case:
        expected = json.loads(case["json"]) if isinstance(case["json"], str) else case["json"]
        assert subset(expected, response.json()), json.dumps(response.json(), ensure_ascii=False)[:2000]
    if "error" in case:
        assert response.json()["error"]["code"] == case["error"]
    if "count" in case:
        body = response.json()
        first = body["head"]["vars"][0]
        assert int(body["results"]["bindings"][0][first]["value"]) == case["count"]
    if "boolean" in case:
        assert response.json()["boolean"] is case["boolean"]
    if "triples" in case:
        graph = rdflib.Graph().parse(data=response.text, format=RDFLIB_FORMATS[media_type(response)])
        assert len(graph) == case["triples"]
    for name, value in case.get("headers", {}).items():
        assert response.headers.get(name) == value
    if "lines" in case:
        assert len(response.text.splitlines()) == case["lines"]


JSON_CASES = [c for c in CASES if c.get("path", "").startswith("/api/") or c.get("error")]


@pytest.mark.usefixtures("store_kind")
@pytest.mark.parametrize("case", JSON_CASES, ids=[c["id"] for c in JSON_CASES])
def test_one_envelope_and_one_error_shape(request: pytest.FixtureRequest, case: dict[str, Any]) -> None:
    response = send(server_for(request, case), case)
    assert media_type(response) == "application/json"
    body = response.json()
    if response.status_code < 400:
        assert set(body) == {"ok", "data"} and body["ok"] is True
    else:
        assert set(body) == {"ok", "status", "error"}
        assert body["ok"] is False and body["status"] == response.status_code
        assert set(body["error"]) == {"code", "message", "message_en"}
        assert CJK.search(body["error"]["message"]), "the message users read must be Chinese"
        assert re.fullmatch(r"[a-z][a-z0-9_]*", body["error"]["code"])


def test_every_route_is_documented_and_tested(api_server: str) -> None:
    spec = httpx.get(f"{api_server}/openapi.json").json()
    tested = {re.sub(r"\?.*", "", c.get("path", "/sparql")) for c in CASES}
    for route, operations in spec["paths"].items():
        for method, op in operations.items():
            assert op.get("summary") and op.get("description"), f"{method.upper()} {route} has no description"
        pattern = re.sub(r"\{[^}]+\}", "[^/]+", route)
        assert any(re.fullmatch(pattern, path) for path in tested), f"no case exercises {route}"


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    missing = tmp_path / "no-store"
    result = subprocess.run(
        [sys.executable, "-m", "kg.cli", "serve", "--store", str(missing), "--port", "1"],
        cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "不存在" in result.stderr and "qingdan build" in result.stderr
    assert not missing.exists()
