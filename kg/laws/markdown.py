"""One statute file in the LawRefBook layout: `# title`, optional `# part`, dated history lines,
`<!-- INFO END -->`, then `##` headings and articles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kg.laws.text import HistoryLine, history_lines

INFO_END = "<!-- INFO END -->"


@dataclass(frozen=True)
class MarkdownParts:
    title: str
    part: str | None
    history: list[HistoryLine]
    body: list[str]


def split_markdown(text: str) -> MarkdownParts | None:
    """Title, part heading, history and body lines; None when the file has no `# title`."""
    lines = text.splitlines()
    if INFO_END in text:
        cut = next(i for i, line in enumerate(lines) if INFO_END in line)
        head, body = lines[:cut], lines[cut + 1:]
    else:
        head, body = [], lines
    headings = [line[2:].strip() for line in head if line.startswith("# ")]
    if not headings:
        headings = [line[2:].strip() for line in lines[:5] if line.startswith("# ")]
        body = [line for line in body if not line.startswith("# ")]
    if not headings or not headings[0]:
        return None
    dated = [line for line in head if not line.startswith("#")]
    return MarkdownParts(
        title=_strip_comment(headings[0]),
        part=_strip_comment(headings[1]) if len(headings) > 1 else None,
        history=history_lines(dated),
        body=body,
    )


def _strip_comment(text: str) -> str:
    return text.split("<!--")[0].strip()


def date_in_name(stem: str) -> date | None:
    """The version date LawRefBook puts in file names: 安全生产法(2021-06-10)."""
    if stem.endswith(")") and "(" in stem:
        raw = stem.rsplit("(", 1)[1][:-1]
        try:
            return date.fromisoformat(raw)
        except ValueError:
            return None
    return None
