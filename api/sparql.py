"""The SPARQL 1.1 Protocol endpoint `/sparql`: query operation only, read-only to the public.

Queries arrive by GET `?query=`, by POST form-encoded (`query=`) or by POST with the query as body
(`Content-Type: application/sparql-query`); `default-graph-uri` and `named-graph-uri` set the
dataset. Without them the default graph is the union of all named graphs and the prefixes qd: eli:
org: skos: prov: dcterms: rdf: rdfs: xsd: are predeclared. SELECT and ASK answer in SPARQL results
JSON (also XML, CSV, TSV), CONSTRUCT and DESCRIBE in Turtle (also N-Triples, RDF/XML, JSON-LD), as the
Accept header (or `format=`) asks; pyoxigraph's own serializers write every format.

GET /sparql without a query answers the SPARQL 1.1 Service Description (Turtle by default).

Refused: updates (in any form, 403), federated `SERVICE` calls (403: the endpoint does not fetch
URLs on a caller's behalf). A query that does not parse gets 400 with the parser's message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import parse_qs

from fastapi import APIRouter, Request, Response
from pyoxigraph import NamedNode, QueryResultsFormat, QueryTriples, RdfFormat, serialize
from starlette.concurrency import run_in_threadpool

from api.envelope import ERROR_RESPONSES, ApiError
from api.service_description import FORMATS, SD, description_triples
from kg.store import Store
from kg.vocab import PREFIXES

RESULTS_TYPES: dict[str, QueryResultsFormat] = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "application/xml": QueryResultsFormat.XML,
    "text/xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}
GRAPH_TYPES: dict[str, RdfFormat] = {
    "text/turtle": RdfFormat.TURTLE,
    "application/x-turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "text/plain": RdfFormat.N_TRIPLES,
    "application/rdf+xml": RdfFormat.RDF_XML,
    "application/xml": RdfFormat.RDF_XML,
    "application/ld+json": RdfFormat.JSON_LD,
    "application/json": RdfFormat.JSON_LD,
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
_RESULTS_DEFAULT = "application/sparql-results+json"
_GRAPH_DEFAULT = "text/turtle"

# Lexical cleaning before looking for keywords: strings, IRIs and comments cannot hide or fake one.
_OPAQUE = re.compile(
    r'"""(?:[^\\]|\\.)*?"""|\'\'\'(?:[^\\]|\\.)*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r'|<[^<>"{}|^`\\\s]*>|#[^\n]*',
    re.DOTALL,
)
_UPDATE = re.compile(
    r"^\s*(?:(?:BASE|PREFIX\s+[^\s:]*:)\s*)*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)

DESCRIPTION = (
    "SPARQL 1.1 查询端点（SPARQL 1.1 Protocol，只读）。GET `?query=`，或 POST 表单 `query=`，或 POST "
    "`Content-Type: application/sparql-query`。默认图为全部命名图的并集，已预置 qd: eli: org: skos: prov: "
    "dcterms: rdf: rdfs: xsd: 前缀。SELECT/ASK 按 Accept 返回 application/sparql-results+json（默认）、"
    "+xml、text/csv、text/tab-separated-values；CONSTRUCT/DESCRIBE 返回 text/turtle（默认）、"
    "application/n-triples、application/rdf+xml、application/ld+json。也可用 `format=` 指定："
    + "、".join(FORMAT_NAMES)
    + "。语法错误返回 400；UPDATE 与 SERVICE 联邦查询一律拒绝（403）。不带 query 参数的 GET 返回本端点的 "
    "SPARQL 1.1 服务描述（Service Description）。"
)


def router(store: Store) -> APIRouter:
    r = APIRouter(tags=["SPARQL"])
    responses = {**ERROR_RESPONSES, 403: ERROR_RESPONSES[400] | {"description": "只读端点拒绝的操作"}}

    @r.get("/sparql", summary="SPARQL 查询（GET）", description=DESCRIPTION, responses=responses)
    def sparql_get(request: Request) -> Response:
        params = {k: request.query_params.getlist(k) for k in request.query_params}
        if "update" in params:
            raise _update_refused()
        if "query" not in params:
            return describe_service(store, request)
        return run_query(store, _required(params.get("query", [])), _accepted(request), params)

    @r.post("/sparql", summary="SPARQL 查询（POST）", description=DESCRIPTION, responses=responses)
    async def sparql_post(request: Request) -> Response:
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            body = (await request.body()).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ApiError(400, "not_utf8", "请求正文须为 UTF-8 编码。", "The request body must be UTF-8.") from exc
        params = {k: request.query_params.getlist(k) for k in request.query_params}
        if media == "application/sparql-update":
            raise _update_refused()
        if media == "application/sparql-query":
            text, wanted = body, _accepted(request)
        elif media == "application/x-www-form-urlencoded":
            params = parse_qs(body, keep_blank_values=True)
            if "update" in params:
                raise _update_refused()
            text, wanted = _required(params.get("query", [])), _accepted(request, params)
        else:
            raise ApiError(
                415, "unsupported_media_type",
                "POST 请求须为 application/x-www-form-urlencoded（query=…）或 application/sparql-query。",
                "POST must be application/x-www-form-urlencoded (query=…) or application/sparql-query.",
            )
        return await run_in_threadpool(run_query, store, text, wanted, params)

    return r


def run_query(store: Store, text: str, wanted: list[str], params: Mapping[str, list[str]]) -> Response:
    """Run one query and serialise its result in the first wanted format that fits the query form.
    `params` carries the Protocol's `default-graph-uri` and `named-graph-uri`."""
    refuse_unsafe(text)
    default_graphs = [NamedNode(g) for g in params.get("default-graph-uri", [])]
    named_graphs = [NamedNode(g) for g in params.get("named-graph-uri", [])]
    try:
        result = store.query(text, default_graphs=default_graphs or None, named_graphs=named_graphs or None)
    except SyntaxError as exc:
        raise ApiError(
            400, "query_syntax_error", f"SPARQL 查询有语法错误：{exc}", f"SPARQL syntax error: {exc}"
        ) from exc
    except ValueError as exc:
        raise ApiError(400, "bad_request", f"请求参数有误：{exc}", f"Bad request: {exc}") from exc
    except OSError as exc:
        raise ApiError(500, "query_failed", f"查询执行失败：{exc}", f"Query evaluation failed: {exc}") from exc
    if isinstance(result, QueryTriples):
        media = negotiate(wanted, GRAPH_TYPES, _GRAPH_DEFAULT)
        data = serialize(result, format=GRAPH_TYPES[media], prefixes=_prefixes_for(GRAPH_TYPES[media]))
    else:
        media = negotiate(wanted, RESULTS_TYPES, _RESULTS_DEFAULT)
        data = result.serialize(format=RESULTS_TYPES[media])
    return Response(content=data or b"", media_type=media)


