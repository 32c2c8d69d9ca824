"""Every SPARQL file of the project parses, and none puts a required triple pattern after an OPTIONAL
in the same group.

Why the second rule: Oxigraph evaluates a group left to right, so required patterns written after an
OPTIONAL are evaluated on their own and joined afterwards. `kg.impact` once took 406 s that way
(1 s with the required patterns first), and the township statistics query behind the endpoint
benchmark 1.7 times longer. The rule is checked on rdflib's parse tree of each file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pyparsing import ParseResults
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

from kg.vocab import SPARQL_PREFIXES

ROOT = Path(__file__).resolve().parents[1]
QUERY_FILES = sorted(ROOT.glob("kg/**/*.rq"))


def late_required_patterns(node: object) -> Iterator[str]:
    """The triple blocks that follow an OPTIONAL in their group, as text, anywhere in the parse tree."""
    if isinstance(node, CompValue):
        if node.name == "GroupGraphPatternSub":
            after_optional = False
            for part in node.get("part") or []:
                if part.name == "OptionalGraphPattern":
                    after_optional = True
                elif part.name == "TriplesBlock" and after_optional:
                    yield " ".join(str(t) for triple in part["triples"] for t in triple)
        for value in node.values():
            yield from late_required_patterns(value)
    elif isinstance(node, list | tuple | ParseResults):
        for value in node:
            yield from late_required_patterns(value)


def test_there_are_query_files() -> None:
    assert len(QUERY_FILES) > 20


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_required_patterns_come_before_optionals(path: Path) -> None:
    tree = parseQuery(SPARQL_PREFIXES + path.read_text(encoding="utf-8"))
    assert list(late_required_patterns(tree)) == []


def test_the_rule_sees_a_late_required_pattern() -> None:
    text = "SELECT * WHERE { ?a qd:p ?b . OPTIONAL { ?a qd:q ?c } ?a qd:r ?d }"
    assert len(list(late_required_patterns(parseQuery(SPARQL_PREFIXES + text)))) == 1
