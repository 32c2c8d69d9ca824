"""Chinese and Arabic numerals as written in citations: 第一百二十三条, 第9条, 第（十）项, 第二十条."""

from __future__ import annotations

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}

NUMERAL_CHARS = "0123456789" + "".join(_DIGITS) + "".join(_UNITS)


def to_int(text: str) -> int | None:
    """The value of a numeral (Arabic digits or Chinese up to 9999), or None when it is not one.

    >>> [to_int(t) for t in ("9", "十", "十二", "一百零三", "一千二百六十", "两百", "x")]
    [9, 10, 12, 103, 1260, 200, None]
    """
    text = text.strip()
    if not text:
        return None
    if text.isascii():
        return int(text) if text.isdigit() else None
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            if digit is not None and digit != 0:
                return None
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)
