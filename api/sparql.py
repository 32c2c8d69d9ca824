"""The SPARQL 1.1 Protocol endpoint `/sparql`: query operation only, read-only to the public.

Queries arrive by GET `?query=`, by POST form-encoded (`query=`) or by POST with the query as body
(`Content-Type: application/sparql-query`); `default-graph-uri` and `named-graph-uri` set the RDF
dataset and override the query's FROM / FROM NAMED. Without either, the query's own FROM clauses set
it, and without those the default graph is the union of all named graphs. The prefixes qd: eli: org:
skos: prov: dcterms: rdf: rdfs: xsd: are predeclared. SELECT and ASK answer in SPARQL results JSON
(also XML, CSV, TSV), CONSTRUCT and DESCRIBE in Turtle (also N-Triples, RDF/XML, JSON-LD), as the
Accept header (or `format=`) asks. GET without a query answers the SPARQL 1.1 Service Description.

Safe by default (limits in `kg.sparql_limits.SparqlLimits`, see docs/sparql.md): updates are refused
(403), federated `SERVICE` is refused before evaluation (403, no connection is ever made), each query
runs in a worker process that is killed at the time limit (503) and whose memory is capped (503),
results are cut at the row cap and say so in `X-SPARQL-Truncated`/`X-SPARQL-MaxRows`, a response
past the byte cap is refused (500), a request body past its cap is 413 (a URL past it 414), a query
nested or long enough to overflow the evaluator's stack is refused (400) before it runs. Status
codes follow the Protocol: 400 for a malformed query or request (two `query`, `query` with
`update`), 415 for a media type or charset the endpoint does not take, 406 when no acceptable format
can be produced.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request, Response
from pyoxigraph import NamedNode, RdfFormat, serialize
from starlette.concurrency import run_in_threadpool

from api.envelope import ERROR_RESPONSES, ApiError, error_response
from api.service_description import FORMATS, SD, description_triples
from kg.sparql_limits import SparqlLimits
from kg.sparql_text import is_update, query_size, uses_service
from kg.sparql_worker import QueryFailure, QueryJob, WorkerPool
from kg.store import Store

# Media types a client may ask for → the canonical one the worker writes.
RESULTS_TYPES: dict[str, str] = {
    "application/sparql-results+json": "application/sparql-results+json",
    "application/json": "application/sparql-results+json",
    "application/sparql-results+xml": "application/sparql-results+xml",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "text/csv": "text/csv",
    "text/tab-separated-values": "text/tab-separated-values",
}
GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "text/turtle",
    "application/x-turtle": "text/turtle",
    "application/n-triples": "application/n-triples",
    "text/plain": "application/n-triples",
    "application/rdf+xml": "application/rdf+xml",
    "application/xml": "application/rdf+xml",
    "application/ld+json": "application/ld+json",
    "application/json": "application/ld+json",
}
# `format=` (also `output=`/`results=` as SPARQLWrapper sends them): a name → the media types it means
# for results and for graphs, so `xml` gives results XML for SELECT and RDF/XML for CONSTRUCT. A media
# type is accepted as a format value too (`format=text/csv`).
FORMAT_NAMES: dict[str, tuple[str, ...]] = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv",),
    "tsv": ("text/tab-separated-values",),
    "turtle": ("text/turtle",),
    "n3": ("text/turtle",),
    "ntriples": ("application/n-triples",),
    "nt": ("application/n-triples",),
    "rdfxml": ("application/rdf+xml",),
    "rdf": ("application/rdf+xml",),
    "jsonld": ("application/ld+json",),
    "json-ld": ("application/ld+json",),
}
FORMAT_PARAMS = ("format", "output", "results")
POST_TYPES = ("application/sparql-query", "application/x-www-form-urlencoded", "application/sparql-update")
ALLOW = "GET, HEAD, POST, OPTIONS"
EXPOSED_HEADERS = ["X-SPARQL-Rows", "X-SPARQL-Truncated", "X-SPARQL-MaxRows"]
"""Headers a browser client (YASGUI) may read across origins: how many rows, and whether they were cut."""
_RESULTS_DEFAULT = "application/sparql-results+json"
_GRAPH_DEFAULT = "text/turtle"

DESCRIPTION = (
    "SPARQL 1.1 查询端点（SPARQL 1.1 Protocol，只读）。GET `?query=`，或 POST 表单 `query=`，或 POST "
    "`Content-Type: application/sparql-query`。默认图为全部命名图的并集，已预置 qd: eli: org: skos: prov: "
    "dcterms: rdf: rdfs: xsd: 前缀。SELECT/ASK 按 Accept 返回 application/sparql-results+json（默认）、"
    "+xml、text/csv、text/tab-separated-values；CONSTRUCT/DESCRIBE 返回 text/turtle（默认）、"
    "application/n-triples、application/rdf+xml、application/ld+json。也可用 `format=` 指定："
    + "、".join(FORMAT_NAMES)
    + "。语法错误返回 400；UPDATE 与 SERVICE 联邦查询一律拒绝（403）。每个查询有时间上限（超时返回 503）；"
    "结果超过行数上限时截断，并在响应头 X-SPARQL-Truncated、X-SPARQL-MaxRows 中说明。不带 query 参数的 GET "
    "返回本端点的 SPARQL 1.1 服务描述（Service Description）。"
)


def router(store: Store, limits: SparqlLimits | None = None) -> APIRouter:
    """The /sparql routes over `store`; queries run in a `WorkerPool` over the same location, so the
    time limit of `limits` (default: from the environment) really stops them."""
    limits = limits or SparqlLimits.from_env()
    pool = WorkerPool(store.location, limits)
    r = APIRouter(tags=["SPARQL"])
    responses: dict[int | str, dict[str, Any]] = {
        **ERROR_RESPONSES,
        403: ERROR_RESPONSES[400] | {"description": "只读端点拒绝的操作（UPDATE、SERVICE）"},
        413: ERROR_RESPONSES[400] | {"description": "请求正文过大"},
        415: ERROR_RESPONSES[400] | {"description": "不支持的请求类型或字符集"},
        503: ERROR_RESPONSES[400] | {"description": "查询超时或端点繁忙"},
    }

    @r.api_route("/sparql", methods=["GET", "HEAD"], summary="SPARQL 查询（GET）", description=DESCRIPTION,
                 responses=responses)
    def sparql_get(request: Request) -> Response:
        if len(request.url.query.encode()) > limits.max_request_bytes:
            raise _too_large(414, limits)
        params = {k: request.query_params.getlist(k) for k in request.query_params}
        refuse_update_params(params)
        if "query" not in params:
            return describe_service(store, request)
        return run_query(pool, _required(params["query"]), _accepted(request), params)

    @r.post("/sparql", summary="SPARQL 查询（POST）", description=DESCRIPTION, responses=responses)
    async def sparql_post(request: Request) -> Response:
        media, charset = _content_type(request.headers.get("content-type", ""))
        if media not in POST_TYPES:
            raise _unsupported_media()
        if charset not in (None, "utf-8", "utf8"):
            raise ApiError(415, "unsupported_charset", f"请求正文须为 UTF-8 编码，不支持字符集“{charset}”。",
                           f"The request body must be UTF-8; charset {charset!r} is not supported.")
        body = await read_body(request, limits)
        params = {k: request.query_params.getlist(k) for k in request.query_params}
        if media == "application/sparql-update":
            raise _update_refused()
        if media == "application/sparql-query":
            refuse_update_params(params)
            if "query" in params:
                raise _one_query()
            text, wanted = _required([body]), _accepted(request)
        else:
            form = _parse_form(body)
            for name, values in form.items():
                params.setdefault(name, []).extend(values)
            refuse_update_params(params)
            text, wanted = _required(params.get("query", [])), _accepted(request, form)
        return await run_in_threadpool(run_query, pool, text, wanted, params)

    @r.options("/sparql", summary="SPARQL 端点允许的方法", description="返回 204 与 Allow 头。浏览器的跨域预检"
               "（CORS preflight）由跨域中间件应答。")
    def sparql_options() -> Response:
        return Response(status_code=204, headers={"Allow": ALLOW})

    @r.api_route("/sparql", methods=["PUT", "DELETE", "PATCH"], include_in_schema=False)
    def sparql_other() -> Response:
        response = error_response(ApiError(
            405, "method_not_allowed", "SPARQL 端点只接受 GET、HEAD、POST、OPTIONS 请求。",
            "The SPARQL endpoint accepts GET, HEAD, POST and OPTIONS only.",
        ))
        response.headers["Allow"] = ALLOW
        return response

    return r


def run_query(pool: WorkerPool, text: str, wanted: list[str], params: Mapping[str, list[str]]) -> Response:
    """Refuse what the endpoint never runs, negotiate both result families, run the query in the pool
    and turn its outcome into a response. `params` carries `default-graph-uri` and `named-graph-uri`."""
    refuse_unsafe(text)
    refuse_too_complex(text, pool.limits)
    results = _negotiate_or_none(wanted, RESULTS_TYPES, _RESULTS_DEFAULT)
    graph = _negotiate_or_none(wanted, GRAPH_TYPES, _GRAPH_DEFAULT)
    if results is None and graph is None:
        raise _not_acceptable([*RESULTS_TYPES, *GRAPH_TYPES])
    job = QueryJob(
        text=text,
        default_graphs=_graph_iris(params, "default-graph-uri"),
        named_graphs=_graph_iris(params, "named-graph-uri"),
        results_media=RESULTS_TYPES[results] if results else None,
        graph_media=GRAPH_TYPES[graph] if graph else None,
        max_rows=pool.limits.max_rows,
        max_bytes=pool.limits.max_response_bytes,
    )
    outcome = pool.run(job)
    if isinstance(outcome, QueryFailure):
        raise _failure(outcome, pool.limits, results, graph)
    media = results if outcome.media == job.results_media else graph
    headers = {"X-SPARQL-Rows": str(outcome.rows)}
    if outcome.truncated:
        headers |= {"X-SPARQL-Truncated": "true", "X-SPARQL-MaxRows": str(pool.limits.max_rows)}
    return Response(content=outcome.body, media_type=media, headers=headers)


def describe_service(store: Store, request: Request) -> Response:
    """The SPARQL 1.1 Service Description, as RDF in the negotiated graph format."""
    endpoint = str(request.url.replace(query=""))
    media = negotiate(_accepted(request), GRAPH_TYPES, _GRAPH_DEFAULT)
    fmt = RdfFormat.from_media_type(GRAPH_TYPES[media]) or RdfFormat.TURTLE
    triples = description_triples(endpoint, store.named_graphs())
    prefixes = {"sd": SD.iri, "formats": FORMATS.iri} if fmt in (RdfFormat.TURTLE, RdfFormat.RDF_XML) else None
    return Response(content=serialize(triples, format=fmt, prefixes=prefixes) or b"", media_type=media)


def refuse_unsafe(text: str) -> None:
    """403 for an update or a federated query, whichever way it was sent, before anything runs."""
    if is_update(text):
        raise _update_refused()
    if uses_service(text):
        raise _service_refused()


def refuse_too_complex(text: str, limits: SparqlLimits) -> None:
    """400 for a query nested deeper or longer than the limits: pyoxigraph would overflow its stack."""
    size = query_size(text)
    if size.depth > limits.max_query_depth:
        raise ApiError(400, "query_too_complex",
                       f"查询嵌套过深（{size.depth} 层，上限 {limits.max_query_depth} 层）。请简化查询。",
                       f"The query nests {size.depth} levels deep; the limit is {limits.max_query_depth}.")
    if size.terms > limits.max_query_terms:
        raise ApiError(400, "query_too_complex",
                       f"查询过长（VALUES 之外有 {size.terms} 个词项，上限 {limits.max_query_terms} 个）。"
                       "长列表请写进 VALUES 块。",
                       f"The query has {size.terms} terms outside VALUES blocks; the limit is "
                       f"{limits.max_query_terms}. Put long lists in a VALUES block.")


def refuse_update_params(params: Mapping[str, list[str]]) -> None:
    """`query` together with `update` is a malformed request (400); `update` alone is refused (403)."""
    if "update" in params:
        if "query" in params:
            raise ApiError(400, "query_and_update", "请求不能同时包含 query 和 update 参数。",
                           "A request must not carry both `query` and `update`.")
        raise _update_refused()


def negotiate(accepted: list[str], offered: Mapping[str, object], default: str) -> str:
    """The first media type in `accepted` (already ordered by preference) that is offered; wildcards
    take the default. 406 when the client accepts nothing offered."""
    found = _negotiate_or_none(accepted, offered, default)
    if found is None:
        raise _not_acceptable(list(offered))
    return found


def _negotiate_or_none(accepted: list[str], offered: Mapping[str, object], default: str) -> str | None:
    if not accepted:
        return default
    for media in accepted:
        if media == "*/*":
            return default
        if media.endswith("/*"):
            family = [m for m in (default, *offered) if m.startswith(media[:-1])]
            if family:
                return family[0]
        elif media in offered:
            return media
    return None


async def read_body(request: Request, limits: SparqlLimits) -> str:
    """The body as UTF-8 text, refused with 413 as soon as it passes `max_request_bytes` (whatever
    Content-Length claims), and with 400 when it is not UTF-8."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_request_bytes:
        raise _too_large(413, limits)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limits.max_request_bytes:
            raise _too_large(413, limits)
        chunks.append(chunk)
    try:
        return b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "not_utf8", "请求正文须为 UTF-8 编码。", "The request body must be UTF-8.") from exc


