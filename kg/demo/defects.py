"""Defects: injected into clean lists at the rates of kg/resources/demo_defects.toml, then recomputed
from the finished lists as ground truth for the manifest.

Injection changes rows (an empty cell, a stale citation, a moved or added item). The manifest does
not trust the injection log for what depends on several rows: it applies each rule to the finished
lists of a county (see `county_defects`), so an added to-be-returned item that is also a minority
classification in its county is recorded as both, and a catalogue basis citing a statute not yet in
force at the county's date is recorded wherever it is written, in any list.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any

from kg.citations.parse import basis_is_empty, parse_basis
from kg.citations.resolve import effective, in_force
from kg.citations.titles import TitleIndex
from kg.demo.inputs import DemoInputs, cached_key
from kg.demo.plan import CountyContext, dress, lead_role
from kg.demo.rows import Row, TownshipPlan
from kg.demo.wording import chinese_number
from kg.importer.text import load_resource
from kg.matching import normalise
from kg.model import ListKind, Statute
from kg.organizations import split_names
from kg.regions import name_key

BASIS_KINDS = (
    "missing_basis",
    "unresolved_basis",
    "unknown_statute",
    "nonexistent_provision",
    "repealed_statute",
    "superseded_version",
    "not_yet_effective",
)
KINDS = (
    *BASIS_KINDS,
    "missing_office",
    "missing_lead_department",
    "missing_receiving_department",
    "unknown_organization",
    "duplicate_in_township",
    "should_be_returned",
    "minority_classification",
    "lead_department_conflict",
    "negative_list",
    "no_guarantee",
    "missing_mandatory",
)
OWN_LISTS = (ListKind.BASIC, ListKind.COOPERATIVE)
MAX_CITED_ARTICLE = 40


@cache
def defect_config() -> dict[str, dict[str, Any]]:
    kinds: dict[str, dict[str, Any]] = load_resource("demo_defects.toml")["kinds"]
    return kinds


def rate(kind: str) -> float:
    return float(defect_config()[kind]["rate"])


# --- citation texts that carry a defect, from the statute catalogue at a county's date ---


@dataclass(frozen=True)
class Citing:
    """A statute version a defective citation can name: its title, qualifier and article count."""

    title: str
    qualifier: str
    articles: int

    def text(self, article: int) -> str:
        return f"《{self.title}》{self.qualifier}第{chinese_number(article)}条"


@dataclass(frozen=True)
class BasisDefects:
    """Per citation-defect kind, what can be cited on the county's date (empty = not injectable)."""

    texts: dict[str, tuple[str, ...]]
    citings: dict[str, tuple[Citing, ...]]

    def available(self, kind: str) -> bool:
        return bool(self.texts.get(kind) or self.citings.get(kind))

    def draw(self, kind: str, rng: random.Random) -> str:
        if kind in self.texts:
            return rng.choice(self.texts[kind])
        citing = rng.choice(self.citings[kind])
        if kind == "nonexistent_provision":
            return citing.text(citing.articles + rng.randint(1, int(defect_config()[kind]["beyond"])))
        return citing.text(rng.randint(1, max(1, min(citing.articles, MAX_CITED_ARTICLE))))


def basis_defects(statutes: Sequence[Statute], on: date) -> BasisDefects:
    """Defective citations possible on `on`. Titles that themselves contain 《》 are left out: nested
    brackets make the citation unreadable rather than wrong in the intended way."""
    cfg = defect_config()
    plain = [s for s in statutes if not any(b in s.title for b in "《》〈〉")]
    titles = TitleIndex(statutes)
    unknown = tuple(t for t in cfg["unknown_statute"]["texts"] if titles.match(t.strip("《》")).statute is None)
    return BasisDefects(
        texts={
            "missing_basis": tuple(cfg["missing_basis"]["texts"]),
            "unresolved_basis": tuple(cfg["unresolved_basis"]["texts"]),
            "unknown_statute": unknown,
        },
        citings={
            "nonexistent_provision": tuple(_in_force(plain, on)),
            "repealed_statute": tuple(_repealed(plain, on)),
            "superseded_version": tuple(_superseded(plain, on)),
            "not_yet_effective": tuple(_not_yet_effective(plain, on)),
        },
    )