def describe_service(store: Store, request: Request) -> Response:
    """The SPARQL 1.1 Service Description, as RDF in the negotiated graph format."""
    endpoint = str(request.url.replace(query=""))
    media = negotiate(_accepted(request), GRAPH_TYPES, _GRAPH_DEFAULT)
    fmt = GRAPH_TYPES[media]
    triples = description_triples(endpoint, store.named_graphs())
    prefixes = {"sd": SD.iri, "formats": FORMATS.iri} if fmt in (RdfFormat.TURTLE, RdfFormat.RDF_XML) else None
    return Response(content=serialize(triples, format=fmt, prefixes=prefixes) or b"", media_type=media)


def refuse_unsafe(text: str) -> None:
    """403 for an update or a federated query, whichever way it was sent."""
    bare = _OPAQUE.sub(" ", text)
    if _UPDATE.match(bare):
        raise _update_refused()
    if _SERVICE.search(bare):
        raise ApiError(
            403, "service_refused",
            "本端点不执行 SERVICE 联邦查询：它不会代调用方访问其他地址。请分别查询各端点。",
            "Federated SERVICE queries are not executed by this endpoint.",
        )


def negotiate(accepted: list[str], offered: Mapping[str, object], default: str) -> str:
    """The first media type in `accepted` (already ordered by preference) that is offered; wildcards
    take the default. 406 when the client accepts nothing offered."""
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
    raise ApiError(
        406, "not_acceptable",
        f"无法以所请求的格式返回结果。可用格式：{'、'.join(offered)}。",
        f"None of the accepted media types can be produced; available: {', '.join(offered)}.",
    )


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


def _prefixes_for(fmt: RdfFormat) -> dict[str, str] | None:
    return PREFIXES if fmt in (RdfFormat.TURTLE, RdfFormat.RDF_XML) else None


def _required(values: list[str]) -> str:
    if len(values) != 1 or not values[0].strip():
        raise ApiError(400, "missing_query", "请求须包含且只包含一个 query 参数（SPARQL 查询文本）。",
                       "Exactly one non-empty `query` parameter is required.")
    return values[0]


def _update_refused() -> ApiError:
    return ApiError(
        403, "update_refused",
        "本端点只读，不接受 SPARQL UPDATE。要更改数据，请用 `qingdan build` 重新导入清单。",
        "This endpoint is read-only; SPARQL UPDATE is refused. Re-import lists with `qingdan build`.",
    )
