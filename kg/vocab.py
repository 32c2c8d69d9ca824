"""Namespaces and the project's own terms, as pyoxigraph nodes.

The ontology itself is data (`ontology/qingdan.ttl`); this module only names its terms so code never
spells an IRI by hand. A test checks that every term used here is declared in the ontology.
"""

from __future__ import annotations

from pyoxigraph import NamedNode


class Namespace:
    def __init__(self, iri: str) -> None:
        self.iri = iri

    def __getattr__(self, name: str) -> NamedNode:
        return NamedNode(self.iri + name)

    def __getitem__(self, name: str) -> NamedNode:
        return NamedNode(self.iri + name)


QD_NS = "https://qingdan.example/ns#"
QD = Namespace(QD_NS)
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

PREFIXES: dict[str, str] = {
    "qd": QD_NS,
    "eli": ELI.iri,
    "org": ORG.iri,
    "skos": SKOS.iri,
    "prov": PROV.iri,
    "dcterms": DCTERMS.iri,
    "rdf": RDF.iri,
    "rdfs": RDFS.iri,
    "xsd": XSD.iri,
}

SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