def _valid(s: Statute, on: date) -> bool:
    return not s.expired and (s.repealed_date is None or s.repealed_date > on)


def _qualifier(s: Statute, version_date: date) -> str | None:
    """（2018年版） when that year names exactly this version (the resolver reads the year)."""
    same_year = [v for v in s.versions if v.version_date.year == version_date.year]
    return f"（{version_date.year}年版）" if same_year[-1].version_date == version_date else None


def _in_force(statutes: Iterable[Statute], on: date) -> Iterable[Citing]:
    for s in statutes:
        current = in_force(s, on) if _valid(s, on) else None
        if current is not None and current.article_count:
            yield Citing(s.title, "", current.article_count)


def _repealed(statutes: Iterable[Statute], on: date) -> Iterable[Citing]:
    for s in statutes:
        if s.repealed_date is not None and s.repealed_date <= on:
            yield Citing(s.title, "", s.versions[-1].article_count or 10)


def _superseded(statutes: Iterable[Statute], on: date) -> Iterable[Citing]:
    for s in statutes:
        current = in_force(s, on) if _valid(s, on) else None
        if current is None:
            continue
        for v in s.versions:
            qualifier = _qualifier(s, v.version_date)
            if v.version_date.year < current.version_date.year and v.article_count and qualifier:
                yield Citing(s.title, qualifier, v.article_count)


def _not_yet_effective(statutes: Iterable[Statute], on: date) -> Iterable[Citing]:
    """Versions already promulgated on `on` but not yet in effect."""
    for s in statutes:
        if not _valid(s, on):
            continue
        current = in_force(s, on)
        for v in s.versions:
            if not (v.version_date <= on < effective(v)) or not v.article_count:
                continue
            qualifier = "" if current is None else _qualifier(s, v.version_date)
            if qualifier is not None:
                yield Citing(s.title, qualifier, v.article_count)


# --- injection ---


@dataclass(frozen=True)
class Injection:
    """What a township's injection needs besides its rows."""

    inputs: DemoInputs
    ctx: CountyContext
    offices: tuple[str, ...]
    bases: BasisDefects
    neighbours: tuple[str, ...]


def inject(job: Injection, rows: Sequence[Row], rng: random.Random) -> tuple[tuple[Row, ...], tuple[str, ...]]:
    """Rows with defects injected, and the mandatory codes dropped."""
    work = list(rows)
    dropped = _drop_mandatory(job, work, rng)
    work = [_move(job, r, rng) for r in work]
    work += _additions(job, work, rng)
    work = [_cells(job, r, rng) for r in work]
    work.sort(key=lambda r: (list(ListKind).index(r.kind), r.order))
    return tuple(work), dropped


def _drop_mandatory(job: Injection, rows: list[Row], rng: random.Random) -> tuple[str, ...]:
    if rng.random() >= rate("missing_mandatory"):
        return ()
    mandatory = [r for r in rows if (e := job.inputs.entry(r.code)) is not None and e.mandatory]
    if not mandatory:
        return ()
    victim = rng.choice(mandatory)
    rows.remove(victim)
    return (victim.code,)


def _move(job: Injection, row: Row, rng: random.Random) -> Row:
    """minority_classification: a basic item with a lead department becomes cooperative, or the other way."""
    entry = job.inputs.entry(row.code)
    if entry is None or row.kind not in OWN_LISTS or entry.to_be_returned:
        return row
    if rng.random() >= rate("minority_classification"):
        return row
    target = ListKind.COOPERATIVE if row.kind is ListKind.BASIC else ListKind.BASIC
    if target is ListKind.COOPERATIVE and job.inputs.department(job.ctx.county.code, lead_role(entry)) is None:
        return row
    return dress(job.inputs, job.ctx, row, target, job.offices, row.note, rng)


