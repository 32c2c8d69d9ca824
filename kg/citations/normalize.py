"""Stage 1: clean a basis text so later stages see one spelling of every character.

Full-width letters, digits and punctuation become half-width (NFKC), whitespace inside a line is
dropped (Chinese needs none; lists are full of stray spaces), line breaks are kept because they
separate citations. Each normalised character remembers where it came from, so a citation's span can
be cut from the text exactly as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_REPLACE = {
    "\r": "\n", "\u2028": "\n", "\u2029": "\n",
    "〈": "〈", "〉": "〉", "<": "〈", ">": "〉",
    "﹝": "〔", "﹞": "〕", "［": "[", "］": "]",
    "—": "-", "–": "-", "－": "-", "―": "-", "~": "-", "～": "-",
    "“": "“", "”": "”", "\"": "“",
    "條": "条", "項": "项",  # traditional units of a provision (第九條第二款第三項); titles are matched later
}


@dataclass(frozen=True)
class Normalized:
    """Normalised text and, for each of its characters, the index of its source character."""

    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span in the source text of the normalised span [start, end)."""
        if start >= end:
            return (self.origin[start] if start < len(self.origin) else 0,) * 2
        return self.origin[start], self.origin[end - 1] + 1


@lru_cache(maxsize=4096)
def _char(ch: str) -> str:
    if ch in _REPLACE:
        return _REPLACE[ch]
    if ch.isspace():
        return ""
    out = unicodedata.normalize("NFKC", ch)
    return "".join(_REPLACE.get(c, c) for c in out if not c.isspace() or c == "\n")


def normalize(text: str) -> Normalized:
    mapped = [_char(ch) for ch in text]
    if all(len(m) == 1 for m in mapped):
        joined = "".join(mapped)
        if "〈〈" not in joined and "〉〉" not in joined:
            return Normalized(_inner_titles(joined), tuple(range(len(joined))))
    chars: list[str] = []
    origin: list[int] = []
    for i, m in enumerate(mapped):
        for c in m:
            chars.append(c)
            origin.append(i)
    joined = "".join(chars).replace("〈〈", "《").replace("〉〉", "》")
    if len(joined) != len(chars):
        realigned = _realign(chars, origin)
        return Normalized(_inner_titles(realigned.text), realigned.origin)
    return Normalized(_inner_titles(joined), tuple(origin))


def _inner_titles(text: str) -> str:
    """A title quoted inside a title takes 〈〉, as the official style writes it: in
    《宁夏回族自治区实施《中华人民共和国土地管理法》办法》 the inner 《》 are not a citation of the law (its
    第十条 is the 办法's). Brackets left open do not reach past the end of a line."""
    if text.count("《") < 2:
        return text
    out, depth = [], 0
    for ch in text:
        if ch == "\n":
            depth = 0
        elif ch == "《":
            ch, depth = ("〈" if depth else "《"), depth + 1
        elif ch == "》" and depth:
            depth -= 1
            ch = "〉" if depth else "》"
        out.append(ch)
    return "".join(out)


def _realign(chars: list[str], origin: list[int]) -> Normalized:
    """Rebuild the offset map after `<<`/`>>` (typed for 《》) were merged into one character."""
    out: list[str] = []
    out_origin: list[int] = []
    i = 0
    while i < len(chars):
        pair = "".join(chars[i:i + 2])
        if pair in ("〈〈", "〉〉"):
            out.append("《" if pair == "〈〈" else "》")
            out_origin.append(origin[i])
            i += 2
            continue
        out.append(chars[i])
        out_origin.append(origin[i])
        i += 1
    return Normalized("".join(out), tuple(out_origin))


_BRACKETS = str.maketrans({"《": "", "》": "", "〈": "", "〉": "", "“": "", "”": "", "（": "(", "）": ")"})
_TRAILING_QUALIFIER = re.compile(r"\((\d{4})年[^()]{0,10}\)$")


def simple_text(text: str) -> str:
    """Normalised text without the offset map (for keys and vocabulary)."""
    return normalize(text).text


@lru_cache(maxsize=65536)
def title_key(title: str, prefixes: tuple[str, ...] = ("中华人民共和国",)) -> str:
    """The key a title is looked up by: normalised, without quotes, brackets unified, without a
    trailing version qualifier and without a national prefix such as 中华人民共和国.

    >>> title_key(" 《中华人民共和国安全生产法（2021年修正）》")
    '安全生产法'
    """
    key = simple_text(title).translate(_BRACKETS).replace("\n", "")
    key = _TRAILING_QUALIFIER.sub("", key)
    for prefix in prefixes:
        if key.startswith(prefix) and len(key) > len(prefix):
            key = key[len(prefix):]
            break
    return key
