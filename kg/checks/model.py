"""Plain data the checks pass around: an item's context, a check's raw hit, and the finding users read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from kg.model import ListKind
from kg.reference import NegativePattern


@dataclass(frozen=True)
class ItemContext:
    """What every finding about an item carries: where it is and what it was matched to."""

    iri: str
    id: str
    township_code: str
    township: str
    kind: ListKind
    ordinal: int
    name: str
    source_file: str | None
    sheet: str | None
    row: int | None
    code: str | None
    leads: tuple[str, ...]
    """The recognised lead departments (IRIs, sorted): several where the cell names several."""
    lead_text: str | None
    lead_names: tuple[str, ...]
    """Their names, in the order of `leads`."""

    @property
    def county_code(self) -> str:
        return self.township_code[:6]

    @property
    def place(self) -> str:
        """`基本履职事项清单第12行` (the row when known, else the ordinal)."""
        where = f"第{self.row}行" if self.row else f"第{self.ordinal}项"
        return f"{self.kind.label_zh}{where}"


@dataclass(frozen=True)
class Hit:
    """One subject a check found: its IRI, a key unique within the check (for the finding's IRI),
    the values its message template uses, and the other IRIs involved."""

    subject: str
    key: str
    values: Mapping[str, str]
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClauseRules:
    """How a description cell is read against the negative list (kg/resources/checks.toml
    `[negative_list]`): split into clauses at `separators`; a clause holding one of `negations`
    says what the township does not do and is skipped."""

    separators: tuple[str, ...]
    negations: tuple[str, ...]


@dataclass(frozen=True)
class CheckInput:
    """What the structural (non-SPARQL) checks read: every item's context, the negative list, and the
    items' description cells (item IRI → (header, text as written)) and how they are read."""

    items: tuple[ItemContext, ...]
    negative_patterns: tuple[NegativePattern, ...]
    negative_codes: Mapping[str, str]
    descriptions: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    clauses: ClauseRules = field(default_factory=lambda: ClauseRules((), ()))


@dataclass(frozen=True)
class Finding:
    """One finding: the fields of `qingdan check --format jsonl`, plus the IRIs involved
    (`subject`, `related`) and `subject_key`, which with `kind` names the finding's IRI."""

    kind: str
    severity: str
    township_code: str | None
    township: str | None
    list: str | None
    item: str | None
    source_file: str | None
    sheet: str | None
    row: int | None
    message: str
    fix: str
    subject: str
    related: tuple[str, ...]
    subject_key: str

    @property
    def item_id(self) -> str | None:
        """The public item id (`640221204-basic-12`) when the subject is a duty item."""
        head, sep, tail = self.subject.rpartition("/item/")
        return tail if sep and head and "/" not in tail else None
