"""SPARQL 1.1 Service Description of the endpoint, answered on GET /sparql without a query.

It says what a client needs before its first query: the endpoint, the language (query only, no
update), the result formats, that the default graph is the union of the named graphs
(sd:UnionDefaultGraph), and which named graphs there are.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pyoxigraph import BlankNode, NamedNode, Triple

from kg.vocab import RDF, Namespace

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

# W3C format IRIs (https://www.w3.org/ns/formats/) of what the endpoint can answer in.
RESULT_FORMATS = (
    "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
    "Turtle", "N-Triples", "RDF_XML", "JSON-LD",
)  # fmt: skip


def description_triples(endpoint: str, named_graphs: Iterable[NamedNode]) -> Iterator[Triple]:
    service = NamedNode(endpoint)
    dataset, default_graph = BlankNode(), BlankNode()
    yield Triple(service, RDF.type, SD.Service)
    yield Triple(service, SD.endpoint, service)
    yield Triple(service, SD.supportedLanguage, SD.SPARQL11Query)
    yield Triple(service, SD.feature, SD.UnionDefaultGraph)
    for name in RESULT_FORMATS:
        yield Triple(service, SD.resultFormat, FORMATS[name])
    yield Triple(service, SD.defaultDataset, dataset)
    yield Triple(dataset, RDF.type, SD.Dataset)
    yield Triple(dataset, SD.defaultGraph, default_graph)
    yield Triple(default_graph, RDF.type, SD.Graph)
    for graph in named_graphs:
        node = BlankNode()
        yield Triple(dataset, SD.namedGraph, node)
        yield Triple(node, RDF.type, SD.NamedGraph)
        yield Triple(node, SD.name, graph)
