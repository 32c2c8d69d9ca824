"""Findings and statute impact over HTTP: `router(store)`.

`GET /api/findings` (filters as `qingdan check`, paging, `?format=csv|xlsx`), `GET /api/findings/summary`
(counts by kind × county or township) and `GET /api/impact`. Findings are computed once per build
(`kg.analyses.build_stamp`) and kept until the store is rebuilt, so a request only filters and pages.
"""

from __future__ import annotations

import io
import tempfile
import threading
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.envelope import ERROR_RESPONSES, ApiError, ok
from kg.analyses import build_stamp
from kg.checks import KINDS, Finding, run_checks
from kg.checks.export import record, write_csv, write_xlsx
from kg.config import Settings
from kg.impact import ImpactError, impact
from kg.store import Store

TAG = "检查与影响"
TAG_DESCRIPTION = "清单检查发现（无依据、依据错误或过时、机构缺失、重复、分类不一致等）与法规影响分析。"

County = Annotated[str | None, Query(pattern=r"^\d{6}$", description="县（市、区）代码，6 位")]
Township = Annotated[str | None, Query(pattern=r"^\d{9}$", description="乡镇（街道）代码，9 位")]
Kind = Annotated[list[str] | None, Query(description="检查代码，可重复；见 docs/checks.md")]
ListKindQuery = Annotated[Literal["basic", "cooperative", "returned"] | None, Query(description="清单类型")]
SeverityQuery = Annotated[Literal["error", "warning", "info"] | None, Query(description="严重程度")]
Format = Annotated[Literal["json", "csv", "xlsx"], Query(description="json（默认）、csv 或 xlsx（每个乡镇一个工作表）")]


class _Cache:
    """All findings of the store's current build, recomputed when the build stamp changes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._stamp: str | None = None
        self._findings: list[Finding] = []

    def get(self) -> list[Finding]:
        stamp = build_stamp(self.store)
        with self._lock:
            if self._stamp != stamp:
                self._findings = run_checks(self.store, data_dir=Settings.from_env().data_dir)
                self._stamp = stamp
            return self._findings


def _filtered(
    findings: list[Finding], county: str | None, township: str | None, kinds: list[str] | None,
    list_kind: str | None, severity: str | None,
) -> list[Finding]:
    unknown = [k for k in kinds or () if k not in KINDS]
    if unknown:
        raise ApiError(400, "unknown_check_kind", f"没有名为“{'、'.join(unknown)}”的检查。",
                       f"Unknown check kind: {', '.join(unknown)}.")
    scoped = county is not None or township is not None
    return [
        f for f in findings
        if (not scoped or (f.township_code is not None
                           and (county is None or f.township_code.startswith(county))
                           and (township is None or f.township_code == township)))
        and (not kinds or f.kind in kinds)
        and (list_kind is None or f.list == list_kind)
        and (severity is None or f.severity == severity)
    ]


def _download(findings: list[Finding], fmt: str) -> Response:
    if fmt == "csv":
        out = io.StringIO()
        write_csv(findings, out)
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="findings.csv"'})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "findings.xlsx"
        write_xlsx(findings, path)
        body = path.read_bytes()
    return Response(body, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": 'attachment; filename="findings.xlsx"'})


def router(store: Store) -> APIRouter:
    r = APIRouter(tags=[TAG])
    cache = _Cache(store)

    @r.get("/api/findings", summary="检查发现列表", responses=ERROR_RESPONSES,
           description="按县、乡镇、检查代码、清单类型、严重程度筛选，分页返回；?format=csv 或 xlsx 下载全部筛选结果。")
    def findings(
        county: County = None, township: Township = None, kind: Kind = None, list: ListKindQuery = None,
        severity: SeverityQuery = None, offset: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100, format: Format = "json",
    ) -> Any:
        rows = _filtered(cache.get(), county, township, kind, list, severity)
        if format != "json":
            return _download(rows, format)
        page = rows[offset:offset + limit]
        return ok({"total": len(rows), "offset": offset, "limit": limit,
                   "items": [{**record(f), "item_id": f.item_id} for f in page]})

    @r.get("/api/findings/summary", summary="检查发现统计", responses=ERROR_RESPONSES,
           description="按检查代码 × 县（或给出 county 时按乡镇）统计发现数。")
    def summary(county: County = None, township: Township = None) -> Any:
        rows = _filtered(cache.get(), county, township, None, None, None)
        by = "township" if county or township else "county"
        counts: dict[str, dict[str, int]] = {}
        for f in rows:
            place = (f.township_code or "") if by == "township" else (f.township_code or "")[:6]
            counts.setdefault(f.kind, {}).setdefault(place, 0)
            counts[f.kind][place] += 1
        return ok({"by": by, "total": len(rows), "counts": counts})

    @r.get("/api/impact", summary="法规影响分析", responses=ERROR_RESPONSES,
           description="依据某部法规（可限定版本日期与条）的全部事项，按县、乡镇、清单分组。")
    def impact_view(
        statute: Annotated[str, Query(min_length=1, description="法规全称或简称")],
        version: Annotated[date | None, Query(description="版本日期 YYYY-MM-DD")] = None,
        article: Annotated[int | None, Query(ge=1, description="条")] = None,
    ) -> Any:
        try:
            result = impact(store, statute, version, article)
        except ImpactError as exc:
            raise ApiError(404, "statute_not_found", str(exc), f"No statute titled {statute!r}.") from None
        return ok({**asdict(result), "item_count": result.item_count, "township_count": result.township_count,
                   "list_count": result.list_count})

    return r
