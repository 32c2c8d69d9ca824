"""Stage 3: resolve parsed citations against the statute catalogue and, where loaded, the law corpus.

For each `CitationRef`: the statute (see `titles.TitleIndex`), the version (in force at the reference
date — the list's date — unless a qualifier such as （2018年修正） names one), the validity at that
date, and whether the article, paragraph and item exist in that version.

Versions are ordered by date; a version is in force from its effective date (its version date when
the effective date is unknown) until the next version takes effect, so an older version is
superseded whatever its source metadata says.

Existence and confidence — a wrong `ok` is the worst outcome, so `ok` is only said with 1.0 when every
cited number was confirmed. Otherwise the status is still `ok` (nothing says the citation is wrong)
but `confidence` is lowered and `reason` says why:

| reason                 | factor | meaning                                                             |
|------------------------|--------|---------------------------------------------------------------------|
| provision_unverified   | 0.6    | neither the corpus nor the catalogue's article count covers it       |
| paragraph_unverified   | 0.8    | the article exists (article count) but 款/项 need the corpus          |
| sub_item_unverified    | 0.9    | 目 are never checked                                                 |
| title_in_running_text  | 0.9    | title written without 《》 found as the end of a longer phrase        |
| fuzzy_title            | score  | title matched by similarity (≥ 90 and ≤ 2 characters apart)          |
| inherited_title        | 0.95   | provision without a title, read as the previous title's (；第十条)    |
| repeal_date_unknown    | 0.8    | the source marks the statute expired without a date                  |
| version_unknown        | —      | the qualifier names a version the catalogue does not know            |
| title_missing / title_unknown / ambiguous_title | 0 | `not_in_corpus`                          |
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from kg.citations.normalize import normalize, title_key
from kg.citations.parse import CitationRef, parse_normalized
from kg.citations.titles import TitleIndex
from kg.citations.vocab import guess_kind, vocab
from kg.laws.index import CorpusIndex
from kg.model import CitationStatus, ResolvedCitation, Statute, StatuteVersion

CACHE_LIMIT = 500_000


class Reason(StrEnum):
    PROVISION_UNVERIFIED = "provision_unverified"
    PARAGRAPH_UNVERIFIED = "paragraph_unverified"
    SUB_ITEM_UNVERIFIED = "sub_item_unverified"
    TITLE_IN_RUNNING_TEXT = "title_in_running_text"
    FUZZY_TITLE = "fuzzy_title"
    INHERITED_TITLE = "inherited_title"
    REPEAL_DATE_UNKNOWN = "repeal_date_unknown"
    VERSION_UNKNOWN = "version_unknown"
    TITLE_MISSING = "title_missing"
    TITLE_UNKNOWN = "title_unknown"
    AMBIGUOUS_TITLE = "ambiguous_title"


_FACTORS = {
    Reason.PROVISION_UNVERIFIED: 0.6,
    Reason.PARAGRAPH_UNVERIFIED: 0.8,
    Reason.SUB_ITEM_UNVERIFIED: 0.9,
    Reason.INHERITED_TITLE: 0.95,
    Reason.REPEAL_DATE_UNKNOWN: 0.8,
}


@dataclass
class _Verdict:
    status: CitationStatus = CitationStatus.OK
    confidence: float = 1.0
    reasons: list[str] = field(default_factory=list)

    def lower(self, reason: Reason, factor: float | None = None) -> None:
        self.reasons.append(reason.value)
        self.confidence *= factor if factor is not None else _FACTORS[reason]


def effective(version: StatuteVersion) -> date:
    return version.effective_date or version.version_date


def in_force(statute: Statute, on: date) -> StatuteVersion | None:
    """The newest version that had taken effect on `on`; None when none had."""
    started = [v for v in statute.versions if effective(v) <= on]
    return max(started, key=lambda v: v.version_date) if started else None


def merge_statutes(
    catalogue: Sequence[Statute], corpus: Sequence[Statute]
) -> tuple[tuple[Statute, ...], dict[str, str]]:
    """Catalogue statutes completed with the corpus (versions it names that the catalogue lacks), plus
    the corpus-only statutes; and the corpus title of each statute the corpus holds."""
    prefixes = tuple(vocab().national_prefixes)
    corpus_by_key = {title_key(s.title, prefixes): s for s in corpus}
    merged: list[Statute] = []
    corpus_titles: dict[str, str] = {}
    for s in catalogue:
        c = corpus_by_key.pop(title_key(s.title, prefixes), None)
        if c is None:
            merged.append(s)
            continue
        corpus_titles[s.title] = c.title
        known = {v.version_date for v in s.versions}
        extra = tuple(v for v in c.versions if v.version_date not in known)
        versions = tuple(sorted(s.versions + extra, key=lambda v: v.version_date))
        merged.append(Statute(**{**s.__dict__, "versions": versions}))
    for c in corpus_by_key.values():
        corpus_titles[c.title] = c.title
        merged.append(c)
    return tuple(merged), corpus_titles


class Resolver:
    """Resolves basis texts; results are cached by text (as written, then normalised) and date."""

    def __init__(self, statutes: Sequence[Statute], corpus: CorpusIndex | None = None) -> None:
        self.catalogue = tuple(statutes)
        self.corpus = corpus
        self.statutes, self._corpus_titles = merge_statutes(self.catalogue, corpus.statutes() if corpus else ())
        self.titles = TitleIndex(self.statutes)
        self._by_title = {s.title: s for s in self.statutes}
        self._raw: dict[tuple[str, date], tuple[ResolvedCitation, ...]] = {}
        self._norm: dict[tuple[str, date], tuple[ResolvedCitation, ...]] = {}

    def corpus_renames(self) -> dict[str, str]:
        """Corpus title → catalogue title, for the statutes the two spell differently, so provisions
        read from the corpus are filed under the statute the citations point at."""
        return {corpus: title for title, corpus in self._corpus_titles.items() if corpus != title}

    def paragraph_of_item(self, title: str, version: date, article: int, item: int) -> int | None:
        """For an item cited without a paragraph, the paragraph of the corpus text that holds it."""
        corpus_title = self._corpus_titles.get(title)
        if self.corpus is None or corpus_title is None:
            return None
        return self.corpus.paragraph_of_item(corpus_title, version, article, item)

    def statute(self, title: str) -> Statute | None:
        return self._by_title.get(title)

    def provision_text(
        self, title: str, version: date, article: int, paragraph: int | None = None, item: int | None = None
    ) -> str | None:
        """The text of a provision when the corpus holds that version, else None."""
        corpus_title = self._corpus_titles.get(title)
        if self.corpus is None or corpus_title is None:
            return None
        return self.corpus.text(corpus_title, version, article, paragraph, item)

    def resolve(self, text: str, on: date | None = None) -> list[ResolvedCitation]:
        """Every citation in `text`, resolved at `on` (today when None)."""
        day = on or date.today()
        found = self._raw.get((text, day))
        if found is None:
            norm = normalize(text)
            norm_key = (norm.text, day)
            found = self._norm.get(norm_key)
            if found is None:
                found = tuple(self._resolve_refs(parse_normalized(norm, text), day))
                self._norm[norm_key] = found
            if len(self._raw) > CACHE_LIMIT:
                self._raw.clear()
                self._norm.clear()
            self._raw[(text, day)] = found
        return list(found)

    def resolve_many(self, texts: Iterable[str], on: date | None = None) -> list[list[ResolvedCitation]]:
        return [self.resolve(t, on) for t in texts]

    def _resolve_refs(self, refs: Sequence[CitationRef], on: date) -> Iterable[ResolvedCitation]:
        for ref in refs:
            resolved = self._resolve_ref(ref, on)
            if resolved is not None:
                yield resolved

    def _resolve_ref(self, ref: CitationRef, on: date) -> ResolvedCitation | None:
        if ref.title is None:
            return _unresolved(ref, None, Reason.TITLE_MISSING.value)
        match = self.titles.match(ref.title, bracketed=ref.bracketed)
        if match.statute is None:
            if not ref.bracketed and ref.article is None:
                return None
            return _unresolved(ref, match.candidate, match.reason or Reason.TITLE_UNKNOWN.value)
        verdict = _Verdict(confidence=match.confidence)
        if match.reason:
            verdict.reasons.append(match.reason)
        if ref.inherited:
            verdict.lower(Reason.INHERITED_TITLE)
        statute = match.statute
        version, current = self._validity(statute, ref, on, verdict)
        if verdict.status is CitationStatus.OK and version is not None:
            self._check_provision(statute, version, ref, verdict)
        return ResolvedCitation(
            **_as_written(ref),
            status=verdict.status,
            kind=statute.kind,
            statute_title=statute.title,
            version_date=version.version_date if version else None,
            current_version_date=current.version_date if current else None,
            candidate=statute.title if verdict.status is CitationStatus.NOT_IN_CORPUS else None,
            confidence=round(verdict.confidence, 3),
            reason=",".join(verdict.reasons) or None,
        )

    def _validity(
        self, statute: Statute, ref: CitationRef, on: date, verdict: _Verdict
    ) -> tuple[StatuteVersion | None, StatuteVersion | None]:
        """The version cited and (when superseded) the one in force; sets the validity status."""
        named = _by_qualifier(statute, ref.qualifier_year) if ref.qualifier_year else None
        current = in_force(statute, on)
        if (statute.repealed_date is not None and statute.repealed_date <= on) or (
            statute.expired and statute.repealed_date is None
        ):
            verdict.status = CitationStatus.REPEALED
            if statute.repealed_date is None:
                verdict.lower(Reason.REPEAL_DATE_UNKNOWN)
            return named or current or statute.versions[-1], None
        if current is None:
            verdict.status = CitationStatus.NOT_YET_EFFECTIVE
            return named or statute.versions[0], None
        if ref.qualifier_year and named is None:
            verdict.reasons.append(Reason.VERSION_UNKNOWN.value)
            if ref.qualifier_year < current.version_date.year:
                verdict.status = CitationStatus.SUPERSEDED
                return None, current
            verdict.status = CitationStatus.NOT_IN_CORPUS
            verdict.confidence = 0.0
            return None, None
        if named is not None and named.version_date < current.version_date:
            verdict.status = CitationStatus.SUPERSEDED
            return named, current
        if named is not None and named.version_date > current.version_date:
            verdict.status = CitationStatus.NOT_YET_EFFECTIVE
            return named, None
        return current, None

    def _check_provision(self, statute: Statute, version: StatuteVersion, ref: CitationRef, verdict: _Verdict) -> None:
        if ref.article is None:
            if ref.paragraph is not None or ref.item is not None:
                verdict.lower(Reason.PROVISION_UNVERIFIED)
            return
        corpus_title = self._corpus_titles.get(statute.title)
        exists = None
        if self.corpus is not None and corpus_title is not None:
            exists = self.corpus.provision_exists(corpus_title, version.version_date, ref.article)
        if exists is None:
            _check_by_count(version, ref, verdict)
            return
        assert self.corpus is not None and corpus_title is not None
        check = self.corpus.provision_exists
        if not exists:
            verdict.status = CitationStatus.NONEXISTENT_ARTICLE
        elif ref.paragraph is not None and not check(corpus_title, version.version_date, ref.article, ref.paragraph):
            verdict.status = CitationStatus.NONEXISTENT_PARAGRAPH
        elif ref.item is not None and not check(
            corpus_title, version.version_date, ref.article, ref.paragraph, ref.item
        ):
            verdict.status = CitationStatus.NONEXISTENT_ITEM
        elif ref.sub_item is not None:
            verdict.lower(Reason.SUB_ITEM_UNVERIFIED)


def _check_by_count(version: StatuteVersion, ref: CitationRef, verdict: _Verdict) -> None:
    assert ref.article is not None
    if version.article_count is None:
        verdict.lower(Reason.PROVISION_UNVERIFIED)
    elif ref.article > version.article_count:
        verdict.status = CitationStatus.NONEXISTENT_ARTICLE
    elif ref.paragraph is not None or ref.item is not None:
        verdict.lower(Reason.PARAGRAPH_UNVERIFIED)
    elif ref.sub_item is not None:
        verdict.lower(Reason.SUB_ITEM_UNVERIFIED)


def _by_qualifier(statute: Statute, year: int | None) -> StatuteVersion | None:
    """The version a qualifier such as （2018年修正） names: the last version dated that year."""
    named = [v for v in statute.versions if v.version_date.year == year]
    return named[-1] if named else None


def _as_written(ref: CitationRef) -> dict[str, Any]:
    """The fields of a resolved citation that repeat what the parser read, whatever it resolved to."""
    return {
        "text": ref.text,
        "title_as_written": ref.title,
        "article": ref.article,
        "paragraph": ref.paragraph,
        "item": ref.item,
        "sub_item": ref.sub_item,
        "qualifier": ref.qualifier,
        "doc_number": ref.doc_number,
    }


def _unresolved(ref: CitationRef, candidate: str | None, reason: str) -> ResolvedCitation:
    """A citation whose statute is not known: `not_in_corpus`, kind judged from the title."""
    return ResolvedCitation(
        **_as_written(ref),
        status=CitationStatus.NOT_IN_CORPUS,
        kind=guess_kind(ref.title, ref.doc_number),
        candidate=candidate,
        reason=reason,
    )
