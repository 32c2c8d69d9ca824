"""A SPARQL 1.1 server as a qingdan store, reached over the SPARQL 1.1 Protocol (query and update).

`RemoteStore` behaves like `EmbeddedStore` so that build, checks, trace, API and UI run unchanged:

- the default graph of a query is the union of all named graphs (see `UnionMode`);
- the prefixes of `kg.vocab.PREFIXES` are predeclared (prepended when the query does not declare them);
- `bindings` are honoured although the Protocol has no substitution: each bound variable is replaced
  by its term inside the WHERE group, and a `VALUES` block at the top of that group keeps the variable
  bound in the results. Terms are serialised by pyoxigraph (N-Triples syntax), never pasted user text;
- `replace_graphs` sends `DROP SILENT GRAPH <g> ; … INSERT DATA { GRAPH <g> { … } } ; …` as ONE update
  request (several when the graphs are larger than `max_update_bytes` together, each graph within one
  request). A server that runs an update request as one transaction (Oxigraph does) shows every
  reader, also of the union default graph, the old or the new content of each graph, never both and
  never neither. Only a graph larger than `max_update_bytes` by itself is staged in `<g>#staging` over
  several requests and then moved: union readers can see its staged part (docs/stores.md).

Results come back as pyoxigraph objects: SELECT/ASK as SPARQL JSON results, CONSTRUCT/DESCRIBE as
N-Triples. Every failure is a `StoreError` whose message is Chinese and names the endpoint; a query
the server rejects as malformed (HTTP 400) is a `RemoteQueryError`, which is also a `SyntaxError`,
like pyoxigraph's own parse error on the embedded store.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal as TypingLiteral
from typing import TypeVar, cast, get_args
from urllib.parse import urlencode

import httpx
from pyoxigraph import (
    Literal,
    NamedNode,
    Quad,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Triple,
    parse,
    parse_query_results,
    serialize,
)
from pyoxigraph import Store as OxStore

from kg.store import QueryResult, StoreError, Term, graph_block
from kg.vocab import PREFIXES

UnionMode = TypingLiteral["oxigraph", "native", "dataset"]
"""How a query gets the union of all named graphs as its default graph.

oxigraph: send the Oxigraph server's `union-default-graph` parameter.
native:   send nothing; the server's default graph already is the union (Virtuoso, Fuseki with
          `tdb2:unionDefaultGraph true`, an Oxigraph server started with `--union-default-graph`).
dataset:  list the named graphs first and send each as `default-graph-uri` and `named-graph-uri`
          (pure SPARQL 1.1 Protocol, works on any conforming server, costs one extra request).
"""

ENV_QUERY = "QINGDAN_SPARQL_QUERY"
ENV_UPDATE = "QINGDAN_SPARQL_UPDATE"
ENV_UNION = "QINGDAN_SPARQL_UNION"
ENV_TIMEOUT = "QINGDAN_REMOTE_TIMEOUT"
ENV_MAX_UPDATE = "QINGDAN_REMOTE_MAX_UPDATE_BYTES"
ENV_USER = "QINGDAN_SPARQL_USER"
ENV_PASSWORD = "QINGDAN_SPARQL_PASSWORD"
ENV_AUTH = "QINGDAN_SPARQL_AUTH"

DEFAULT_TIMEOUT_S = 600.0
"""Generous: replacing one 50 MB graph (one request) took 60–107 s on an Oxigraph server on a busy 2-CPU
machine here (docs/stores.md). The SPARQL endpoint's workers pass their own, shorter timeout."""
DEFAULT_MAX_UPDATE_BYTES = 64 * 1024 * 1024
"""Graphs are packed into update requests of at most this many bytes (a larger graph goes alone): half of
the 128 MiB that Oxigraph server 0.5 accepts as a SPARQL request body."""
BODY_EXCERPT = 300
ACCEPT_RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.9"
UPDATE_MEDIA = "application/sparql-update; charset=utf-8"
_GRAPHS_QUERY = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
_GRAPHS_WITH_TRIPLES_QUERY = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
_VIRTUOSO_ASK = "__ASK_RETVAL"
VIRTUOSO_SYSTEM_GRAPHS = frozenset({
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/sparql",
})
"""The graphs a fresh Virtuoso 7.2.5 database holds for itself (quad map metadata and the like). They are
not qingdan's: `named_graphs()` leaves them out, so the graphs a check run records, the graph count of
/health and the `dataset` union mode see the same graphs as on the other stores. Virtuoso's default
graph still includes their triples (docs/stores.md)."""


