"""The HTTP API: `create_app(store)` — thin over kg.browse and the store, read-only.

JSON routes under /api answer in one envelope (`{"ok": true, "data": …}`) and fail in one shape
(api.envelope); /sparql speaks the SPARQL 1.1 Protocol (api.sparql); /healthz is the liveness probe
for process managers and answers `{"status": "ok", "items": N, "graphs": M}`. OpenAPI docs at /docs.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Path, Query
from fastapi.middleware.cors import CORSMiddleware

from api import analyses, findings, sparql
from api.envelope import ERROR_RESPONSES, ApiError, Envelope, install_error_handlers, ok
from kg import browse
from kg.iris import parse_item_id
from kg.model import ListKind
from kg.store import Store

DESCRIPTION = """清单图谱（qingdan）的只读接口：乡镇（街道）履职事项清单及其设定依据。

* `/api/…`：JSON。成功时返回 `{"ok": true, "data": …}`；出错时返回
  `{"ok": false, "status": 404, "error": {"code": "…", "message": "中文说明", "message_en": "…"}}`。
* `/sparql`：SPARQL 1.1 查询端点（只读；允许跨域调用，如 YASGUI）。
* `/healthz`：运行状态与事项、命名图数量。

事项编号（item id）形如 `640221204-basic-12`：乡镇统计用区划代码、清单类型（basic 基本履职事项、
cooperative 配合履职事项、returned 上级部门收回事项）、清单内序号。
"""

CodePath = Annotated[str, Path(pattern=r"^\d{6,12}$", description="统计用区划代码，如 640221204",
                               examples=["640221204"])]


def create_app(store: Store) -> FastAPI:
    app = FastAPI(
        title="清单图谱 API",
        version="0.1.0",
        description=DESCRIPTION,
        openapi_tags=[
            {"name": "浏览", "description": "区县、乡镇、清单与事项"},
            {"name": "溯源", "description": "事项 → 设定依据 → 法规版本 → 条款"},
            {"name": "SPARQL", "description": sparql.DESCRIPTION},
            {"name": "运行状态", "description": "健康检查"},
        ],
    )
    install_error_handlers(app)
    app.add_middleware(
        CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST", "OPTIONS"], allow_headers=["*"],
        expose_headers=sparql.EXPOSED_HEADERS,
    )
    app.include_router(sparql.router(store))
    app.include_router(analyses.router(store))
    app.include_router(findings.router(store))
    _browse_routes(app, store)
    _status_routes(app, store)
    return app


def _browse_routes(app: FastAPI, store: Store) -> None:
    @app.get("/api/counties", tags=["浏览"], summary="区县列表", response_model=Envelope[list[browse.CountySummary]],
             description="图谱中有乡级单位的区县，按代码排序；含乡级单位数与已导入清单的乡级单位数。")
    def counties() -> dict[str, Any]:
        return ok(browse.counties(store))

    @app.get("/api/townships", tags=["浏览"], summary="乡镇（街道）列表", responses=ERROR_RESPONSES,
             response_model=Envelope[list[browse.TownshipSummary]],
             description="全部乡级单位（或某区县的），按代码排序；`list_counts` 为各类清单的事项数，未导入时为空。")
    def townships(
        county: Annotated[str | None, Query(pattern=r"^\d{6}$", description="区县代码，如 640221")] = None,
    ) -> dict[str, Any]:
        if county is not None and not browse.county_exists(store, county):
            raise ApiError(404, "county_not_found", f"找不到代码为 {county} 的区县。", f"No county with code {county}.")
        return ok(browse.townships(store, county))

    @app.get("/api/townships/{code}/lists", tags=["浏览"], summary="某乡镇已导入的清单", responses=ERROR_RESPONSES,
             response_model=Envelope[list[browse.ListSummary]],
             description="按基本、配合、收回的顺序列出该乡镇已导入的清单及事项数、来源文件。")
    def township_lists(code: CodePath) -> dict[str, Any]:
        _require_township(store, code)
        return ok(browse.township_lists(store, code))

    @app.get("/api/townships/{code}/lists/{kind}/items", tags=["浏览"], summary="清单中的事项",
             responses=ERROR_RESPONSES, response_model=Envelope[list[browse.ItemRow]],
             description="某乡镇某类清单的全部事项，按序号排列；含依据引用数与其中最严重的核验状态。")
    def list_items(code: CodePath, kind: Annotated[ListKind, Path(description="清单类型")]) -> dict[str, Any]:
        _require_township(store, code)
        items = browse.list_items(store, code, kind)
        if not items and kind.value not in {s.kind for s in browse.township_lists(store, code)}:
            raise ApiError(404, "list_not_found", f"乡镇 {code} 尚未导入{kind.label_zh}。",
                           f"Township {code} has no imported {kind.value} list.")
        return ok(items)

    @app.get("/api/items/{item_id}/trace", tags=["溯源"], summary="事项溯源", responses=ERROR_RESPONSES,
             response_model=Envelope[browse.ItemTrace],
             description="事项的全部字段、所属清单与来源（文件、工作表、行），每条设定依据解析到的法规、版本、"
             "条款款项及其效力状态，以及其他乡镇中同名的事项。")
    def trace(
        item_id: Annotated[str, Path(description="事项编号：乡镇代码-清单类型-序号，如 640221204-basic-12",
                                     examples=["640221204-basic-1"])],
    ) -> dict[str, Any]:
        if parse_item_id(item_id) is None:
            raise ApiError(422, "invalid_item_id", f"事项编号“{item_id}”格式不正确，应形如 640221204-basic-12。",
                           f"Malformed item id {item_id!r}; expected e.g. 640221204-basic-12.")
        found = browse.trace_item(store, item_id)
        if found is None:
            raise ApiError(404, "item_not_found", f"找不到事项 {item_id}：该乡镇未导入此清单，或清单中没有这个序号。",
                           f"No item {item_id}: the list was not imported or has no such ordinal.")
        return ok(found)


def _status_routes(app: FastAPI, store: Store) -> None:
    @app.get("/healthz", tags=["运行状态"], summary="健康检查",
             description="返回 `{\"status\": \"ok\", \"items\": 事项数, \"graphs\": 命名图数}`，供进程管理与监控使用。")
    def healthz() -> dict[str, Any]:
        return {"status": "ok", "items": browse.count_items(store), "graphs": len(store.named_graphs())}


def _require_township(store: Store, code: str) -> None:
    if not browse.township_exists(store, code):
        raise ApiError(404, "township_not_found", f"找不到代码为 {code} 的乡镇（街道）。",
                       f"No township-level unit with code {code}.")
