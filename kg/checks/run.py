"""Run the registered checks over a store and return findings users can act on.

`run_checks(store, *, kinds=None, county=None, township=None)` runs every check of the registry (or
the named `kinds`) over the whole graph — checks that compare townships need the whole county — and
then keeps the findings of the given county or township. Findings that belong to no township
(`uncited_statute`) are kept only when no county or township is given.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode

from kg.checks.model import CheckInput, ClauseRules, Finding, Hit, ItemContext
from kg.checks.registry import BY_KIND, CHECKS, KINDS, Check
from kg.checks.steps import STEPS
from kg.checks.structural import FUNCTIONS
from kg.config import Settings
from kg.iris import parse_item_id
from kg.matching import load_catalogue
from kg.model import ListKind
from kg.organizations import name_separator_class
from kg.remote_store import with_bindings
from kg.store import Store, Term, select
from kg.vocab import QD_NS, SPARQL_PREFIXES

_KIND_ORDER = {k: n for n, k in enumerate(KINDS)}
_LIST_ORDER = {k.value: n for n, k in enumerate(ListKind)}


class UnknownCheck(ValueError):
    """A check kind that is not in the registry; the message is for users (Chinese)."""


@cache
def check_query(name: str) -> str:
    """The query `kg/checks/queries/{name}.rq`, prefixes included."""
    text = files("kg.checks").joinpath("queries", f"{name}.rq").read_text(encoding="utf-8")
    return SPARQL_PREFIXES + text


def run_checks(
    store: Store,
    *,
    kinds: Iterable[str] | None = None,
    county: str | None = None,
    township: str | None = None,
    data_dir: Path | None = None,
) -> list[Finding]:
    """Findings of the selected checks, in township, list, row and kind order. `data_dir` holds
    `catalogue/negative_list.csv` (default: the configured data directory)."""
    checks = _selected(kinds)
    items = {i.iri: i for i in item_contexts(store)}
    data: CheckInput | None = None
    findings: list[Finding] = []
    for check in checks:
        if check.function is not None:
            data = data or _check_input(store, items, data_dir or Settings.from_env().data_dir)
            hits: Iterable[Hit] = FUNCTIONS[check.function](data)
        else:
            hits = _query_hits(store, check)
        findings.extend(finding(check, hit, items.get(hit.subject)) for hit in hits)
    kept = [f for f in findings if _in_scope(f, county, township)]
    return sorted(kept, key=_order)


def _selected(kinds: Iterable[str] | None) -> tuple[Check, ...]:
    if kinds is None:
        return CHECKS
    wanted = list(kinds)
    unknown = [k for k in wanted if k not in BY_KIND]
    if unknown:
        raise UnknownCheck(f"没有名为“{'、'.join(unknown)}”的检查。可用的检查：{'、'.join(KINDS)}。")
    return tuple(c for c in CHECKS if c.kind in wanted)


def _in_scope(f: Finding, county: str | None, township: str | None) -> bool:
    if county is None and township is None:
        return True
    code = f.township_code
    if code is None:
        return False
    return (county is None or code.startswith(county)) and (township is None or code == township)


def _order(f: Finding) -> tuple[str, int, int, int, str]:
    return (f.township_code or "~", _LIST_ORDER.get(f.list or "", 9), f.row or 0, _KIND_ORDER[f.kind], f.subject_key)


# --- reading the graph


def _value(term: Term | None) -> str | None:
    if isinstance(term, (Literal, NamedNode)):
        return term.value
    return None


def item_contexts(store: Store) -> list[ItemContext]:
    """The context of every duty item in the store (five simple queries joined here by hash; township,
    list kind and ordinal are read from the item's IRI, which also tells items from other nodes)."""
    files = {_value(r["source"]): _value(r["file"]) for r in select(store, check_query("item_sources"))}
    lists = {
        (_value(r["township_code"]), (_value(r["kind"]) or "").removeprefix(QD_NS)):
            (_value(r["township"]) or "", files.get(_value(r["source"])), _value(r["sheet"]))
        for r in select(store, check_query("item_lists"))
    }
    codes = {_value(r["item"]): _value(r["code"]) for r in select(store, check_query("item_matches"))}
    leads = _item_leads(store)
    no_lead: tuple[tuple[str, ...], str | None, tuple[str, ...]] = ((), None, ())
    contexts = []
    for row in select(store, check_query("item_context")):
        iri = _value(row["item"]) or ""
        base, _, ident = iri.rpartition("/item/")
        parsed = parse_item_id(ident) if base else None
        lst = lists.get((parsed[0], parsed[1].value)) if parsed else None
        if parsed is None or lst is None:
            continue
        lead_set, lead_text, lead_names = leads.get(iri, no_lead)
        contexts.append(ItemContext(
            iri=iri,
            id=ident,
            township_code=parsed[0],
            township=lst[0],
            kind=parsed[1],
            ordinal=parsed[2],
            name=_value(row["name"]) or "",
            source_file=lst[1],
            sheet=lst[2],
            row=int(_value(row["row"]) or 0) or None,
            code=codes.get(iri),
            leads=lead_set,
            lead_text=lead_text,
            lead_names=lead_names,
        ))
    return contexts


def _item_leads(store: Store) -> dict[str, tuple[tuple[str, ...], str | None, tuple[str, ...]]]:
    """Per item naming a lead department: the recognised departments (sorted IRIs), the text as
    written, and the departments' names in the same order."""
    texts: dict[str, str | None] = {}
    names: dict[str, dict[str, str]] = {}
    for r in select(store, check_query("item_leads")):
        item, lead = _value(r["item"]), _value(r["lead"])
        if item is None:
            continue
        texts[item] = _value(r["lead_text"])
        found = names.setdefault(item, {})
        if lead is not None:
            found.setdefault(lead, _value(r["lead_name"]) or "")
    return {
        item: (tuple(sorted(names[item])), text, tuple(names[item][d] for d in sorted(names[item])))
        for item, text in texts.items()
    }


def _check_input(store: Store, items: Mapping[str, ItemContext], data_dir: Path) -> CheckInput:
    rows = select(store, check_query("negative_catalogue"))
    negative = {_value(r["code"]) or "": _value(r["catalogue_name"]) or "" for r in rows}
    patterns = load_catalogue(data_dir / "catalogue").negative_patterns
    descriptions: dict[str, list[tuple[str, str]]] = {}
    for r in select(store, check_query("item_descriptions")):
        item, cell, text = _value(r["item"]), _value(r["cell"]), _value(r["text"])
        if item is not None and item in items and cell and text:
            descriptions.setdefault(item, []).append((cell, text))
    return CheckInput(
        tuple(items.values()), patterns, negative,
        {item: tuple(sorted(cells)) for item, cells in descriptions.items()},
        _clause_rules(),
    )


def _clause_rules() -> ClauseRules:
    rules = _check_vocab()["negative_list"]
    return ClauseRules(tuple(rules["clause_separators"]), tuple(rules["negations"]))


@cache
def _check_vocab() -> dict[str, Any]:
    return tomllib.loads(files("kg.resources").joinpath("checks.toml").read_text(encoding="utf-8"))


def _query_hits(store: Store, check: Check) -> Iterator[Hit]:
    """Each row of the check's query as a hit: `?item` (or `?subject`) is the subject, `?key`
    distinguishes several hits on one subject, other IRIs are related nodes, literals are values."""
    assert check.query is not None
    hits = _rows_as_hits(check, select(store, _query_text(check.query)))
    return STEPS[check.then](hits) if check.then else hits


@cache
def _query_text(name: str) -> str:
    """The check's query with the values it is given (`?separators` of unknown_organization: the
    marks between names in one cell, as a regex class, from kg/resources/organization_names.toml).
    They are bound in the text as the remote store binds (`with_bindings`: terms serialised by
    pyoxigraph, a VALUES block keeps the variable): a pattern bound by substitution is compiled again
    for every row, 10 s instead of 0.2 s over the province's cells."""
    bindings = {"separators": Literal(name_separator_class())} if name == "unknown_organization" else {}
    return with_bindings(check_query(name), bindings)


def _rows_as_hits(check: Check, rows: Iterable[Mapping[str, Term | None]]) -> Iterator[Hit]:
    for row in rows:
        subject = row.get("item") or row.get("subject")
        if not isinstance(subject, NamedNode):
            continue
        values = {k: t.value for k, t in row.items() if isinstance(t, Literal)}
        related = tuple(t.value for k, t in row.items() if isinstance(t, NamedNode) and k not in ("item", "subject"))
        yield Hit(subject.value, _subject_key(check, subject.value, values), values, related)


def _subject_key(check: Check, subject: str, values: Mapping[str, str]) -> str:
    if "/item/" in subject:
        base = subject.rpartition("/item/")[2]
        return f"{base}.{values['key']}" if "key" in values else base
    if check.kind == "missing_mandatory":
        return f"{values.get('township_code', '')}.{values.get('code', '')}"
    return subject.rpartition("/")[2]


# --- findings


class _Blank(dict[str, str]):
    """Template values where a missing field renders as empty text."""

    def __missing__(self, key: str) -> str:
        return ""


def finding(check: Check, hit: Hit, item: ItemContext | None) -> Finding:
    values = _Blank({**hit.values, **_hints(check.kind, hit.values)})
    if item is not None:
        values.update(item=item.name, township=item.township, list_label=item.kind.label_zh)
    return Finding(
        kind=check.kind,
        severity=check.severity.value,
        township_code=item.township_code if item else hit.values.get("township_code"),
        township=item.township if item else hit.values.get("township"),
        list=item.kind.value if item else None,
        item=item.name if item else hit.values.get("catalogue_name") or hit.values.get("title"),
        source_file=item.source_file if item else None,
        sheet=item.sheet if item else None,
        row=item.row if item else None,
        message=check.explanation_zh.format_map(values),
        fix=check.fix_zh.format_map(values),
        subject=hit.subject,
        related=hit.related,
        subject_key=hit.key,
    )


@cache
def _status_labels() -> dict[str, str]:
    raw = tomllib.loads(files("kg.resources").joinpath("citation_status.toml").read_text(encoding="utf-8"))
    return {code: str(entry["label"]) for code, entry in raw.items()}


def _hints(kind: str, v: Mapping[str, str]) -> dict[str, str]:
    """Optional sentence parts, present only when the graph states the fact they need."""
    hints = {
        "candidate_hint": f"可能是指《{v['candidate']}》。" if v.get("candidate") else "",
        "count_hint": f"该版本共{v['count']}条。" if v.get("count") else "",
        "repeal_hint": (f"在清单发布时已废止（{v['until']}起失效）" if v.get("until")
                        else "已失效，失效日期不详，请核实清单发布时是否仍然有效"),
        "effective_hint": f"（{v['effective']}起施行）" if v.get("effective") else "",
        "status_label": _status_labels().get(v.get("status", ""), ""),
        "cell_hint": f"（原文“{v['cell']}”）" if kind == "unknown_organization" and v.get("cell") else "",
        "matched_hint": f"（{v['cell']}写明“{v['clause']}”）" if v.get("clause") else "",
        "basis_hint": f"（所填为“{v['basis'].strip()}”）" if v.get("basis", "").strip() else "",
    }
    if not v.get("date"):
        hints["date"] = "所引"
    if kind == "superseded_version" and not v.get("current_date"):
        hints["current_date"] = "更新的"
    return hints


def summary(findings: Sequence[Finding]) -> dict[str, dict[str, int]]:
    """Counts of findings by kind and county code (`""` for findings without a township)."""
    counts: dict[str, dict[str, int]] = {}
    for f in findings:
        county = (f.township_code or "")[:6]
        counts.setdefault(f.kind, {}).setdefault(county, 0)
        counts[f.kind][county] += 1
    return counts