OPERATION_TRIPLES = 1000
"""Triples per INSERT DATA operation. Virtuoso 7.2.5's SPARQL compiler fails ("memory exhausted") near
5,000 triples in one operation; many operations in one request are still one request."""
STAGING_SUFFIX = "#staging"

_N = TypeVar("_N", int, float)


class RemoteQueryError(StoreError, SyntaxError):
    """The server rejected a query or update as malformed (HTTP 400)."""


@dataclass(frozen=True)
class RemoteConfig:
    query: str
    update: str
    union: UnionMode = "oxigraph"
    timeout: float = DEFAULT_TIMEOUT_S
    max_update_bytes: int = DEFAULT_MAX_UPDATE_BYTES
    user: str | None = None
    password: str | None = None
    auth: TypingLiteral["basic", "digest"] = "basic"


def remote_config(
    location: str,
    env: Mapping[str, str] | None = None,
    *,
    query: str | None = None,
    update: str | None = None,
    union: str | None = None,
    timeout: float | None = None,
    max_update_bytes: int | None = None,
) -> RemoteConfig:
    """Endpoints from `http://host:port` (Oxigraph's /query and /update), then env, then arguments."""
    env = os.environ if env is None else env
    base = location.rstrip("/")
    mode = union or env.get(ENV_UNION) or "oxigraph"
    if mode not in get_args(UnionMode):
        raise StoreError(f"{ENV_UNION}=“{mode}”无效，应为 oxigraph、native 或 dataset 之一。")
    auth = env.get(ENV_AUTH, "basic")
    if auth not in ("basic", "digest"):
        raise StoreError(f"{ENV_AUTH}=“{auth}”无效，应为 basic 或 digest。")
    if timeout is None:
        timeout = _env_number(env, ENV_TIMEOUT, float, DEFAULT_TIMEOUT_S)
    if max_update_bytes is None:
        max_update_bytes = _env_number(env, ENV_MAX_UPDATE, int, DEFAULT_MAX_UPDATE_BYTES)
    return RemoteConfig(
        query=query or env.get(ENV_QUERY) or f"{base}/query",
        update=update or env.get(ENV_UPDATE) or f"{base}/update",
        union=cast(UnionMode, mode),
        timeout=timeout,
        max_update_bytes=max_update_bytes,
        user=env.get(ENV_USER) or None,
        password=env.get(ENV_PASSWORD) or None,
        auth=cast(TypingLiteral["basic", "digest"], auth),
    )


def _env_number(env: Mapping[str, str], var: str, parser: Callable[[str], _N], default: _N) -> _N:
    raw = env.get(var, "").strip()
    if not raw:
        return default
    try:
        value: _N | None = parser(raw)
    except ValueError:
        value = None
    if value is None or not value > 0:
        raise StoreError(f"{var}=“{raw}”无效，应为正数，例如 {default:g}。")
    return value


