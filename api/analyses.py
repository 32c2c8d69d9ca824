"""Pattern analyses over HTTP: `router(store)` — one JSON endpoint per analysis of kg.analyses, each
filterable by county / township / list kind, each downloadable as CSV with `?format=csv`.

The data the analyses read is loaded once per build (`kg.analyses.load`) and kept until the build
stamp changes, so a request computes only its own small answer.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import threading
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.envelope import ERROR_RESPONSES, ApiError, Envelope, ok
from kg import analyses
from kg.analyses import AnalysisData
from kg.model import ListKind
from kg.store import Store

TAG = "规律分析"
TAG_DESCRIPTION = (
    "跨乡镇的规律：清单规模与全区平均、共性与个性事项、事项分布、相似乡镇与群组、类别构成、部门负担、"
    "兜底事项覆盖。每个接口均可加 ?format=csv 下载。"
)
TEXTS = {
    "/averages": (
        "各区县清单规模与全区平均",
        "每个区县平均每个乡镇的基本、配合、收回事项数及配合和收回事项占比；"
        "全区数字见 /api/analyses/reference。",
    ),
    "/townships": (
        "各乡镇清单规模",
        "每个已导入乡镇的基本、配合、收回事项数与配合和收回事项占比。",
    ),
    "/matrix": (
        "乡镇 × 事项矩阵",
        "长表：每行是一个乡镇列出的一个事项（参考目录编码，或个性事项的规范化名称）及其所在清单。",
    ),
    "/common": (
        "共性事项",
        "范围内至少 threshold（默认 90%）的乡镇都列出的事项，及其在各类清单中的乡镇数。",
    ),
    "/spread": (
        "事项覆盖面",
        "范围内每个事项被多少乡镇列出、分别列在哪类清单，按乡镇数从多到少。",
    ),
    "/individual": (
        "个性事项",
        "未能对应参考目录的事项（个性事项），及列出它的乡镇。",
    ),
    "/placements": (
        "事项在各乡镇的归类",
        "某一事项（参考目录编码，如 BD-AQ-001）在每个乡镇列在哪类清单，未列出时为空。",
    ),
    "/similarity": (
        "相似乡镇",
        "给出 township 时返回与它最相似的乡镇（Jaccard 相似度）；否则返回范围内最相似的乡镇"
        "对。",
    ),
    "/communities": (
        "相似乡镇群组",
        "Louvain 社区发现得到的相似乡镇群组，含可读的群组名称与区别性事项。",
    ),
    "/category-mix": (
        "事项类别构成",
        "每个乡镇的事项在参考目录各板块（党的建设……收回、个性事项）中的数量与占比。",
    ),
    "/department-burden": (
        "部门负担",
        "每个县级主责部门牵头的配合事项数、涉及乡镇数，及其中未写明履职保障的事项数与占比。",
    ),
    "/mandatory-coverage": (
        "兜底事项覆盖",
        "每个乡镇在基本或配合清单中列出的兜底事项数、占比与缺少的事项。",
    ),
    "/compare": (
        "两个乡镇对比",
        "两个乡镇的事项逐项对比：status 为 shared（归类相同）、different（归类不同）、"
        "only_a、only_b（只有一方列出）。",
    ),
}
"""Summary and description (Chinese, shown in /docs) of each endpoint."""


County = Annotated[str | None, Query(pattern=r"^\d{6}$", description="区县代码，如 640221")]
Township = Annotated[str | None, Query(pattern=r"^\d{9,12}$", description="乡镇代码，如 640221204")]
Kind = Annotated[ListKind | None, Query(description="清单类型：basic 基本、cooperative 配合、returned 收回")]
Format = Annotated[Literal["json", "csv"], Query(description="json（默认）或 csv（下载）")]


class DataCache:
    """The analysis data of the store's current build, reloaded when the build stamp changes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._data: AnalysisData | None = None

    def get(self) -> AnalysisData:
        stamp = analyses.build_stamp(self.store)
        with self._lock:
            if self._data is None or self._data.stamp != stamp:
                self._data = analyses.load(self.store)
            return self._data


def csv_text(rows: Sequence[Any]) -> str:
    """Dataclass rows as CSV (UTF-8 with BOM for Excel); tuples are joined with `|`."""
    out = io.StringIO()
    out.write("\ufeff")
    if rows:
        names = [f.name for f in dataclasses.fields(rows[0])]
        writer = csv.writer(out)
        writer.writerow(names)
        for row in rows:
            writer.writerow(["|".join(map(str, v)) if isinstance(v, tuple) else v for v in
                             (getattr(row, n) for n in names)])
    return out.getvalue()


