"""Plain data that flows through the pipeline: importers produce it, the graph module maps it to RDF.

Nothing here does I/O. Every record that came from a file carries its origin (file, sheet, row) so a
message or a finding can point a user at the cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class ListKind(StrEnum):
    """The three lists every township publishes; values are the public API codes."""

    BASIC = "basic"
    COOPERATIVE = "cooperative"
    RETURNED = "returned"

    @property
    def label_zh(self) -> str:
        return LIST_KIND_LABELS[self]


LIST_KIND_LABELS: dict[ListKind, str] = {
    ListKind.BASIC: "基本履职事项清单",
    ListKind.COOPERATIVE: "配合履职事项清单",
    ListKind.RETURNED: "上级部门收回事项清单",
}


@dataclass(frozen=True)
class Origin:
    """Where a record was read: file name, sheet (None for CSV) and 1-based spreadsheet row."""

    file: str
    sheet: str | None = None
    row: int | None = None


@dataclass(frozen=True)
class DutyItem:
    """One row of a duty list, as written (only whitespace and width normalised)."""

    ordinal: int
    name: str
    origin: Origin
    number: str | None = None
    category: str | None = None
    tasks: str | None = None
    basis: str | None = None
    office: str | None = None
    note: str | None = None
    lead_department: str | None = None
    department_duties: str | None = None
    township_duties: str | None = None
    guarantee: str | None = None
    receiving_department: str | None = None


@dataclass(frozen=True)
class DutyList:
    township_code: str
    kind: ListKind
    items: tuple[DutyItem, ...]
    origin: Origin
    title: str | None = None
    published: date | None = None
    notes: tuple[str, ...] = ()
    """Note rows of the sheet as written (注：…), e.g. the mark of a demonstration or generated list."""


@dataclass(frozen=True)
class ImportedSource:
    """One file as imported: it becomes one named graph, replaced whole on re-import."""

    file_name: str
    sha256: str
    lists: tuple[DutyList, ...]


class Level(StrEnum):
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"


@dataclass(frozen=True)
class Region:
    """A unit of the national statistical division; `kind` is 街道/镇/乡/其他 for township level."""

    code: str
    name: str
    level: Level
    parent_code: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class Organization:
    """A county department (`county_code` set) or a township office (`township_code` set).

    `role` is a department's kind, a key of data/organizations/roles.csv (emergency, ecology_branch …).
    """

    name: str
    aliases: tuple[str, ...] = ()
    county_code: str | None = None
    township_code: str | None = None
    role: str | None = None

    @property
    def is_office(self) -> bool:
        return self.township_code is not None


class StatuteKind(StrEnum):
    """Level of a legal source (效力级别); values are the public `kind` codes of `qingdan cite`."""

    LAW = "law"
    ADMINISTRATIVE_REGULATION = "administrative_regulation"
    LOCAL_REGULATION = "local_regulation"
    DEPARTMENTAL_RULE = "departmental_rule"
    PARTY_REGULATION = "party_regulation"
    POLICY_DOCUMENT = "policy_document"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class StatuteVersion:
    """One version (original, 修正 or 修订) of a statute, dated by its promulgation/amendment date."""

    version_date: date
    effective_date: date | None = None
    article_count: int | None = None


@dataclass(frozen=True)
class Statute:
    """A statute and its versions. `expired` says a source marks it no longer in force without
    giving the date (then `repealed_date` is None)."""

    title: str
    kind: StatuteKind
    versions: tuple[StatuteVersion, ...]
    short_titles: tuple[str, ...] = ()
    issuer: str | None = None
    repealed_date: date | None = None
    source: str | None = None
    level_label: str | None = None
    expired: bool = False


@dataclass(frozen=True)
class Provision:
    """A subdivision of a statute version with its text, from an imported law corpus."""

    statute_title: str
    version_date: date
    article: int
    paragraph: int | None = None
    item: int | None = None
    text: str = ""


@dataclass(frozen=True)
class Catalogue:
    """Reference data the build links lists against."""

    regions: tuple[Region, ...] = ()
    organizations: tuple[Organization, ...] = ()
    statutes: tuple[Statute, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)


class CitationStatus(StrEnum):
    """What the resolver found for one citation; values are the public `status` codes."""

    OK = "ok"
    NONEXISTENT_ARTICLE = "nonexistent_article"
    NONEXISTENT_PARAGRAPH = "nonexistent_paragraph"
    NONEXISTENT_ITEM = "nonexistent_item"
    SUPERSEDED = "superseded"
    REPEALED = "repealed"
    NOT_YET_EFFECTIVE = "not_yet_effective"
    NOT_IN_CORPUS = "not_in_corpus"


@dataclass(frozen=True)
class ResolvedCitation:
    """One citation found in a 设定依据 text and what it resolved to.

    `text` is the span as written; `statute_title` the full official title of the catalogue statute
    (None when not found); `version_date` the version the citation points at (in force at the list's
    date unless a qualifier names another); `current_version_date` the newer version in force when the
    status is `superseded`; `candidate` the best guess named when the title was not matched with
    enough confidence. `confidence` is 1.0 only when title, version and every cited provision were
    confirmed; `reason` is a code saying why it is lower (see `kg.citations.resolve.Reason`).
    """

    text: str
    status: CitationStatus
    kind: StatuteKind
    title_as_written: str | None = None
    statute_title: str | None = None
    version_date: date | None = None
    article: int | None = None
    paragraph: int | None = None
    item: int | None = None
    sub_item: int | None = None
    qualifier: str | None = None
    doc_number: str | None = None
    current_version_date: date | None = None
    candidate: str | None = None
    confidence: float = 0.0
    reason: str | None = None
