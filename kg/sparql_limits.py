"""The limits of the public SPARQL endpoint, in one settings object read from the environment.

Datasette-style: every limit has a default, an environment variable and a line in docs/sparql.md (a
test fails when one is missing there). `SparqlLimits.from_env()` is read once when `qingdan serve`
starts; a malformed value is a `LimitsError` with a Chinese message naming the variable.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any


class LimitsError(ValueError):
    """An environment variable holds a value that is not a valid limit."""


@dataclass(frozen=True)
class SparqlLimits:
    """Limits of one endpoint. Metadata per field: the environment variable and what it means."""

    timeout_s: float = 30.0
    max_rows: int = 10_000
    max_request_bytes: int = 1_000_000
    max_response_bytes: int = 50_000_000
    workers: int = 2
    max_waiting: int = 8
    max_memory_mb: int = 4096
    max_query_depth: int = 200
    max_query_terms: int = 10_000

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SparqlLimits:
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for f in fields(cls):
            var = ENV_VARS[f.name]
            raw = env.get(var)
            if raw is None or not raw.strip():
                continue
            values[f.name] = _parse(var, raw.strip(), _PARSERS[f.name])
        return cls(**values)


ENV_VARS: dict[str, str] = {
    "timeout_s": "QINGDAN_SPARQL_TIMEOUT",
    "max_rows": "QINGDAN_SPARQL_MAX_ROWS",
    "max_request_bytes": "QINGDAN_SPARQL_MAX_REQUEST_BYTES",
    "max_response_bytes": "QINGDAN_SPARQL_MAX_RESPONSE_BYTES",
    "workers": "QINGDAN_SPARQL_WORKERS",
    "max_waiting": "QINGDAN_SPARQL_MAX_WAITING",
    "max_memory_mb": "QINGDAN_SPARQL_MAX_MEMORY_MB",
    "max_query_depth": "QINGDAN_SPARQL_MAX_QUERY_DEPTH",
    "max_query_terms": "QINGDAN_SPARQL_MAX_QUERY_TERMS",
}
"""Field of `SparqlLimits` → the environment variable that sets it."""

_PARSERS: dict[str, Callable[[str], float | int]] = {
    "timeout_s": float,
    "max_rows": int,
    "max_request_bytes": int,
    "max_response_bytes": int,
    "workers": int,
    "max_waiting": int,
    "max_memory_mb": int,
    "max_query_depth": int,
    "max_query_terms": int,
}


def _parse(var: str, raw: str, parser: Callable[[str], float | int]) -> float | int:
    try:
        value = parser(raw)
    except ValueError:
        raise LimitsError(f"环境变量 {var}=“{raw}”无效：应为正数。") from None
    if not value > 0:
        raise LimitsError(f"环境变量 {var}=“{raw}”无效：应大于 0。")
    return value