def _additions(job: Injection, rows: list[Row], rng: random.Random) -> list[Row]:
    """duplicate_in_township, should_be_returned and negative_list: rows added to the lists."""
    added: list[Row] = []
    present = {r.code for r in rows if r.code}
    county = job.ctx.county.code
    for row in [r for r in rows if r.kind is ListKind.BASIC]:
        entry = job.inputs.entry(row.code)
        if (
            entry
            and lead_role(entry)
            and rng.random() < rate("duplicate_in_township")
            and job.inputs.department(county, lead_role(entry)) is not None
        ):
            added.append(dress(job.inputs, job.ctx, replace(row, injected=""), ListKind.RETURNED, (), "", rng))
        if rng.random() < rate("should_be_returned"):
            added.extend(_to_be_returned(job, present, rng))
        if rng.random() < rate("negative_list"):
            added.extend(_negative(job, rng))
    return added


def _to_be_returned(job: Injection, present: set[str], rng: random.Random) -> list[Row]:
    choices = [e for e in job.inputs.catalogue if e.to_be_returned and e.code not in present]
    if not choices:
        return []
    entry = rng.choice(choices)
    present.add(entry.code)
    placeable = job.inputs.department(job.ctx.county.code, lead_role(entry)) is not None
    kind = ListKind.COOPERATIVE if placeable and rng.random() < 0.5 else ListKind.BASIC
    base = Row(kind, entry.code, entry.name, entry.category, entry.section, entry.tasks, entry.basis,
               order=job.inputs.positions[entry.code])
    return [dress(job.inputs, job.ctx, base, kind, job.offices, "", rng)]


@cache
def negative_examples() -> tuple[dict[str, str], ...]:
    return tuple(defect_config()["negative_list"]["items"])


def is_negative(inputs: DemoInputs, name: str) -> bool:
    key = cached_key(name)
    return any(p.pattern.search(key) for p in inputs.negatives)


def _negative(job: Injection, rng: random.Random) -> list[Row]:
    usable = [x for x in negative_examples() if is_negative(job.inputs, x["name"])]
    if not usable:
        return []
    n = rng.randrange(len(usable))
    x = usable[n]
    base = Row(ListKind.BASIC, "", x["name"], x["category"], x["category"], x["tasks"], "", order=200_000 + n)
    return [dress(job.inputs, job.ctx, base, ListKind.BASIC, job.offices, "", rng)]


def _cells(job: Injection, row: Row, rng: random.Random) -> Row:
    """Row-level defects: a defective basis, empty office, lead, receiving or guarantee cells, an
    unknown department, a conflicting lead department."""
    basis, injected, office = row.basis, row.injected, row.office
    lead, guarantee, receiving = row.lead_department, row.guarantee, row.receiving_department
    if row.kind in OWN_LISTS and not row.injected:
        for kind in BASIS_KINDS:
            if rng.random() < rate(kind) and job.bases.available(kind):
                basis, injected = job.bases.draw(kind, rng), kind
                break
        if rng.random() < rate("missing_office"):
            office = ""
    if row.kind is ListKind.COOPERATIVE:
        lead = _department_cell(job, lead, "missing_lead_department", rng, conflict=True)
        if rng.random() < rate("no_guarantee"):
            guarantee = ""
    if row.kind is ListKind.RETURNED:
        receiving = _department_cell(job, receiving, "missing_receiving_department", rng, conflict=False)
    return replace(
        row,
        basis=basis,
        injected=injected,
        office=office,
        lead_department=lead,
        guarantee=guarantee,
        receiving_department=receiving,
    )


def _department_cell(job: Injection, written: str, missing: str, rng: random.Random, *, conflict: bool) -> str:
    """The department cell after injection: emptied, a neighbour's department, or (lead cells) another
    department of the county."""
    if not written:
        return written
    if rng.random() < rate(missing):
        return ""
    if rng.random() < rate("unknown_organization"):
        other = _neighbour_department(job, written)
        if other:
            return other
    if conflict and rng.random() < rate("lead_department_conflict"):
        county = job.ctx.county.code
        depts = [d for d in job.inputs.departments.get(county, ()) if job.ctx.department_text(d) != written]
        if depts:
            return job.ctx.department_text(rng.choice(depts))
    return written