class RemoteStore:
    """A SPARQL 1.1 server (Oxigraph server, Virtuoso, Fuseki, GraphDB …) behind the `Store` interface."""

    def __init__(
        self,
        location: str,
        *,
        read_only: bool = False,
        config: RemoteConfig | None = None,
    ) -> None:
        self.location = location
        self.config = config or remote_config(location)
        self._read_only = read_only
        self._client = httpx.Client(timeout=httpx.Timeout(self.config.timeout), auth=_auth(self.config))
        self._probe()

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        default_graphs: list[NamedNode] | None = None,
        named_graphs: list[NamedNode] | None = None,
    ) -> QueryResult:
        text = with_prefixes(with_bindings(sparql, bindings or {}))
        form = [("query", text), *self._dataset(default_graphs, named_graphs)]
        accept = ACCEPT_GRAPH if query_form(sparql) in ("CONSTRUCT", "DESCRIBE") else ACCEPT_RESULTS
        return _parse_result(self._post_form(self.config.query, form, accept), self.config.query)

    def replace_graphs(self, graphs: Mapping[NamedNode, Iterable[Triple | Quad]]) -> None:
        """Update requests that each drop their graphs and insert the new content (one transaction on
        the server); a graph larger than one request is staged. Graphs are serialised one at a time, so
        about one request's worth is held in memory."""
        self._check_writable()
        budget = self.config.max_update_bytes
        blocks = ((g, _ntriples(triples)) for g, triples in graphs.items())
        for batch in update_batches(blocks, budget):
            if len(batch[0][1]) > budget:
                self._replace_staged(*batch[0])
            else:
                self._update(replacement_update(batch))

    def _replace_staged(self, graph: NamedNode, ntriples: bytes) -> None:
        """A graph too large for one request: written to `<graph>#staging` in requests of at most
        `max_update_bytes`, then moved onto `graph` by one request. Readers of `GRAPH <graph>` see old or
        new; readers of the union default graph also see the staging graph while it is written."""
        stage = NamedNode(graph.value + STAGING_SUFFIX)
        self._update(_drops([stage]).encode())
        for part in _parts(ntriples, self.config.max_update_bytes):
            self._update(b" ;\n".join(_inserts(stage, part)))
        self._update(f"MOVE SILENT GRAPH <{stage.value}> TO GRAPH <{graph.value}>".encode())

    def drop_graphs(self, graphs: Iterable[NamedNode]) -> None:
        self._check_writable()
        ops = _drops(graphs)
        if ops:
            self._update(ops.encode())

    def named_graphs(self) -> list[NamedNode]:
        """Every named graph but a server's own; `GRAPH ?g {}` also finds empty ones, but some servers
        (Virtuoso) answer it with one unbound row, and then only graphs holding triples can be listed."""
        graphs = self._graph_column(_GRAPHS_QUERY)
        if None in graphs:
            graphs = self._graph_column(_GRAPHS_WITH_TRIPLES_QUERY)
        return [g for g in graphs if isinstance(g, NamedNode) and g.value not in VIRTUOSO_SYSTEM_GRAPHS]

    def _graph_column(self, sparql: str) -> list[Term | None]:
        result = _parse_result(self._post_form(self.config.query, [("query", sparql)]), self.config.query)
        return [cast(Term | None, row["g"]) for row in cast(QuerySolutions, result)]

    def close(self) -> None:
        self._client.close()

    def _probe(self) -> None:
        """Fail at open time, where commands report StoreError, rather than in the middle of a build."""
        try:
            self._post_form(self.config.query, [("query", "ASK {}")])
        except StoreError:
            self._client.close()
            raise

    def _dataset(
        self, default_graphs: list[NamedNode] | None, named_graphs: list[NamedNode] | None
    ) -> list[tuple[str, str]]:
        """Protocol parameters giving the dataset EmbeddedStore would use for the same arguments."""
        if default_graphs is not None:
            named = named_graphs if named_graphs is not None else self.named_graphs()
            return _graph_params("default-graph-uri", default_graphs) + _graph_params("named-graph-uri", named)
        restrict = _graph_params("named-graph-uri", named_graphs or [])
        if self.config.union == "native":
            return restrict
        if self.config.union == "oxigraph" and named_graphs is None:
            return [("union-default-graph", "")]
        every = self.named_graphs()  # Oxigraph refuses union-default-graph together with named-graph-uri
        if not every:
            return restrict
        named = named_graphs if named_graphs is not None else every
        return _graph_params("default-graph-uri", every) + _graph_params("named-graph-uri", named)

    def _update(self, sparql: bytes) -> None:
        """POST the update directly (SPARQL 1.1 Protocol), not form-encoded: percent-encoding would make
        the body of Chinese text three times larger, against the server's body limit."""
        self._send("POST", self.config.update, content=sparql, headers={"Content-Type": UPDATE_MEDIA})

    def _post_form(self, url: str, form: list[tuple[str, str]], accept: str = ACCEPT_RESULTS) -> httpx.Response:
        """POST form-encoded (SPARQL 1.1 Protocol): no URL length limit, repeated parameters allowed."""
        headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
        return self._send("POST", url, content=urlencode(form).encode(), headers=headers)

    def _check_writable(self) -> None:
        if self._read_only:
            raise StoreError(f"图数据库“{self.location}”以只读方式打开，不能写入。")

    def _send(self, method: str, url: str, **kwargs: object) -> httpx.Response:
        try:
            response = self._client.request(method, url, **kwargs)  # type: ignore[arg-type]
        except httpx.TimeoutException:
            raise StoreError(
                f"图数据库服务“{url}”在 {self.config.timeout:g} 秒内没有应答。"
                f"请检查服务负载，或用 {ENV_TIMEOUT} 调大超时。"
            ) from None
        except httpx.HTTPError as exc:
            raise StoreError(
                f"无法连接图数据库服务“{url}”：{exc}。请确认服务已启动、地址和端口正确。"
            ) from None
        if response.status_code >= 400:
            raise _http_error(url, response)
        return response


