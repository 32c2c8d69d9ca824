"""What the endpoint must know about a query's text before it is evaluated, found by a tokenizer.

- `is_update`: the request is a SPARQL UPDATE (refused on the public endpoint);
- `uses_service`: the query contains a federated `SERVICE` (refused BEFORE evaluation: pyoxigraph
  would otherwise open an HTTP connection to any address the caller names);
- `query_dataset`: the graphs named by the query's own FROM / FROM NAMED clauses, so that the
  endpoint can apply them exactly (the union default graph would otherwise hide them);
- `query_size`: how deep the query nests and how many terms it has outside VALUES blocks. pyoxigraph
  parses and evaluates recursively and a deep or long enough query overflows its stack (measured on
  0.5: 5,000 nested braces, 10,000 `!` or a chain of 10,000 `||` end the process with SIGSEGV), so
  the endpoint refuses such queries before they reach it.

Strings, IRIs, comments, language tags, variables and prefixed names are tokens of their own, so
the word SERVICE inside `"…"`, `<…>`, `?service` or `ex:SERVICE` is not mistaken for the keyword.
`\\uXXXX` escapes are decoded as well and the decoded text checked too: the SPARQL grammar allows
them anywhere, and refusing a harmless query is better than following a hidden SERVICE.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin

_TOKEN = re.compile(
    r"""(?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
        |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
      |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      |(?P<comment>\#[^\n\r]*)
      |(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
      |(?P<var>[?$][\w\u00B7\u0300-\u036F\u203F\u2040]+)
      |(?P<pname>(?:[^\W\d][\w.-]*)?:[\w.:%\\-]*)
      |(?P<word>[^\W\d][\w-]*)
      |(?P<space>\s+)
      |(?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})


@dataclass(frozen=True)
class Token:
    kind: str
    text: str

    def is_kw(self, *words: str) -> bool:
        return self.kind == "word" and self.text.upper() in words


@dataclass(frozen=True)
class Dataset:
    """IRIs of an RDF dataset: the graphs merged into the default graph, and the named graphs."""

    default: tuple[str, ...]
    named: tuple[str, ...]


def iter_tokens(sparql: str) -> Iterator[Token]:
    """Significant tokens, lazily: no white space, no comments."""
    found = (Token(str(m.lastgroup), m.group()) for m in _TOKEN.finditer(sparql))
    return (t for t in found if t.kind not in ("space", "comment"))


def tokens(sparql: str) -> list[Token]:
    return list(iter_tokens(sparql))


def _decoded(sparql: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), sparql)


def _variants(sparql: str) -> list[Iterator[Token]]:
    decoded = _decoded(sparql)
    return [iter_tokens(sparql)] if decoded == sparql else [iter_tokens(sparql), iter_tokens(decoded)]


def _may_hold(sparql: str, words: Iterable[str]) -> bool:
    """Cheap pre-check before tokenizing: can any of `words` (upper case) be in the text at all?
    Without a `\\u` escape a keyword must appear literally, in any case."""
    if "\\u" in sparql or "\\U" in sparql:
        return True
    upper = sparql.upper()
    return any(w in upper for w in words)


def uses_service(sparql: str) -> bool:
    """True when the keyword SERVICE occurs, as written or after decoding `\\u` escapes."""
    if not _may_hold(sparql, ("SERVICE",)):
        return False
    return any(t.is_kw("SERVICE") for toks in _variants(sparql) for t in toks)


def is_update(sparql: str) -> bool:
    """True when the first keyword after the prologue (BASE, PREFIX) starts an update operation."""
    if not _may_hold(sparql, UPDATE_KEYWORDS):
        return False
    return any(_first_keyword(toks) in UPDATE_KEYWORDS for toks in _variants(sparql))


@dataclass(frozen=True)
class QuerySize:
    """`depth`: the deepest nesting of `(`, `[` and `{`, a run of prefix operators (`!`, `-`, `+`,
    `^`) counting as that many more levels. `terms`: significant tokens outside VALUES blocks (a
    VALUES block is a flat table however long it is)."""

    depth: int
    terms: int


_OPENERS, _CLOSERS, _PREFIX_OPERATORS = frozenset("([{"), frozenset(")]}"), frozenset("!-+^")


def query_size(sparql: str) -> QuerySize:
    """The size of the query as written and, when it holds `\\u` escapes, as decoded; the larger."""
    sizes = [_size(toks) for toks in _variants(sparql)]
    return QuerySize(max(s.depth for s in sizes), max(s.terms for s in sizes))


def _size(toks: Iterator[Token]) -> QuerySize:
    depth = deepest = terms = run = 0
    values_at: int | None = None
    for t in toks:
        symbol = t.text if t.kind == "other" else ""
        run = run + 1 if symbol in _PREFIX_OPERATORS else 0
        if symbol in _OPENERS:
            depth += 1
        elif symbol in _CLOSERS:
            depth = max(depth - 1, 0)
        deepest = max(deepest, depth + run)
        if values_at is None:
            terms += 1
            if t.is_kw("VALUES"):
                values_at = depth
        elif symbol == "}" and depth == values_at:
            values_at = None
    return QuerySize(deepest, terms)


def _first_keyword(toks: Iterator[Token]) -> str | None:
    """The first token after the prologue, read lazily: the rest of the text is never tokenized."""
    for t in toks:
        if t.is_kw("BASE"):
            next(toks, None)
        elif t.is_kw("PREFIX"):
            next(toks, None)
            next(toks, None)
        else:
            return t.text.upper() if t.kind == "word" else None
    return None


def query_dataset(sparql: str, predeclared: Mapping[str, str]) -> Dataset | None:
    """The dataset of the query's FROM / FROM NAMED clauses, or None when it has none.

    Prefixed names are expanded with the query's PREFIX declarations over `predeclared`; relative
    IRIs are resolved against the query's BASE. A clause that cannot be resolved is left out — the
    query then fails to parse in pyoxigraph and the caller gets its message.
    """
    if not _may_hold(sparql, ("FROM",)):
        return None
    toks = tokens(sparql)
    prefixes, base = dict(predeclared), ""
    default: list[str] = []
    named: list[str] = []
    for i, t in enumerate(toks):
        if t.is_kw("BASE") and i + 1 < len(toks) and toks[i + 1].kind == "iri":
            base = urljoin(base, toks[i + 1].text[1:-1])
        elif t.is_kw("PREFIX") and i + 2 < len(toks) and toks[i + 2].kind == "iri":
            prefixes[toks[i + 1].text.split(":")[0]] = urljoin(base, toks[i + 2].text[1:-1])
        elif t.is_kw("FROM") and i + 1 < len(toks):
            is_named = toks[i + 1].is_kw("NAMED")
            target = toks[i + 2] if is_named and i + 2 < len(toks) else toks[i + 1]
            iri = _resolve(target, prefixes, base)
            if iri is not None:
                (named if is_named else default).append(iri)
    if not default and not named:
        return None
    return Dataset(tuple(default), tuple(named))


def _resolve(token: Token, prefixes: Mapping[str, str], base: str) -> str | None:
    if token.kind == "iri":
        return urljoin(base, token.text[1:-1])
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    return None
