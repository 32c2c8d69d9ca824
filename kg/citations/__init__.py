"""The citation engine: 设定依据 text → citations → statute, version and provision.

A pipeline of small stages (after eyecite): `normalize` → `parse` (`parse_basis`) → `resolve`
(`Resolver`). Vocabulary and patterns live in kg/resources/citation_*.toml.
"""

from kg.citations.parse import CitationRef, basis_is_empty, parse_basis
from kg.citations.resolve import Resolver
from kg.laws.index import CorpusIndex

__all__ = ["CitationRef", "CorpusIndex", "Resolver", "basis_is_empty", "parse_basis"]
