"""Write query results within limits: at most `max_rows` rows, at most `max_bytes` bytes.

pyoxigraph serialises a whole `QuerySolutions` at once and cannot serialise a part of one, so the
four SPARQL results formats (JSON, XML, CSV, TSV) are written here, row by row, stopping at the row
cap (the result is then complete up to that row and marked truncated). Graphs (CONSTRUCT, DESCRIBE)
go through pyoxigraph's own serialisers, fed with at most `max_rows` triples. Bytes are counted as
they are written: passing `max_bytes` raises `ResponseTooLarge` at once, so a huge result never
builds up in memory. Every writer is checked against pyoxigraph's parser in tests/test_sparql_results.py.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import IO, TypeVar, cast
from xml.sax.saxutils import escape, quoteattr

from pyoxigraph import BlankNode, Literal, NamedNode, QuerySolutions, RdfFormat, Triple, serialize

Term = NamedNode | BlankNode | Literal | Triple
T = TypeVar("T")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"

RESULTS_MEDIA = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}


class ResponseTooLarge(Exception):
    """The serialised result passed the byte cap."""


class BoundedBuffer(io.RawIOBase):
    """A bytes sink that raises `ResponseTooLarge` as soon as more than `limit` bytes are written."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self._parts: list[bytes] = []
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        chunk = bytes(data)
        self.size += len(chunk)
        if self.size > self.limit:
            raise ResponseTooLarge(f"{self.size} > {self.limit}")
        self._parts.append(chunk)
        return len(chunk)

    def text(self, s: str) -> None:
        self.write(s.encode("utf-8"))

    def getvalue(self) -> bytes:
        return b"".join(self._parts)


@dataclass(frozen=True)
class Written:
    body: bytes
    rows: int
    truncated: bool


def write_solutions(solutions: QuerySolutions, fmt: str, max_rows: int, max_bytes: int) -> Written:
    """Serialise at most `max_rows` solutions in `fmt` (json, xml, csv, tsv)."""
    names = [v.value for v in solutions.variables]
    rows, truncated = _capped((tuple(cast(Term | None, s[n]) for n in names) for s in solutions), max_rows)
    out = BoundedBuffer(max_bytes)
    count = _WRITERS[fmt](out, names, rows)
    return Written(out.getvalue(), count, truncated())


def write_triples(triples: Iterable[Triple], fmt: RdfFormat, max_rows: int, max_bytes: int,
                  prefixes: dict[str, str] | None = None) -> Written:
    counted, truncated = _capped(triples, max_rows)
    n = 0

    def each() -> Iterator[Triple]:
        nonlocal n
        for t in counted:
            n += 1
            yield t

    out = BoundedBuffer(max_bytes)
    serialize(each(), cast(IO[bytes], out), format=fmt, prefixes=prefixes)
    return Written(out.getvalue(), n, truncated())


def _capped(items: Iterable[T], limit: int) -> tuple[Iterator[T], Callable[[], bool]]:
    """The first `limit` items, and a function telling afterwards whether there were more."""
    source = iter(items)
    more = False

    def take() -> Iterator[T]:
        nonlocal more
        yield from islice(source, limit)
        more = next(source, None) is not None

    return take(), lambda: more


Row = tuple[Term | None, ...]


def _json(out: BoundedBuffer, names: list[str], rows: Iterator[Row]) -> int:
    out.text('{"head":{"vars":' + json.dumps(names, separators=(",", ":")) + '},"results":{"bindings":[')
    n = 0
    for row in rows:
        binding = {name: _json_term(t) for name, t in zip(names, row, strict=True) if t is not None}
        out.text(("," if n else "") + json.dumps(binding, ensure_ascii=False, separators=(",", ":")))
        n += 1
    out.text("]}}")
    return n


def _json_term(t: Term) -> dict[str, object]:
    if isinstance(t, NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, Triple):
        return {"type": "triple", "value": {"subject": _json_term(t.subject), "predicate": _json_term(t.predicate),
                                            "object": _json_term(t.object)}}
    term: dict[str, object] = {"type": "literal", "value": t.value}
    if t.language:
        term["xml:lang"] = t.language
        if t.direction is not None:
            term["its:dir"] = str(t.direction)
    elif t.datatype.value != XSD_STRING:
        term["datatype"] = t.datatype.value
    return term


def _xml(out: BoundedBuffer, names: list[str], rows: Iterator[Row]) -> int:
    head = "".join(f"<variable name={quoteattr(n)}/>" for n in names)
    out.text(f'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>{head}</head>'
             "<results>")
    n = 0
    for row in rows:
        cells = "".join(f"<binding name={quoteattr(name)}>{_xml_term(t)}</binding>"
                        for name, t in zip(names, row, strict=True) if t is not None)
        out.text(f"<result>{cells}</result>")
        n += 1
    out.text("</results></sparql>")
    return n


def _xml_term(t: Term) -> str:
    if isinstance(t, NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if isinstance(t, Triple):
        return (f"<triple><subject>{_xml_term(t.subject)}</subject><predicate>{_xml_term(t.predicate)}</predicate>"
                f"<object>{_xml_term(t.object)}</object></triple>")
    if t.language:
        return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
    if t.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
    return f"<literal>{escape(t.value)}</literal>"


def _csv(out: BoundedBuffer, names: list[str], rows: Iterator[Row]) -> int:
    line = io.StringIO()
    writer = csv.writer(line, lineterminator="\r\n")

    def emit(cells: list[str]) -> None:
        line.seek(0)
        line.truncate()
        writer.writerow(cells)
        out.text(line.getvalue())

    emit(names)
    n = 0
    for row in rows:
        emit([_csv_term(t) for t in row])
        n += 1
    return n


def _csv_term(t: Term | None) -> str:
    if t is None:
        return ""
    if isinstance(t, BlankNode):
        return f"_:{t.value}"
    if isinstance(t, NamedNode | Literal):
        return t.value
    return str(t)


def _tsv(out: BoundedBuffer, names: list[str], rows: Iterator[Row]) -> int:
    out.text("\t".join(f"?{n}" for n in names) + "\n")
    n = 0
    for row in rows:
        out.text("\t".join("" if t is None else str(t) for t in row) + "\n")
        n += 1
    return n


_WRITERS: dict[str, Callable[[BoundedBuffer, list[str], Iterator[Row]], int]] = {
    "json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv,
}
