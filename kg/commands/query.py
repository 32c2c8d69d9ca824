"""`qingdan query`: run a SPARQL query against the store and print the results."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat, serialize

from kg.config import Settings

_FORMATS = {"json": QueryResultsFormat.JSON, "csv": QueryResultsFormat.CSV, "tsv": QueryResultsFormat.TSV}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    settings = Settings.from_env()
    p = sub.add_parser(
        "query",
        help="对图谱执行 SPARQL 查询",
        description="执行 SPARQL 1.1 查询（默认图为所有命名图的并集，qd: eli: org: skos: prov: dcterms: 前缀已预置）。",
    )
    p.add_argument("query", nargs="?", help="查询文本；省略时从 --file 或标准输入读取")
    p.add_argument("--file", "-f", type=Path, help="从 .rq 文件读取查询")
    p.add_argument("--store", default=settings.store, help=f"图数据库路径（默认 {settings.store}）")
    p.add_argument("--format", choices=["table", *_FORMATS], default="table", help="输出格式（默认 table）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.store import StoreError, open_store

    text = args.query or (args.file.read_text(encoding="utf-8") if args.file else sys.stdin.read())
    try:
        store = open_store(args.store, read_only=True)
        result = store.query(text)
    except (StoreError, SyntaxError, OSError) as exc:
        print(f"查询失败：{exc}", file=sys.stderr)
        return 2
    if isinstance(result, QueryBoolean):
        print("true" if result else "false")
    elif isinstance(result, QuerySolutions):
        if args.format == "table":
            _print_table(result)
        else:
            sys.stdout.write((result.serialize(format=_FORMATS[args.format]) or b"").decode("utf-8"))
    else:
        sys.stdout.write((serialize(result, format=RdfFormat.TURTLE) or b"").decode("utf-8"))
    return 0


def _print_table(result: QuerySolutions) -> None:
    names = [v.value for v in result.variables]
    rows = [[_show(sol[n]) for n in names] for sol in result]
    print("\t".join(names))
    for row in rows:
        print("\t".join(row))


def _show(term: object) -> str:
    if term is None:
        return ""
    value = getattr(term, "value", None)
    return str(value) if value is not None else str(term)
