"""kg.sparql_results writes what pyoxigraph's own serialisers write: every format parsed back by
pyoxigraph gives the same solutions; the row cap cuts and says so; the byte cap raises."""

from __future__ import annotations

import csv
import io

import pytest
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    Quad,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Store,
    parse,
    parse_query_results,
)

from kg.sparql_results import ResponseTooLarge, write_solutions, write_triples

E = "http://e/"
FORMATS = {"json": QueryResultsFormat.JSON, "xml": QueryResultsFormat.XML,
           "csv": QueryResultsFormat.CSV, "tsv": QueryResultsFormat.TSV}
OBJECTS = [
    NamedNode(E + "o?a=1&b=2"),
    BlankNode("b1"),
    Literal("plain, with \"quotes\"\nnew line\tand tab"),
    Literal("中文", language="zh"),
    Literal("42", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    Literal("<&>"),
]


@pytest.fixture(scope="module")
def store() -> Store:
    s = Store()
    for n, o in enumerate(OBJECTS):
        s.add(Quad(NamedNode(f"{E}s{n}"), NamedNode(E + "p"), o))
    return s


QUERY = "SELECT ?s ?o ?unbound WHERE { ?s ?p ?o } ORDER BY ?s"


def rows(solutions: QuerySolutions) -> list[tuple[str | None, ...]]:
    """Solutions as comparable tuples of N-Triples terms."""
    names = [v.value for v in solutions.variables]
    out = []
    for s in solutions:
        cells = [s[n] for n in names]
        out.append(tuple(None if c is None else str(c) for c in cells))
    return out


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_solutions_as_pyoxigraph(store: Store, fmt: str) -> None:
    ours = write_solutions(store.query(QUERY), fmt, max_rows=100, max_bytes=10**6)
    theirs = store.query(QUERY).serialize(format=FORMATS[fmt]) or b""
    assert ours.rows == len(OBJECTS) and not ours.truncated
    if fmt == "csv":  # pyoxigraph cannot parse CSV results (lossy): the bytes must be the same
        assert ours.body == theirs
        return
    mine = parse_query_results(ours.body, format=FORMATS[fmt])
    reference = parse_query_results(theirs, format=FORMATS[fmt])
    assert isinstance(mine, QuerySolutions) and isinstance(reference, QuerySolutions)
    assert [v.value for v in mine.variables] == ["s", "o", "unbound"]
    assert rows(mine) == rows(reference)


@pytest.mark.parametrize("fmt", FORMATS)
def test_row_cap_cuts_and_says_so(store: Store, fmt: str) -> None:
    cut = write_solutions(store.query(QUERY), fmt, max_rows=2, max_bytes=10**6)
    assert cut.rows == 2 and cut.truncated
    if fmt == "csv":
        assert len(list(csv.reader(io.StringIO(cut.body.decode())))) == 3  # header and two rows
    else:
        assert len(list(parse_query_results(cut.body, format=FORMATS[fmt]))) == 2  # type: ignore[arg-type]
    exact = write_solutions(store.query(QUERY), fmt, max_rows=len(OBJECTS), max_bytes=10**6)
    assert not exact.truncated


def test_triples_cut_and_parse_back(store: Store) -> None:
    cut = write_triples(store.query("CONSTRUCT WHERE { ?s ?p ?o }"), RdfFormat.TURTLE, 3, 10**6)  # type: ignore[arg-type]
    assert cut.rows == 3 and cut.truncated
    assert len(list(parse(cut.body, format=RdfFormat.TURTLE))) == 3


@pytest.mark.parametrize("fmt", FORMATS)
def test_byte_cap_raises(store: Store, fmt: str) -> None:
    with pytest.raises(ResponseTooLarge):
        write_solutions(store.query(QUERY), fmt, max_rows=100, max_bytes=100)
