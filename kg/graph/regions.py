"""RDF for reference organisations: regions (province → township) and county departments/offices."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pyoxigraph import Triple

from kg.graph.terms import a, optional, text, zh
from kg.iris import Iris
from kg.model import Level, Organization, Region
from kg.vocab import ORG, QD, SKOS

_CLASS = {
    Level.PROVINCE: QD.Province,
    Level.CITY: QD.City,
    Level.COUNTY: QD.County,
    Level.TOWNSHIP: QD.Township,
}


def region_triples(regions: Iterable[Region], iris: Iris) -> Iterator[Triple]:
    for r in regions:
        node = iris.region(r.code)
        yield a(node, _CLASS[r.level])
        yield Triple(node, SKOS.prefLabel, zh(r.name))
        yield Triple(node, SKOS.notation, text(r.code))
        if r.parent_code:
            yield Triple(node, ORG.subOrganizationOf, iris.region(r.parent_code))
        if r.level is Level.TOWNSHIP and r.kind:
            yield Triple(node, QD.townshipKind, text(r.kind))


def organization_triples(orgs: Iterable[Organization], iris: Iris) -> Iterator[Triple]:
    for o in orgs:
        if o.township_code is not None:
            node = iris.office(o.township_code, o.name)
            yield a(node, QD.TownshipOffice)
            yield Triple(node, ORG.unitOf, iris.region(o.township_code))
        elif o.county_code is not None:
            node = iris.department(o.county_code, o.name)
            yield a(node, QD.CountyDepartment)
            yield Triple(node, ORG.subOrganizationOf, iris.region(o.county_code))
        else:
            continue
        yield Triple(node, SKOS.prefLabel, zh(o.name))
        for alias in o.aliases:
            yield from optional(node, SKOS.altLabel, zh(alias))
