"""Traditional → simplified Chinese, the one converter every module uses.

OpenCC's pure-Python converter costs about 50 µs a call and the same names (townships, offices,
categories) recur tens of thousands of times in a province, so results are cached.
"""

from __future__ import annotations

from functools import lru_cache

from opencc import OpenCC

_T2S = OpenCC("t2s")


@lru_cache(maxsize=131072)
def to_simplified(text: str) -> str:
    return str(_T2S.convert(text))