def _http_error(url: str, response: httpx.Response) -> StoreError:
    body = response.text.strip().replace("\n", " ")
    if len(body) > BODY_EXCERPT:
        body = body[:BODY_EXCERPT] + "…"
    status = response.status_code
    if status == 400:
        return RemoteQueryError(f"图数据库服务“{url}”拒绝了请求（HTTP 400，查询或更新有误）：{body}")
    if status in (401, 403):
        return StoreError(
            f"图数据库服务“{url}”拒绝访问（HTTP {status}）：{body}。请设置 {ENV_USER}/{ENV_PASSWORD}。"
        )
    return StoreError(f"图数据库服务“{url}”返回错误（HTTP {status}）：{body}")


def _auth(config: RemoteConfig) -> httpx.Auth | None:
    if config.user is None:
        return None
    password = config.password or ""
    if config.auth == "digest":
        return httpx.DigestAuth(config.user, password)
    return httpx.BasicAuth(config.user, password)


def _graph_params(name: str, graphs: Iterable[NamedNode]) -> list[tuple[str, str]]:
    return [(name, g.value) for g in graphs]


def _ntriples(triples: Iterable[Triple | Quad]) -> bytes:
    """N-Triples bytes. Requests carry the whole body at once, with a Content-Length: a streamed (chunked)
    body cannot be sent again after a Digest authentication challenge, and Virtuoso answered chunked
    Graph Store PUTs with 501."""
    data = serialize((t.triple if isinstance(t, Quad) else t for t in triples), format=RdfFormat.N_TRIPLES)
    return data or b""


def update_batches(blocks: Iterable[tuple[NamedNode, bytes]], budget: int) -> Iterator[list[tuple[NamedNode, bytes]]]:
    """Consecutive graphs whose N-Triples add up to at most `budget` bytes; a larger graph goes alone."""
    batch: list[tuple[NamedNode, bytes]] = []
    size = 0
    for graph, ntriples in blocks:
        if batch and size + len(ntriples) > budget:
            yield batch
            batch, size = [], 0
        batch.append((graph, ntriples))
        size += len(ntriples)
    if batch:
        yield batch


