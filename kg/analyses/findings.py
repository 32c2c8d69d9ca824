"""The findings the last build stored in the graph, placed in township, list and item.

The checks (kg.checks) run after every build and write their findings to `graph/findings`; reading
them back (kg/queries/analysis_findings.rq) takes a fraction of a second, where re-running every check
over a province takes much longer. Titles and severity labels come from the check registry.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from kg.analyses.data import AnalysisData
from kg.checks import CHECKS
from kg.iris import parse_item_id
from kg.queries import load_query
from kg.store import Store, Term, select

_ORDER = {c.kind: n for n, c in enumerate(CHECKS)}
TITLES = {c.kind: c.title_zh for c in CHECKS}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass(frozen=True)
class StoredFinding:
    kind: str
    title: str
    severity: str
    county_code: str | None
    county: str | None
    township_code: str | None
    township: str | None
    list: str | None
    item_id: str | None
    item: str | None
    message: str
    fix: str


def stored_findings(store: Store, data: AnalysisData) -> list[StoredFinding]:
    """Every stored finding, by township, list, item and kind; findings about no township last."""
    items = {(i.township_code, i.kind.value, i.ordinal): i for i in data.items}
    found = []
    for r in select(store, load_query("analysis_findings")):
        subject = _text(r["subject"]) or ""
        kind = _text(r["kind"]) or ""
        tail = subject.rpartition("/")[2]
        parsed = parse_item_id(subject.rpartition("/item/")[2]) if "/item/" in subject else None
        code = parsed[0] if parsed else (tail if tail in data.township_by_code else None)
        town = data.township_by_code.get(code or "")
        item = items.get((parsed[0], parsed[1].value, parsed[2])) if parsed else None
        found.append(StoredFinding(
            kind=kind,
            title=TITLES.get(kind, kind),
            severity=_text(r["severity"]) or "",
            county_code=town.county_code if town else None,
            county=town.county_name if town else None,
            township_code=code,
            township=town.name if town else None,
            list=parsed[1].value if parsed else None,
            item_id=tail if parsed else None,
            item=item.name if item else None,
            message=_text(r["message"]) or "",
            fix=_text(r["fix"]) or "",
        ))
    return sorted(found, key=lambda f: (f.township_code or "~", f.list or "", f.item_id or "", _ORDER.get(f.kind, 99)))


def counts_by_kind_and_county(findings: list[StoredFinding]) -> dict[tuple[str, str], int]:
    """(kind, county name — 全区 for findings about no township) → number of findings."""
    return dict(Counter((f.kind, f.county or "全区") for f in findings))


def _text(term: Term | None) -> str | None:
    return term.value if isinstance(term, Literal | NamedNode) else None