def _neighbour_department(job: Injection, written: str) -> str | None:
    """The same role's department of the first neighbouring county, named in full (unknown here)."""
    county = job.ctx.county.code
    mine = next(
        (d for d in job.inputs.departments.get(county, ()) if job.ctx.department_text(d) == written), None
    )
    if mine is None:
        return None
    for other in job.neighbours:
        dept = job.inputs.department(other, mine.role)
        if dept and not job.inputs.knows_department(county, dept.name):
            return dept.name
    return None


# --- ground truth ---

RowKey = tuple[str, int]


def county_defects(plans: Sequence[TownshipPlan], inputs: DemoInputs) -> dict[RowKey, tuple[str, ...]]:
    """Defect kinds of every row of a county's townships, keyed by (township code, row index)."""
    found: dict[RowKey, list[str]] = defaultdict(list)
    titles = TitleIndex(inputs.statutes)
    for plan in plans:
        _row_rules(plan, inputs, found)
        _written_bases(plan, titles, found)
        _duplicates(plan, found)
    _minorities(plans, found)
    _lead_conflicts(plans, inputs, found)
    return {k: tuple(sorted(set(v), key=KINDS.index)) for k, v in found.items()}


def identity(row: Row) -> str:
    """What makes two rows one item: the catalogue code, else the normalised name (an individual
    item; kg/matching.py `normalise`, the rule of docs/checks.md "Item identity")."""
    return row.code if row.code else "name:" + normalise(row.name)


def _row_rules(plan: TownshipPlan, inputs: DemoInputs, found: dict[RowKey, list[str]]) -> None:
    county = plan.county.code
    for i, r in enumerate(plan.rows):
        key = (plan.township.code, i)
        entry = inputs.entry(r.code)
        no_ground = basis_is_empty(r.basis)
        if r.injected and not (r.injected == "unresolved_basis" and no_ground):
            found[key].append(r.injected)
        if r.kind in OWN_LISTS and no_ground:
            found[key].append("missing_basis")
        if r.kind in OWN_LISTS and not r.office:
            found[key].append("missing_office")
        if r.kind is ListKind.COOPERATIVE and not r.lead_department:
            found[key].append("missing_lead_department")
        if r.kind is ListKind.COOPERATIVE and not r.guarantee:
            found[key].append("no_guarantee")
        if r.kind is ListKind.RETURNED and not r.receiving_department:
            found[key].append("missing_receiving_department")
        for text in (r.lead_department, r.receiving_department):
            if text and not _all_known(inputs, county, text):
                found[key].append("unknown_organization")
        if entry is not None and entry.to_be_returned and r.kind in OWN_LISTS:
            found[key].append("should_be_returned")
        if r.kind in OWN_LISTS and (_negative_row(inputs, r) or (entry is not None and entry.negative)):
            found[key].append("negative_list")


def _all_known(inputs: DemoInputs, county: str, text: str) -> bool:
    """The cell is a department's name or alias, or every name it lists (县林草局、县应急局) is."""
    parts = split_names(text)
    return inputs.knows_department(county, text) or (bool(parts) and all(
        inputs.knows_department(county, p) for p in parts
    ))


def _negative_row(inputs: DemoInputs, r: Row) -> bool:
    """The row's name, or a clause of its 具体工作事项 or 乡镇（街道）配合职责 (not the department's own
    duties), falls under a negative-list pattern; clauses are split and negated clauses skipped as
    kg/resources/checks.toml says."""
    split, negations = _clause_rules()
    clauses = [c for text in (r.tasks, r.township_duties) for c in split.split(text or "")]
    return is_negative(inputs, r.name) or any(
        c.strip() and not any(n in c for n in negations) and is_negative(inputs, c) for c in clauses
    )


@cache
def _clause_rules() -> tuple[re.Pattern[str], tuple[str, ...]]:
    rules = load_resource("checks.toml")["negative_list"]
    return re.compile("|".join(re.escape(s) for s in rules["clause_separators"])), tuple(rules["negations"])


