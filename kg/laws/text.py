"""Reading the body of a statute: history lines, headings, articles, paragraphs and items.

Shared by the LawRefBook Markdown reader and the plain-text reader (国家法律法规数据库). An article
starts with a line `第一条 …`; every following non-empty line of that article is a paragraph (款),
except lines starting （一）（二）…, which are items (项) of the paragraph before them, and lines
starting 1. 2. …, which are sub-items (目) and stay part of the item (or paragraph) they follow.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from kg.citations.numerals import to_int
from kg.model import Provision

_ARTICLE = re.compile(r"^第([零〇一二三四五六七八九十百千两0-9]+)条(之[一二三四五六七八九十]+)?(?:[\s\u3000]+|$)(.*)$")
_HEADING = re.compile(r"^(#+\s|<!--|第[零〇一二三四五六七八九十百千0-9]+[编章节分](?:[\s\u3000]|$)|目\s*录$)")
_ITEM = re.compile(r"^[（(]([零〇一二三四五六七八九十百]+)[）)]")
_SUB_ITEM = re.compile(r"^(\d{1,2})[.．、]")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_VERSION_EVENTS = ("通过", "修正", "修订", "公布", "批准", "发布", "修改")


@dataclass
class _Article:
    number: int | None
    paragraphs: list[list[str]] = field(default_factory=list)  # each: [lead text, item texts…]


def parse_articles(lines: Iterable[str], title: str, version: date) -> tuple[Provision, ...]:
    """Provisions (article, paragraph and item records with their text) of a statute body."""
    articles: list[_Article] = []
    current: _Article | None = None
    for raw in lines:
        line = raw.strip().replace("\u3000", " ").strip()
        if not line:
            continue
        m = _ARTICLE.match(line)
        if m:
            number = None if m.group(2) else to_int(m.group(1))
            current = _Article(number, [[m.group(3).strip()]])
            articles.append(current)
        elif _HEADING.match(line) or current is None:
            if line.startswith("#"):
                current = None
            continue
        elif _ITEM.match(line):
            current.paragraphs[-1].append(line)
        elif _SUB_ITEM.match(line):
            current.paragraphs[-1][-1] += "\n" + line
        else:
            current.paragraphs.append([line])
    return tuple(_provisions(articles, title, version))


def _provisions(articles: list[_Article], title: str, version: date) -> Iterator[Provision]:
    seen: set[int] = set()
    for art in articles:
        if art.number is None or art.number in seen:
            continue
        seen.add(art.number)
        full = "\n".join("\n".join(p) for p in art.paragraphs)
        yield Provision(title, version, art.number, text=full)
        for pn, para in enumerate(art.paragraphs, start=1):
            yield Provision(title, version, art.number, pn, text="\n".join(para))
            for i_n, item in enumerate(para[1:], start=1):
                yield Provision(title, version, art.number, pn, i_n, text=item)


@dataclass(frozen=True)
class HistoryLine:
    day: date
    event: str


def history_lines(lines: Iterable[str]) -> list[HistoryLine]:
    """Dated events of a statute's history (2014年8月31日 …第二次修正), in the order written."""
    found: list[HistoryLine] = []
    for line in lines:
        for m in _DATE.finditer(line):
            try:
                day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
            rest = line[m.end(): m.end() + 80]
            nxt = _DATE.search(rest)
            found.append(HistoryLine(day, rest[: nxt.start()] if nxt else rest))
    return found


def version_dates(history: list[HistoryLine]) -> tuple[date, ...]:
    """Dates of the versions named by history lines (通过, 修正, 修订 …), oldest first."""
    days = {h.day for h in history if any(e in h.event for e in _VERSION_EVENTS) and "施行" not in h.event[:4]}
    return tuple(sorted(days))


def effective_from(history: list[HistoryLine]) -> date | None:
    """The latest date a history line says the statute took effect (施行), if any."""
    days = [h.day for h in history if "施行" in h.event]
    return max(days) if days else None
