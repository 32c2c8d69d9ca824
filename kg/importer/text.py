"""Text normalisation shared by the importer's stages, and access to its vocabulary files."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from kg.regions import name_key

RESOURCES = Path(__file__).resolve().parents[1] / "resources"

_SPACES = re.compile(r"\s+")
_SPACE_NEAR_WIDE = re.compile(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])")
_TO_FULL_WIDTH = str.maketrans({"(": "（", ")": "）", ",": "，", ";": "；", ":": "：", "!": "！", "?": "？"})
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕")
_INNER_MARKS = re.compile(r"[、,，/／·・]")


@cache
def load_resource(name: str) -> dict[str, Any]:
    with (RESOURCES / name).open("rb") as f:
        return tomllib.load(f)


def key(text: str) -> str:
    """Comparison key: width folded, simplified characters, no whitespace at all."""
    return name_key(text)


def loose_key(text: str) -> str:
    """`key` without bracketed parts, list marks and trailing marks: "设定依据（法律法规）*" → "设定依据",
    "法律、法规依据" → "法律法规依据"."""
    return _INNER_MARKS.sub("", _BRACKETED.sub("", key(text))).rstrip("*:：。.")


def clean_name(text: str) -> str:
    """A name as one line: width folded, simplified, Chinese punctuation, no stray spaces.

    Spaces next to Chinese characters go ("履职 事项" → "履职事项"); runs of spaces between Latin
    letters or digits become one.
    """
    folded = name_key_preserving_spaces(text)
    one_line = _SPACES.sub(" ", folded).strip()
    return _SPACE_NEAR_WIDE.sub("", one_line).translate(_TO_FULL_WIDTH)


def name_key_preserving_spaces(text: str) -> str:
    return " ".join(name_key(part) for part in unicodedata.normalize("NFKC", text).split())


def clean_text(text: str) -> str:
    """A long text kept as written: only line endings unified and outer whitespace trimmed."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def folded(text: str) -> str:
    """Width folded (NFKC) and trimmed, for pattern matching on row texts."""
    return unicodedata.normalize("NFKC", text).strip()
