"""One statute as plain text, the way 国家法律法规数据库 (flk.npc.gov.cn) publishes it: the title on
the first line, the history in parentheses below it, an optional 目录, then chapters and articles."""

from __future__ import annotations

from dataclasses import dataclass

from kg.laws.text import HistoryLine, history_lines


@dataclass(frozen=True)
class PlainParts:
    title: str
    history: list[HistoryLine]
    body: list[str]


def split_plain(text: str) -> PlainParts | None:
    lines = [line.replace("\u3000", " ").strip() for line in text.splitlines()]
    nonempty = [i for i, line in enumerate(lines) if line]
    if not nonempty:
        return None
    title_at = nonempty[0]
    title = lines[title_at].replace(" ", "")
    head: list[str] = []
    i = title_at + 1
    while i < len(lines) and (not lines[i] or lines[i].startswith(("(", "（")) or _inside_parens(head)):
        head.append(lines[i])
        i += 1
    return PlainParts(title=title, history=history_lines(head), body=lines[i:])


def _inside_parens(head: list[str]) -> bool:
    joined = "".join(head)
    return joined.count("（") + joined.count("(") > joined.count("）") + joined.count(")")
