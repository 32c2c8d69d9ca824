"""Small constructors for RDF terms, so mapping code reads as triples and not as plumbing."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Triple

from kg.vocab import RDF, XSD, Namespace

Subject = NamedNode
Object = NamedNode | Literal


def text(value: str) -> Literal:
    return Literal(value)


def zh(value: str) -> Literal:
    return Literal(value, language="zh")


class Terms:
    """A namespace whose terms are made once: after its first use a term is a plain attribute.

    Mapping code states millions of triples; `kg.vocab.Namespace` makes a new NamedNode each time."""

    def __init__(self, namespace: Namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        node = self._namespace[name]
        setattr(self, name, node)
        return node

    def __getitem__(self, name: str) -> NamedNode:
        node: NamedNode = getattr(self, name)
        return node


_RDF_TYPE = RDF.type
_XSD_INTEGER = XSD.integer


@lru_cache(maxsize=4096)
def integer(value: int) -> Literal:
    return Literal(str(value), datatype=_XSD_INTEGER)


@lru_cache(maxsize=1024)
def label(value: str) -> Literal:
    """A short text that recurs (a status, a kind, a level): made once."""
    return Literal(value)


def decimal(value: float) -> Literal:
    return Literal(f"{value:.3f}", datatype=XSD.decimal)


def day(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def instant(value: datetime) -> Literal:
    return Literal(value.isoformat(timespec="seconds"), datatype=XSD.dateTime)


def a(subject: Subject, cls: NamedNode) -> Triple:
    return Triple(subject, _RDF_TYPE, cls)


def optional(subject: Subject, predicate: NamedNode, value: Object | None) -> list[Triple]:
    """Zero or one triple: absent values are simply not stated (open world), never empty strings."""
    if value is None or (isinstance(value, Literal) and value.value == ""):
        return []
    return [Triple(subject, predicate, value)]


def stated(subject: Subject, predicate: NamedNode, value: str | None) -> list[Triple]:
    """`optional(subject, predicate, maybe_text(value))` without reading the literal back: zero or
    one triple of a plain text, none when the text is absent or empty."""
    return [Triple(subject, predicate, Literal(value))] if value else []


def maybe_text(value: str | None) -> Literal | None:
    return text(value) if value else None
