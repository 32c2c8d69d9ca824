"""Real SPARQL clients against the endpoint of a real `qingdan serve`: SPARQLWrapper and rdflib's
SPARQLStore, over HTTP, the way other systems will call it."""

from __future__ import annotations

from typing import Any

import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore

SPARQLWrapper = pytest.importorskip("SPARQLWrapper", reason="SPARQLWrapper (test extra) is not installed")

COUNT_ITEMS = "PREFIX qd: <https://qingdan.example/ns#> SELECT (COUNT(?i) AS ?n) WHERE { ?i a qd:DutyItem }"
ASK_SUPERSEDED = 'PREFIX qd: <https://qingdan.example/ns#> ASK { ?c qd:status "superseded" }'
CONSTRUCT_TITLES = (
    "PREFIX qd: <https://qingdan.example/ns#> PREFIX dcterms: <http://purl.org/dc/terms/> "
    "CONSTRUCT { ?i dcterms:title ?n } WHERE { ?i a qd:DutyItem ; dcterms:title ?n }"
)
DUTY_ITEM = URIRef("https://qingdan.example/ns#DutyItem")

# (method, return format, query, expected): what SPARQLWrapper's convert() gives, reduced to a value.
WRAPPER_CASES = [
    ("GET", "json", COUNT_ITEMS, 8),
    ("POST", "json", COUNT_ITEMS, 8),
    ("GET", "xml", COUNT_ITEMS, 8),
    ("GET", "json", ASK_SUPERSEDED, True),
    ("POST", "xml", ASK_SUPERSEDED, True),
    ("GET", "turtle", CONSTRUCT_TITLES, 8),
    ("POST", "xml", CONSTRUCT_TITLES, 8),
    ("GET", "json-ld", CONSTRUCT_TITLES, 8),
]


def _reduce(converted: Any) -> Any:
    if isinstance(converted, Graph):
        return len(converted)
    if isinstance(converted, dict):
        if "boolean" in converted:
            return converted["boolean"]
        return int(converted["results"]["bindings"][0]["n"]["value"])
    if isinstance(converted, bytes | str):
        return len(Graph().parse(data=converted, format="turtle"))
    doc = converted  # xml.dom.minidom Document
    booleans = doc.getElementsByTagName("boolean")
    if booleans:
        return booleans[0].firstChild.data == "true"
    return int(doc.getElementsByTagName("literal")[0].firstChild.data)


@pytest.mark.parametrize(("method", "fmt", "query", "expected"), WRAPPER_CASES)
def test_sparqlwrapper(api_server: str, method: str, fmt: str, query: str, expected: Any) -> None:
    client = SPARQLWrapper.SPARQLWrapper(f"{api_server}/sparql")
    client.setMethod(method)
    client.setReturnFormat(fmt)
    client.setQuery(query)
    assert _reduce(client.query().convert()) == expected


def test_sparqlwrapper_sees_a_bad_query_as_a_bad_query(api_server: str) -> None:
    client = SPARQLWrapper.SPARQLWrapper(f"{api_server}/sparql")
    client.setQuery("SELEC ?x WHERE { ?x ?p ?o }")
    with pytest.raises(SPARQLWrapper.SPARQLExceptions.QueryBadFormed):
        client.query()


def test_rdflib_sparqlstore(api_server: str) -> None:
    graph = Graph(store=SPARQLStore(f"{api_server}/sparql", returnFormat="json"))
    rows = list(graph.query(COUNT_ITEMS))
    assert int(rows[0][0]) == 8
    assert graph.query(ASK_SUPERSEDED).askAnswer is True
    assert len(list(graph.triples((None, None, DUTY_ITEM)))) == 8