def answer(rows: Sequence[Any], fmt: str, name: str) -> Any:
    if fmt == "csv":
        return Response(csv_text(rows), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    return ok(list(rows))


def router(store: Store) -> APIRouter:
    cache = DataCache(store)
    r = APIRouter(prefix="/api/analyses", tags=[TAG])

    def scoped(county: str | None = None, township: str | None = None) -> AnalysisData:
        data = cache.get()
        if county is not None and not any(t.county_code == county for t in data.townships):
            raise ApiError(404, "county_not_found", f"找不到代码为 {county} 的区县。", f"No county with code {county}.")
        if township is not None and township not in data.township_by_code:
            raise ApiError(404, "township_not_found", f"找不到代码为 {township} 的乡镇（街道）。",
                           f"No township-level unit with code {township}.")
        return data

    def get(path: str, model: Any) -> Callable[[Any], Any]:
        summary, description = TEXTS[path]
        return r.get(path, summary=summary, description=description, responses=ERROR_RESPONSES,
                     response_model=Envelope[list[model]])

    @get("/averages", analyses.Averages)
    def averages(county: County = None, format: Format = "json") -> Any:
        data = scoped(county)
        return answer(analyses.county_averages(data, county), format, "county_averages")

    @r.get("/reference", summary="全区参考数字", response_model=Envelope[dict[str, Any]],
           description="公开发布的全区平均（基本 127、配合 77、收回 92 项，配合和收回占 57%），"
           "及图谱中已导入乡镇的同口径数字。")
    def region() -> Any:
        data = cache.get()
        return ok({"published": analyses.reference(), "graph": analyses.region_averages(data)})

    @get("/townships", analyses.TownshipCounts)
    def townships(county: County = None, township: Township = None, format: Format = "json") -> Any:
        data = scoped(county, township)
        return answer(analyses.township_counts(data, county, township), format, "township_counts")

    @get("/matrix", analyses.MatrixCell)
    def matrix(county: County = None, township: Township = None, kind: Kind = None, format: Format = "json") -> Any:
        data = scoped(county, township)
        return answer(analyses.matrix(data, county, township, kind), format, "matrix")

    @get("/common", analyses.ItemSpread)
    def common(county: County = None, kind: Kind = None,
               threshold: Annotated[float | None, Query(ge=0, le=1, description="乡镇占比下限，默认 0.9")] = None,
               format: Format = "json") -> Any:
        data = scoped(county)
        return answer(analyses.common_items(data, county, kind, threshold), format, "common_items")

    @get("/spread", analyses.ItemSpread)
    def spread(county: County = None, kind: Kind = None, format: Format = "json") -> Any:
        data = scoped(county)
        return answer(analyses.item_spread(data, county, kind), format, "item_spread")

    @get("/individual", analyses.IndividualItem)
    def individual(county: County = None, township: Township = None, kind: Kind = None,
                   format: Format = "json") -> Any:
        data = scoped(county, township)
        return answer(analyses.individual_items(data, county, township, kind), format, "individual_items")

    @get("/placements", analyses.Placement)
    def placements(item: Annotated[str, Query(min_length=1, description="事项：参考目录编码，如 BD-AQ-001")],
                   county: County = None, format: Format = "json") -> Any:
        data = scoped(county)
        return answer(analyses.placements(data, item, county), format, "placements")

    @get("/similarity", analyses.Neighbour | analyses.SimilarPair)
    def similarity(county: County = None, township: Township = None, kind: Kind = None,
                   limit: Annotated[int, Query(ge=1, le=500)] = 20, format: Format = "json") -> Any:
        data = scoped(county, township)
        if township is not None:
            return answer(analyses.nearest(data, township, kind, limit, county), format, "nearest_townships")
        return answer(analyses.similar_pairs(data, kind, county, limit), format, "similar_pairs")

    @get("/communities", analyses.Community)
    def communities(county: County = None, kind: Kind = None, format: Format = "json") -> Any:
        data = scoped(county)
        return answer(analyses.communities(data, kind, county), format, "communities")

    @get("/category-mix", analyses.SectionShare)
    def category_mix(county: County = None, township: Township = None, kind: Kind = None,
                     format: Format = "json") -> Any:
        data = scoped(county, township)
        return answer(analyses.category_mix(data, county, township, kind), format, "category_mix")

    @get("/department-burden", analyses.DepartmentBurden)
    def department_burden(county: County = None, format: Format = "json") -> Any:
        data = scoped(county)
        return answer(analyses.department_burden(data, county), format, "department_burden")

    @get("/mandatory-coverage", analyses.MandatoryCoverage)
    def mandatory_coverage(county: County = None, township: Township = None, format: Format = "json") -> Any:
        data = scoped(county, township)
        return answer(analyses.mandatory_coverage(data, county, township), format, "mandatory_coverage")

    @get("/compare", analyses.ComparedItem)
    def compare(a: Annotated[str, Query(pattern=r"^\d{9,12}$", description="乡镇 A 的代码")],
                b: Annotated[str, Query(pattern=r"^\d{9,12}$", description="乡镇 B 的代码")],
                format: Format = "json") -> Any:
        data = scoped(None, a)
        scoped(None, b)
        return answer(analyses.compare(data, a, b), format, f"compare_{a}_{b}")

    return r
