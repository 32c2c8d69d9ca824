"""SPARQL queries as `.rq` files, one question per file, each opening with a comment that says which.

`load_query("trace_item")` returns the text of `kg/queries/trace_item.rq` with the project's
prefixes (`kg.vocab.SPARQL_PREFIXES`) declared in front, so a query runs unchanged on any SPARQL 1.1
store. Parameters are never formatted into the text: callers bind them as pyoxigraph substitutions.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from kg.vocab import SPARQL_PREFIXES


@cache
def load_query(name: str) -> str:
    """The query `name` (file name without `.rq`), prefixes included."""
    text = files(__name__).joinpath(f"{name}.rq").read_text(encoding="utf-8")
    return SPARQL_PREFIXES + text
