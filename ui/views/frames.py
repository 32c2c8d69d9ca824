"""Analysis results as tables with Chinese headers — pure functions, no Streamlit, no store."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from kg.analyses import (
    Averages,
    ComparedItem,
    DepartmentBurden,
    MandatoryCoverage,
    Reference,
    StoredFinding,
    TownshipCounts,
)
from ui.presentation import KIND_SHORT

KIND_COLOURS = {"基本": "#2e7d32", "配合": "#f9a825", "收回": "#1565c0"}
"""One colour per list kind on every chart."""
COMPARE_LABELS = {"shared": "归类相同", "different": "归类不同", "only_a": "仅甲乡镇", "only_b": "仅乙乡镇"}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


def kinds_text(kinds: Sequence[str]) -> str:
    """("basic", "returned") → 基本、收回; nothing → 未列出."""
    return "、".join(KIND_SHORT.get(k, k) for k in kinds) or "未列出"


def averages_frame(rows: Sequence[Averages], ref: Reference | None = None) -> pd.DataFrame:
    frame = pd.DataFrame([{
        "区域": r.name, "代码": r.code, "乡镇数": r.townships, "基本（平均）": r.basic, "配合（平均）": r.cooperative,
        "收回（平均）": r.returned, "配合+收回占比": round(r.share * 100, 1),
    } for r in rows])
    if ref is not None:
        published = [ref.label, "", None, ref.basic, ref.cooperative, ref.returned, round(ref.share * 100, 1)]
        frame.loc[len(frame)] = published
    return frame


def township_frame(rows: Sequence[TownshipCounts]) -> pd.DataFrame:
    return pd.DataFrame([{
        "代码": r.code, "乡镇（街道）": r.name, "类型": r.kind, "区县": r.county, "基本": r.basic,
        "配合": r.cooperative, "收回": r.returned, "合计": r.total, "配合+收回占比": round(r.share * 100, 1),
    } for r in rows])


def burden_frame(rows: Sequence[DepartmentBurden]) -> pd.DataFrame:
    return pd.DataFrame([{
        "区县": r.county, "县级主责部门": r.department, "配合事项数": r.items, "涉及乡镇数": r.townships,
        "未写明履职保障": r.without_guarantee, "未写明保障占比": round(r.share_without * 100, 1),
    } for r in rows])


def coverage_frame(rows: Sequence[MandatoryCoverage]) -> pd.DataFrame:
    return pd.DataFrame([{
        "代码": r.township_code, "乡镇（街道）": r.township, "区县": r.county, "已列兜底事项": r.listed,
        "兜底事项总数": r.total, "覆盖率": round(r.share * 100, 1), "缺少的兜底事项": "、".join(r.missing),
    } for r in rows])


def compare_labels(a: str, b: str) -> dict[str, str]:
    """Status → label, naming the two townships: 仅高仁乡列出."""
    return {**COMPARE_LABELS, "only_a": f"仅{a}列出", "only_b": f"仅{b}列出"}


def compare_frame(rows: Sequence[ComparedItem], a: str, b: str) -> pd.DataFrame:
    labels = compare_labels(a, b)
    return pd.DataFrame([{
        "对比结果": labels[r.status], "事项": r.name, "参考目录编码": "" if r.key.startswith("个性") else r.key,
        "板块": r.section, f"{a}": kinds_text(r.kinds_a), f"{b}": kinds_text(r.kinds_b),
    } for r in rows])


def findings_frame(rows: Sequence[StoredFinding]) -> pd.DataFrame:
    return pd.DataFrame([{
        "级别": SEVERITY_LABELS.get(f.severity, f.severity), "问题类型": f.title, "区县": f.county or "",
        "乡镇（街道）": f.township or "", "清单": KIND_SHORT.get(f.list or "", ""), "事项": f.item or "",
        "说明": f.message, "建议": f.fix, "事项编号": f.item_id or "",
    } for f in rows], columns=["级别", "问题类型", "区县", "乡镇（街道）", "清单", "事项", "说明", "建议", "事项编号"])