def _parse_form(body: str) -> dict[str, list[str]]:
    try:
        return parse_qs(body, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "not_utf8", "表单中的百分号编码须为 UTF-8。",
                       "Percent-encoded form values must be UTF-8.") from exc


def _content_type(header: str) -> tuple[str, str | None]:
    """Media type and charset parameter (lower case) of a Content-Type header."""
    media, *params = (part.strip() for part in header.split(";"))
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.lower(), charset


def _graph_iris(params: Mapping[str, list[str]], name: str) -> tuple[str, ...] | None:
    """The IRIs of `default-graph-uri` or `named-graph-uri`, each checked; None when absent. When only
    one of the two is given the other is an empty list, as the Protocol's dataset is then exactly
    what the request lists."""
    if "default-graph-uri" not in params and "named-graph-uri" not in params:
        return None
    iris = tuple(params.get(name, []))
    for iri in iris:
        try:
            NamedNode(iri)
        except ValueError as exc:
            raise ApiError(400, "bad_graph_iri", f"{name} 的值“{iri}”不是有效的 IRI。",
                           f"{name} {iri!r} is not a valid IRI.") from exc
    return iris


def _failure(failure: QueryFailure, limits: SparqlLimits, results: str | None, graph: str | None) -> ApiError:
    kind, detail = failure.kind, failure.message
    if kind == "syntax":
        return ApiError(400, "query_syntax_error", f"SPARQL 查询有语法错误：{detail}", f"SPARQL syntax error: {detail}")
    if kind == "bad_request":
        return ApiError(400, "bad_request", f"请求参数有误：{detail}", f"Bad request: {detail}")
    if kind == "service":
        return _service_refused()
    if kind == "not_acceptable":
        return _not_acceptable(list(RESULTS_TYPES if results is None else GRAPH_TYPES))
    if kind == "timeout":
        return ApiError(503, "query_timeout",
                        f"查询超过时间上限（{limits.timeout_s:g} 秒），已被终止。请缩小查询范围或加 LIMIT 后重试。",
                        f"The query passed the time limit of {limits.timeout_s:g} s and was stopped.")
    if kind == "memory":
        return ApiError(503, "query_memory",
                        f"查询所需内存超过上限（{limits.max_memory_mb} MB），已被终止。"
                        "请缩小查询范围或加 LIMIT 后重试。",
                        f"The query needed more than the memory limit of {limits.max_memory_mb} MB and was stopped.")
    if kind == "busy":
        return ApiError(503, "endpoint_busy", "端点正忙：所有查询进程都在工作。请稍后重试。",
                        "All query workers are busy; retry later.")
    if kind == "too_large":
        return ApiError(500, "response_too_large",
                        f"查询结果超过响应大小上限（{limits.max_response_bytes} 字节），已拒绝。"
                        "请加 LIMIT 或只选所需变量。",
                        f"The response would exceed {limits.max_response_bytes} bytes; the query was refused.")
    return ApiError(500, "query_failed", f"查询执行失败：{detail}", f"Query evaluation failed: {detail}")