def replacement_update(graphs: Sequence[tuple[NamedNode, bytes]]) -> bytes:
    """One SPARQL update: drop every graph, then insert the N-Triples of those that have any."""
    drops = _drops(g for g, _ in graphs).encode()
    return b" ;\n".join([drops, *(op for g, ntriples in graphs for op in _inserts(g, ntriples))])


def _inserts(graph: NamedNode, ntriples: bytes) -> list[bytes]:
    """INSERT DATA operations of at most `OPERATION_TRIPLES` lines each, holding the same `graph_block`
    text the embedded store inserts (N-Triples escape line breaks, so a line is a triple).

    Lines with a blank node go together into one `INSERT { … } WHERE {}` operation instead: Virtuoso
    7.2.5 refuses blank nodes in INSERT DATA ("SP031 … not allowed in a constant clause"), and a blank
    node label means one node only within one operation, so its triples must not be split. (A literal
    holding `_:` lands there too, which changes nothing.)"""
    plain, blank = _split_blank(ntriples)
    ops = [b"INSERT DATA {\n" + graph_block(graph, part) + b"}" for part in _line_chunks(plain, OPERATION_TRIPLES)]
    if blank:
        ops.append(b"INSERT {\n" + graph_block(graph, blank) + b"} WHERE {}")
    return ops


def _split_blank(ntriples: bytes) -> tuple[bytes, bytes]:
    """The N-Triples lines without, and with, `_:` (the blank node prefix)."""
    if b"_:" not in ntriples:
        return ntriples, b""
    lines = ntriples.splitlines(keepends=True)
    return b"".join(x for x in lines if b"_:" not in x), b"".join(x for x in lines if b"_:" in x)


def _line_chunks(data: bytes, lines: int) -> Iterator[bytes]:
    start = 0
    while start < len(data):
        end = start
        for _ in range(lines):
            end = data.find(b"\n", end) + 1 or len(data)
            if end == len(data):
                break
        yield data[start:end]
        start = end


def _parts(data: bytes, size: int) -> Iterator[bytes]:
    """Whole lines, at most `size` bytes a part (a longer line is a part by itself)."""
    start = 0
    while start < len(data):
        end = len(data)
        if end - start > size:
            end = data.rfind(b"\n", start, start + size) + 1
            if end <= start:
                end = data.find(b"\n", start) + 1 or len(data)
        yield data[start:end]
        start = end


def _drops(graphs: Iterable[NamedNode]) -> str:
    return " ;\n".join(f"DROP SILENT GRAPH <{g.value}>" for g in graphs)


def _parse_result(response: httpx.Response, url: str) -> QueryResult:
    media = response.headers.get("content-type", "").split(";")[0].strip().lower()
    results_format = QueryResultsFormat.from_media_type(media)
    if results_format is not None:
        content = _VIRTUOSO_BNODE.sub(rb"\1", response.content)
        return _virtuoso_ask(cast(QueryResult, parse_query_results(content, format=results_format)))
    rdf_format = RdfFormat.from_media_type(media)
    if rdf_format is None:
        raise StoreError(f"图数据库服务“{url}”返回了无法识别的结果格式“{media}”。")
    return _as_query_triples(parse(response.content, format=rdf_format))


_VIRTUOSO_BNODE = re.compile(rb'("type"\s*:\s*"bnode"\s*,\s*"value"\s*:\s*")nodeID://')
"""Virtuoso 7.2.5 names blank nodes `nodeID://b10000` in JSON results, which pyoxigraph refuses as a
blank node identifier; the prefix is dropped (`b10000`). Only values typed `bnode` are touched."""


def _virtuoso_ask(result: QueryResult) -> QueryResult:
    """Virtuoso 7 answers ASK with a one-column result set `__ASK_RETVAL` (1 when true, no row when false)."""
    if not isinstance(result, QuerySolutions) or [v.value for v in result.variables] != [_VIRTUOSO_ASK]:
        return result
    true = any(isinstance(v := row[_VIRTUOSO_ASK], Literal) and v.value == "1" for row in result)
    return OxStore().query("ASK {}" if true else "ASK { FILTER(false) }")


