"""Wording variants of catalogue item names (rules in kg/resources/demo_wording.toml) and Chinese
numerals for numbering and article numbers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from kg.importer.text import load_resource

_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class Rule:
    kind: str
    before: str
    after: str

    def apply(self, name: str) -> str | None:
        """The varied name, or None when the rule does not apply or changes nothing useful."""
        if self.kind == "prefix" and name.startswith(self.before):
            varied = self.after + name[len(self.before) :]
        elif self.kind == "suffix" and name.endswith(self.before):
            varied = name[: len(name) - len(self.before)] + self.after
        elif self.kind == "add_suffix" and not name.endswith(self.after):
            varied = name + self.after
        elif self.kind == "synonym" and self.before in name and self.after not in name:
            varied = name.replace(self.before, self.after, 1)
        else:
            return None
        return varied if len(varied) >= 4 and varied != name else None


@cache
def rules() -> tuple[Rule, ...]:
    return tuple(Rule(r["kind"], r["from"], r["to"]) for r in load_resource("demo_wording.toml")["rules"])


def variants(name: str, aliases: tuple[str, ...]) -> tuple[str, ...]:
    """Every other wording of an item: its catalogue aliases, then the rules' results, no repeats."""
    found: list[str] = []
    for candidate in (*aliases, *(r.apply(name) for r in rules())):
        if candidate and candidate != name and candidate not in found:
            found.append(candidate)
    return tuple(found)


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五, 120 → 一百二十 (as article numbers are written)."""
    if n <= 0 or n >= 10000:
        raise ValueError(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        head = _DIGITS[n // 100] + "百"
        if rest == 0:
            return head
        return head + ("零" + _DIGITS[rest] if rest < 10 else _tens(rest))
    rest = n % 1000
    head = _DIGITS[n // 1000] + "千"
    if rest == 0:
        return head
    return head + ("零" + chinese_number(rest) if rest < 100 else chinese_number(rest))


def _tens(n: int) -> str:
    """10..99 inside a larger number: 一百一十, not 一百十."""
    return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