def _accepted(request: Request, form: Mapping[str, list[str]] | None = None) -> list[str]:
    """Media types the client wants: from `format=` (query string or form) if given, else Accept."""
    for name in FORMAT_PARAMS:
        values = request.query_params.getlist(name) or (form or {}).get(name, [])
        if values:
            fmt = values[0].lower()
            if fmt in RESULTS_TYPES or fmt in GRAPH_TYPES:
                return [fmt, "*/*"]
            if fmt not in FORMAT_NAMES:
                raise ApiError(400, "unknown_format", f"未知的结果格式“{fmt}”。可用：{'、'.join(FORMAT_NAMES)}。",
                               f"Unknown format {fmt!r}; available: {', '.join(FORMAT_NAMES)}.")
            return [*FORMAT_NAMES[fmt], "*/*"]
    return parse_accept(request.headers.get("accept", ""))


def parse_accept(header: str) -> list[str]:
    """Media types of an Accept header, most preferred first (q-values, stable), q=0 dropped."""
    ranked: list[tuple[float, int, str]] = []
    for n, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, n, fields[0].lower()))
    return [media for _, _, media in sorted(ranked)]


def _required(values: list[str]) -> str:
    if len(values) > 1:
        raise _one_query()
    if not values or not values[0].strip():
        raise ApiError(400, "missing_query", "请求须包含且只包含一个 query 参数（SPARQL 查询文本）。",
                       "Exactly one non-empty `query` parameter is required.")
    return values[0]