def _as_query_triples(quads: Iterable[Quad]) -> QueryResult:
    """pyoxigraph cannot build a `QueryTriples` directly: load into a scratch store and CONSTRUCT."""
    scratch = OxStore()
    scratch.extend(quads)
    return scratch.query("CONSTRUCT WHERE { ?s ?p ?o }")


# --- query text: a small tokenizer, enough to find the WHERE group and variables outside literals ---

_TOKEN = re.compile(
    r"""(?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
        |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
      |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      |(?P<comment>\#[^\n\r]*)
      |(?P<var>[?$][\w\u00B7\u0300-\u036F\u203F\u2040]+)
      |(?P<word>(?:[A-Za-z_][\w.-]*)?:[\w.:%-]*|[A-Za-z_][\w-]*)
      |(?P<punct>[{}()])
      |(?P<space>\s+)
      |(?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str
    start: int
    end: int

    def is_kw(self, *words: str) -> bool:
        return self.kind == "word" and self.text.upper() in words


def _tokens(sparql: str) -> list[_Tok]:
    """Significant tokens (no spaces, no comments) with their spans in `sparql`."""
    found = (_Tok(str(m.lastgroup), m.group(), m.start(), m.end()) for m in _TOKEN.finditer(sparql))
    return [t for t in found if t.kind not in ("space", "comment")]


def with_prefixes(sparql: str) -> str:
    """Prepend the project's PREFIX declarations that the query does not declare itself."""
    toks = _tokens(sparql)
    declared = {toks[i + 1].text.split(":")[0] for i, t in enumerate(toks[:-1]) if t.is_kw("PREFIX")}
    lines = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items() if p not in declared)
    return lines + sparql


def with_bindings(sparql: str, bindings: Mapping[str, Term]) -> str:
    """Bind variables the way pyoxigraph's `substitutions` does, in plain SPARQL 1.1 text.

    Inside the top-level WHERE group, and inside the sub-SELECTs that project it (as pyoxigraph does;
    a sub-SELECT's other variables are its own), each bound `?var` becomes its serialised term, except
    where the grammar needs a variable (`AS ?v`, `BOUND(?v)`, a VALUES header); a `VALUES` block at the
    top of the group keeps `?var` bound in the results, the CONSTRUCT template, GROUP BY and ORDER BY.
    """
    if not bindings:
        return sparql
    terms = {name: _serialise(name, term) for name, term in bindings.items()}
    toks = _tokens(sparql)
    group = _where_group(toks)
    if group is None:
        return f"{sparql}\nWHERE {{ {_values(terms)} }}"
    open_i, close_i, short_construct = group
    edits = list(_binding_edits(toks, open_i, close_i, terms))
    if not short_construct:
        edits += _values_edits(toks, open_i, close_i, _values(terms))
    return _apply(sparql, edits)


def _values(terms: Mapping[str, str]) -> str:
    return "VALUES (" + " ".join(f"?{n}" for n in terms) + ") { (" + " ".join(terms.values()) + ") }"


def _serialise(name: str, term: Term) -> str:
    if not re.fullmatch(r"[\w\u00B7\u0300-\u036F\u203F\u2040]+", name):
        raise StoreError(f"绑定的变量名“{name}”无效。")
    if not isinstance(term, NamedNode | Literal):
        raise StoreError(f"远程图数据库只能绑定 IRI 或字面量，变量 ?{name} 绑定的是 {type(term).__name__}。")
    return str(term)


def query_form(sparql: str) -> str | None:
    """SELECT, CONSTRUCT, DESCRIBE or ASK: the first query-form keyword outside literals and comments."""
    forms = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
    return next((t.text.upper() for t in _tokens(sparql) if t.is_kw(*forms)), None)


