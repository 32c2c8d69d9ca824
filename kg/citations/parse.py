"""Stage 2: find the citations in one basis text (设定依据).

`parse_basis(text)` returns one `CitationRef` per cited provision (or per statute cited without a
provision). It knows no catalogue: titles are what the text says, the resolver decides what they
mean. The text is scanned once for tokens — titles in 《》 (or “”), version qualifiers, 文号 and
provision groups (第九条、第十条 / 第二款第（三）项 / 第九条至第十一条) — then titles written without
《》 are looked for in what is left. Tokens are then read left to right: a provision belongs to the
title before it (also across ；and line breaks, as in 《安全生产法》第九条；第十条).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from kg.citations.normalize import Normalized, normalize
from kg.citations.numerals import to_int
from kg.citations.vocab import Vocab, vocab

_NUM = r"[0-9零〇一二三四五六七八九十百千两]+"
_SEP = r"(?:、|,|，|和|及|以及|与|或|至|到|-)"
_NUMTOK = rf"\(?{_NUM}\)?"
_GROUP = re.compile(rf"(?:第{_NUMTOK}|\({_NUM}\))(?:{_SEP}(?:第)?{_NUMTOK})*(条|款|项|目)")
_GROUP_PART = re.compile(rf"({_SEP})?(?:第)?\(?({_NUM})\)?")
_BARE_SEP = r"(?:、|和|及|以及|与|或|至|到|-)"
_BARE = rf"(?<=\0){_BARE_SEP}?(?P<body>{_NUM}(?:{_BARE_SEP}{_NUM})*条)"
"""Articles without 第 right after a title or a provision group, or a separator after one: the
六十八条 of 第六十七条、六十八条, the 九十六条 of 第九十四条至九十六条, the 十四条 of 《兵役法》十四条.
Only 条: a bare 三项 or 两款 is far more often a count (两项补贴) than a provision; not after a comma, and
not before a word that makes 十条 a count of measures (十条措施, `counted_words` of the vocabulary)."""


@lru_cache(maxsize=1)
def _bare_pattern(counted: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(_BARE + (f"(?!{'|'.join(map(re.escape, counted))})" if counted else ""))
_BRACKETED = re.compile(r"《([^《》\n]{1,120})》")
_QUOTED = re.compile(r"“([^“”\n]{2,60})”")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_RANGE = frozenset({"至", "到", "-"})
_STRONG_LEADS = re.compile(r"(?:根据|依据|依照|按照|参照|遵照|对照|执行|落实|贯彻|详见)")
_MAX_RANGE = 60
_LEVELS = {"条": 0, "款": 1, "项": 2, "目": 3}


@dataclass(frozen=True)
class CitationRef:
    """One citation as written: span [start, end) in the source text, the title as written (without
    《》 and qualifier), provision numbers, version qualifier (2018年修正) and 文号.

    `bracketed` is False for a title found in running text without 《》; `inherited` is True when the
    title was carried over from an earlier citation of the same text (《安全生产法》第九条；第十条).
    """

    start: int
    end: int
    text: str
    title: str | None = None
    bracketed: bool = True
    article: int | None = None
    paragraph: int | None = None
    item: int | None = None
    sub_item: int | None = None
    qualifier: str | None = None
    qualifier_year: int | None = None
    doc_number: str | None = None
    inherited: bool = False


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    kind: str  # title | qualifier | doc | group
    value: str = ""
    unit: str = ""
    nums: tuple[int, ...] = ()
    bracketed: bool = True
    year: int | None = None


@dataclass
class _Group:
    """Citations of one title being assembled: refs are [article, paragraph, item, sub_item]."""

    start: int
    title: _Token | None = None
    qualifier: _Token | None = None
    doc: str | None = None
    refs: list[tuple[list[int | None], int]] = field(default_factory=list)
    last: _Token | None = None
    inherited: bool = False


def parse_basis(text: str) -> list[CitationRef]:
    """Every citation in one 设定依据 text, in order; [] for an empty or groundless text (无)."""
    return list(_parse_cached(text))


def basis_is_empty(text: str | None) -> bool:
    """True when the text states no ground at all (empty, 无, 根据工作需要 …)."""
    if text is None:
        return True
    core = normalize(text).text.strip().rstrip("。.、，,；;：: ")
    return core in vocab().empty_bases


@lru_cache(maxsize=65536)
def _parse_cached(text: str) -> tuple[CitationRef, ...]:
    return parse_normalized(normalize(text), text)


def parse_normalized(norm: Normalized, source: str) -> tuple[CitationRef, ...]:
    """`parse_basis` for a text already normalised (`norm` is `normalize(source)`)."""
    if norm.text.strip().rstrip("。.") in vocab().empty_bases:
        return ()
    tokens = sorted(_tokens(norm.text, vocab()), key=lambda t: t.start)
    return tuple(_assemble(tokens, norm, source))


def _tokens(text: str, v: Vocab) -> list[_Token]:
    masked = list(text)
    tokens: list[_Token] = []

    def take(m: re.Match[str], group: int = 0) -> None:
        for i in range(m.start(group), m.end(group)):
            masked[i] = "\0"

    for m in _BRACKETED.finditer(text):
        tokens.extend(_title_tokens(m.start(), m.end(), m.group(1), v, bracketed=True))
        take(m)
    for m in _QUOTED.finditer("".join(masked)):
        if m.group(1).endswith(v.title_suffixes) and m.group(1) not in v.generic_titles:
            tokens.extend(_title_tokens(m.start(), m.end(), m.group(1), v, bracketed=True))
            take(m)
    for m in v.qualifier.finditer("".join(masked)):
        tokens.append(_Token(m.start(), m.end(), "qualifier", _clean_qualifier(m.group(1)), year=int(m.group(2))))
        take(m)
    for m in v.doc_number.finditer("".join(masked)):
        tokens.append(_Token(m.start(), m.end(), "doc", _doc_number(m, v)))
        take(m)
    for m in _GROUP.finditer("".join(masked)):
        tokens.append(_group_token(m))
        take(m)
    tokens.extend(_bare_groups(masked, _bare_pattern(v.counted_words)))
    tokens.extend(_running_titles("".join(masked), v))
    return tokens


def _title_tokens(start: int, end: int, inner: str, v: Vocab, *, bracketed: bool) -> Iterator[_Token]:
    """A title token; a qualifier written inside the brackets (《…法（2018年修正）》) becomes its own token."""
    matches = list(v.qualifier.finditer(inner))
    q = matches[-1] if matches else None
    if q is not None and q.end() == len(inner):
        yield _Token(start, end, "title", inner[: q.start()], bracketed=bracketed)
        yield _Token(end, end, "qualifier", _clean_qualifier(q.group(1)), year=int(q.group(2)))
        return
    yield _Token(start, end, "title", inner, bracketed=bracketed)


def _clean_qualifier(text: str) -> str:
    return text.strip()


def _doc_number(m: re.Match[str], v: Vocab) -> str:
    issuer = _strip_leads(m.group(1), v)
    return f"{issuer}〔{m.group(2)}〕{int(m.group(3))}号"


def _bare_groups(masked: list[str], pattern: re.Pattern[str]) -> Iterator[_Token]:
    """Provision groups written without 第 (see `_BARE`); each one found masks its text, so a chain
    such as 第六十七条、六十八条、六十九条 is read link by link."""
    while found := list(pattern.finditer("".join(masked))):
        for m in found:
            yield _group_token(m, "body")
            for i in range(m.start("body"), m.end("body")):
                masked[i] = "\0"


def _group_token(m: re.Match[str], group: str | int = 0) -> _Token:
    nums: list[int] = []
    for part in _GROUP_PART.finditer(m.group(group)[: -1]):
        value = to_int(part.group(2))
        if value is None:
            continue
        if part.group(1) in _RANGE and nums and 0 < value - nums[-1] <= _MAX_RANGE:
            nums.extend(range(nums[-1] + 1, value + 1))
        else:
            nums.append(value)
    return _Token(m.start(group), m.end(group), "group", unit=m.group(group)[-1], nums=tuple(nums))


def _strip_leads(text: str, v: Vocab) -> str:
    changed = True
    while changed and text:
        changed = False
        for word in v.lead_words:
            if text.startswith(word) and len(text) > len(word):
                text = text[len(word):]
                changed = True
                break
    return text


_CONNECTOR = re.compile(r"(?<=[法例定则见知案要典])(?:以及|和|及|与|或)")


def _running_titles(masked: str, v: Vocab) -> Iterator[_Token]:
    """Titles written without 《》, e.g. 依据安全生产法第九条 → 安全生产法."""
    for run in _CJK_RUN.finditer(masked):
        offset = run.start()
        for part in _split_keep_offsets(run.group(0), _CONNECTOR):
            pos, raw = part
            title, shift = _candidate_title(raw, v)
            if title:
                start = offset + pos + shift
                yield _Token(start, start + len(title), "title", title, bracketed=False)


def _split_keep_offsets(text: str, pattern: re.Pattern[str]) -> Iterator[tuple[int, str]]:
    pos = 0
    for m in pattern.finditer(text):
        yield pos, text[pos: m.start()]
        pos = m.end()
    yield pos, text[pos:]


def _candidate_title(raw: str, v: Vocab) -> tuple[str | None, int]:
    """The title inside a run of running text and its offset in the run, or (None, 0)."""
    leads = list(_STRONG_LEADS.finditer(raw))
    shift = leads[-1].end() if leads else 0
    text = raw[shift:]
    for phrase in v.trailing_phrases:
        if text.endswith(phrase) and text[: -len(phrase)].endswith(v.title_suffixes):
            text = text[: -len(phrase)]
            break
    stripped = _strip_leads(text, v)
    shift += len(text) - len(stripped)
    text = stripped
    if len(text) < 3 or not text.endswith(v.title_suffixes) or text in v.generic_titles:
        return None, 0
    if any(text.endswith(g) and len(text) - len(g) < 2 for g in v.generic_titles):
        return None, 0
    return text, shift


def _assemble(tokens: list[_Token], norm: Normalized, source: str) -> Iterator[CitationRef]:
    group: _Group | None = None
    last_title: _Token | None = None
    for tok in tokens:
        if tok.kind == "title":
            if group is not None:
                yield from _emit(group, norm, source)
            group = _Group(tok.start, title=tok)
            last_title = tok
        elif tok.kind == "qualifier":
            if group is not None and group.qualifier is None:
                group.qualifier = tok
        elif tok.kind == "doc":
            if group is not None and group.doc is None and not group.refs:
                group.doc = tok.value
                group.last = tok
            else:
                if group is not None:
                    yield from _emit(group, norm, source)
                group = _Group(tok.start, doc=tok.value)
                group.last = tok
        else:
            if group is None or (group.title is None and group.doc is not None):
                if group is not None:
                    yield from _emit(group, norm, source)
                group = _Group(tok.start, title=last_title, inherited=last_title is not None)
            _apply(group, tok, norm.text)
    if group is not None:
        yield from _emit(group, norm, source)


def _apply(group: _Group, tok: _Token, text: str) -> None:
    """Add a provision group (第九条 / 第二款 / 第（三）项 …) to the citations being assembled."""
    level = _LEVELS[tok.unit]
    between = text[group.last.end: tok.start] if group.last is not None and group.last.kind == "group" else ""
    nums = list(tok.nums)
    refs = group.refs
    if between in _RANGE and refs and refs[-1][0][level] is not None:
        first = refs[-1][0][level]
        assert first is not None
        if 0 < nums[0] - first <= _MAX_RANGE:
            nums = list(range(first + 1, nums[0] + 1)) + nums[1:]
    base: list[int | None] = list(refs[-1][0]) if refs else [None, None, None, None]
    refine = bool(refs) and all(x is None for x in refs[-1][0][level:]) and any(
        x is not None for x in refs[-1][0][:level]
    )
    if refine:
        refs.pop()
    for n in nums:
        ref = base[:level] + [n] + [None] * (3 - level)
        refs.append((ref, tok.end))
    group.last = tok


def _emit(group: _Group, norm: Normalized, source: str) -> Iterator[CitationRef]:
    title = group.title
    start = title.start if title is not None and not group.inherited else group.start
    if not group.refs:
        end = max(t.end for t in (title, group.qualifier) if t is not None) if title or group.qualifier else start
        if group.last is not None:
            end = max(end, group.last.end)
        yield _ref(group, norm, source, start, end, [None, None, None, None])
        return
    for numbers, end in group.refs:
        yield _ref(group, norm, source, start, end, numbers)


def _ref(
    group: _Group, norm: Normalized, source: str, start: int, end: int, numbers: list[int | None]
) -> CitationRef:
    s, e = norm.span(start, end)
    title, q = group.title, group.qualifier
    return CitationRef(
        start=s,
        end=e,
        text=source[s:e],
        title=title.value if title is not None else None,
        bracketed=title.bracketed if title is not None else True,
        article=numbers[0],
        paragraph=numbers[1],
        item=numbers[2],
        sub_item=numbers[3],
        qualifier=q.value if q is not None else None,
        qualifier_year=q.year if q is not None else None,
        doc_number=group.doc,
        inherited=group.inherited,
    )