def _one_query() -> ApiError:
    return ApiError(400, "missing_query", "请求须包含且只包含一个 query 参数（SPARQL 查询文本）。",
                    "Exactly one `query` parameter is allowed.")


def _update_refused() -> ApiError:
    return ApiError(
        403, "update_refused",
        "本端点只读，不接受 SPARQL UPDATE。要更改数据，请用 `qingdan build` 重新导入清单。",
        "This endpoint is read-only; SPARQL UPDATE is refused. Re-import lists with `qingdan build`.",
    )


def _service_refused() -> ApiError:
    return ApiError(
        403, "service_refused",
        "本端点不执行 SERVICE 联邦查询：它不会代调用方访问其他地址。请分别查询各端点。",
        "Federated SERVICE queries are not executed by this endpoint.",
    )


def _unsupported_media() -> ApiError:
    return ApiError(
        415, "unsupported_media_type",
        "POST 请求须为 application/x-www-form-urlencoded（query=…）或 application/sparql-query。",
        "POST must be application/x-www-form-urlencoded (query=…) or application/sparql-query.",
    )


def _not_acceptable(offered: list[str]) -> ApiError:
    return ApiError(
        406, "not_acceptable",
        f"无法以所请求的格式返回结果。可用格式：{'、'.join(offered)}。",
        f"None of the accepted media types can be produced; available: {', '.join(offered)}.",
    )


def _too_large(status: int, limits: SparqlLimits) -> ApiError:
    where = "请求地址" if status == 414 else "请求正文"
    return ApiError(status, "request_too_large",
                    f"{where}超过大小上限（{limits.max_request_bytes} 字节）。",
                    f"The request is larger than {limits.max_request_bytes} bytes.")