def _where_group(toks: list[_Tok]) -> tuple[int, int, bool] | None:
    """Indices of the WHERE group's braces, and whether it is the short form `CONSTRUCT WHERE { … }`."""
    form = next((i for i, t in enumerate(toks) if t.is_kw("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")), None)
    if form is None:
        return None
    i = form + 1
    short_construct = False
    if toks[form].is_kw("CONSTRUCT") and i < len(toks):
        if toks[i].text == "{":
            i = _matching(toks, i) + 1
        elif toks[i].is_kw("WHERE"):
            short_construct = True
    depth = 0
    for j in range(i, len(toks)):
        if toks[j].text == "(":
            depth += 1
        elif toks[j].text == ")":
            depth -= 1
        elif toks[j].text == "{" and depth == 0:
            return j, _matching(toks, j), short_construct
    return None


def _matching(toks: list[_Tok], open_i: int) -> int:
    depth = 0
    for j in range(open_i, len(toks)):
        depth += {"{": 1, "}": -1}.get(toks[j].text, 0) if toks[j].kind == "punct" else 0
        if depth == 0:
            return j
    raise RemoteQueryError("查询的花括号不成对。")


_Edit = tuple[int, int, str]


def _binding_edits(toks: list[_Tok], open_i: int, close_i: int, terms: Mapping[str, str]) -> Iterator[_Edit]:
    if toks[open_i + 1].is_kw("SELECT"):  # the group is a sub-SELECT: `WHERE { SELECT … }`
        yield from _sub_select_edits(toks[open_i + 1 : close_i], terms)
        return
    j = open_i + 1
    in_values_header = False
    while j < close_i:
        t = toks[j]
        if t.text == "{" and t.kind == "punct" and toks[j + 1].is_kw("SELECT"):
            end = _matching(toks, j)
            yield from _sub_select_edits(toks[j + 1 : end], terms)
            j = end + 1
            continue
        if t.is_kw("VALUES"):
            in_values_header = True
        elif t.text == "{":
            in_values_header = False
        elif t.kind == "var" and t.text[1:] in terms and not in_values_header and not _needs_variable(toks, j):
            yield t.start, t.end, terms[t.text[1:]]
        j += 1


def _sub_select_edits(sub: list[_Tok], terms: Mapping[str, str]) -> Iterator[_Edit]:
    """A sub-SELECT gets the bound variables it projects, as pyoxigraph's substitutions give them (a
    filter inside on a bound ?key sees the term), with its own VALUES block so that they stay bound in
    its projection on every server (Virtuoso drops rows projecting a variable its pattern lacks); the
    variables it does not project are its own."""
    group = _where_group(sub)
    if group is None:
        return
    open_i, close_i, _ = group
    projected = _projected(sub[1:open_i])
    bound = {name: term for name, term in terms.items() if name in projected}
    if bound:
        yield from _binding_edits(sub, open_i, close_i, bound)
        yield from _values_edits(sub, open_i, close_i, _values(bound))


def _projected(clause: list[_Tok]) -> set[str]:
    """Variables a SELECT clause projects: `?v` outside parentheses and `(… AS ?v)`."""
    depth = 0
    names = set()
    for k, t in enumerate(clause):
        depth += {"(": 1, ")": -1}.get(t.text, 0) if t.kind == "punct" else 0
        if t.kind == "var" and (depth == 0 or clause[k - 1].is_kw("AS")):
            names.add(t.text[1:])
    return names


def _needs_variable(toks: list[_Tok], j: int) -> bool:
    before = toks[j - 1]
    return before.is_kw("AS") or (before.text == "(" and toks[j - 2].is_kw("BOUND"))


def _values_edits(toks: list[_Tok], open_i: int, close_i: int, values: str) -> list[_Edit]:
    at = toks[open_i].end
    if toks[open_i + 1].is_kw("SELECT"):
        return [(at, at, f" {values} {{"), (toks[close_i].start, toks[close_i].start, "} ")]
    return [(at, at, f" {values} ")]


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + new + text[end:]
    return text
