"""Small constructors for RDF terms, so mapping code reads as triples and not as plumbing."""

from __future__ import annotations

from datetime import date, datetime

from pyoxigraph import Literal, NamedNode, Triple

from kg.vocab import RDF, XSD

Subject = NamedNode
Object = NamedNode | Literal


def text(value: str) -> Literal:
    return Literal(value)


def zh(value: str) -> Literal:
    return Literal(value, language="zh")


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def decimal(value: float) -> Literal:
    return Literal(f"{value:.3f}", datatype=XSD.decimal)


def day(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def instant(value: datetime) -> Literal:
    return Literal(value.isoformat(timespec="seconds"), datatype=XSD.dateTime)


def a(subject: Subject, cls: NamedNode) -> Triple:
    return Triple(subject, RDF.type, cls)


def optional(subject: Subject, predicate: NamedNode, value: Object | None) -> list[Triple]:
    """Zero or one triple: absent values are simply not stated (open world), never empty strings."""
    if value is None or (isinstance(value, Literal) and value.value == ""):
        return []
    return [Triple(subject, predicate, value)]


def maybe_text(value: str | None) -> Literal | None:
    return text(value) if value else None