def _written_bases(plan: TownshipPlan, titles: TitleIndex, found: dict[RowKey, list[str]]) -> None:
    """Bases written as the catalogue (or a profile) gives them, in any list, at the county's date:
    a cited statute repealed by then is repealed_statute, one none of whose versions had taken
    effect (promulgated later, or not yet in force) is not_yet_effective. These bases cite titles
    without a version qualifier; injected bases carry their own kind."""
    for i, r in enumerate(plan.rows):
        if not r.injected:
            found[(plan.township.code, i)].extend(_validity_kinds(titles, r.basis, plan.habit.published))


def _validity_kinds(titles: TitleIndex, basis: str, on: date) -> Iterable[str]:
    for ref in parse_basis(basis):
        statute = titles.match(ref.title, bracketed=ref.bracketed).statute if ref.title else None
        if statute is None:
            continue
        if (statute.repealed_date is not None and statute.repealed_date <= on) or (
            statute.expired and statute.repealed_date is None
        ):
            yield "repealed_statute"
        elif in_force(statute, on) is None:
            yield "not_yet_effective"


def _duplicates(plan: TownshipPlan, found: dict[RowKey, list[str]]) -> None:
    """Rows of one township sharing an identity (in two lists, or twice in one): every one of them."""
    by_identity: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(plan.rows):
        by_identity[identity(r)].append(i)
    for rows in by_identity.values():
        if len(rows) > 1:
            for i in rows:
                found[(plan.township.code, i)].append("duplicate_in_township")


def _minorities(plans: Sequence[TownshipPlan], found: dict[RowKey, list[str]]) -> None:
    """A kind listed by more than half of the county's townships that list the item is its majority
    (the first in list order on a tie); a township's rows of any other kind are minority
    classifications when more than half of the OTHER townships listing the item list it in the
    majority kind too. A township alone with an item has nothing to compare with, even when it lists
    the item twice."""
    kinds: dict[str, dict[str, set[ListKind]]] = defaultdict(dict)
    for plan in plans:
        for r in plan.rows:
            kinds[identity(r)].setdefault(plan.township.code, set()).add(r.kind)
    majority: dict[str, ListKind] = {}
    for item, by_township in kinds.items():
        counts = Counter(k for ks in by_township.values() for k in ks)
        kind, n = max(counts.items(), key=lambda kv: (kv[1], -list(ListKind).index(kv[0])))
        if n * 2 > len(by_township):
            majority[item] = kind
    for plan in plans:
        for i, r in enumerate(plan.rows):
            kind = majority.get(identity(r), r.kind)
            others = [ks for code, ks in kinds[identity(r)].items() if code != plan.township.code]
            if r.kind is not kind and sum(kind in ks for ks in others) * 2 > len(others):
                found[(plan.township.code, i)].append("minority_classification")


def _lead_conflicts(plans: Sequence[TownshipPlan], inputs: DemoInputs, found: dict[RowKey, list[str]]) -> None:
    """Over the cooperative rows of one item naming a registry department: rows naming another set
    of departments (a cell may list several) than the one more than half of them name; every row
    when no set has half."""
    leads: dict[str, list[tuple[RowKey, frozenset[str]]]] = defaultdict(list)
    for plan in plans:
        by_text = _department_keys(inputs, plan.county.code)
        for i, r in enumerate(plan.rows):
            dept = _lead_set(by_text, r.lead_department) if r.kind is ListKind.COOPERATIVE else frozenset()
            if dept:
                leads[identity(r)].append(((plan.township.code, i), dept))
    for rows in leads.values():
        counts = Counter(d for _, d in rows)
        if len(counts) < 2:
            continue
        top, n = counts.most_common(1)[0]
        for key, dept in rows:
            if n * 2 <= len(rows) or dept != top:
                found[key].append("lead_department_conflict")


def _lead_set(by_text: dict[str, str], text: str) -> frozenset[str]:
    """The registry departments a lead cell names: the whole cell, else each name it lists."""
    if not text:
        return frozenset()
    whole = by_text.get(cached_key(text))
    if whole:
        return frozenset({whole})
    return frozenset(d for p in split_names(text) if (d := by_text.get(cached_key(p))))


def _department_keys(inputs: DemoInputs, county_code: str) -> dict[str, str]:
    return {
        name_key(label): d.name for d in inputs.departments.get(county_code, ()) for label in (d.name, *d.aliases)
    }
