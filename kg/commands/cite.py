"""`qingdan cite`: resolve 设定依据 texts, one per line on stdin, to one JSON object per line.

The output is a contract other tools build on (documented in README):
`{"text": …, "citations": [{"title_as_written", "statute_title", "version_date", "article",
"paragraph", "item", "status", "kind", "candidate"}]}` — dates ISO, numbers integers or null.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from kg.config import Settings, default_corpus
from kg.model import ResolvedCitation

CONTRACT_FIELDS = (
    "title_as_written", "statute_title", "version_date", "article", "paragraph", "item", "status", "kind",
    "candidate",
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    settings = Settings.from_env()
    default_catalogue = settings.data_dir / "statutes" / "catalogue.csv"
    p = sub.add_parser(
        "cite",
        help="解析并核对设定依据（每行一条，输出 JSON）",
        description="从标准输入逐行读取设定依据文本，识别其中引用的法律法规及条、款、项，"
        "核对版本与效力，每行输出一个 JSON 对象。",
    )
    p.add_argument("--corpus", type=Path, default=default_corpus(),
                   help="法律法规全文库目录（LawRefBook 格式或纯文本），用于核对条、款、项是否存在；"
                   "默认取环境变量 QINGDAN_CORPUS，否则为项目旁的 ../shared/reference/lawrefbook（存在时）")
    p.add_argument("--no-corpus", dest="corpus", action="store_const", const=None,
                   help="不载入全文库，只按法规目录核对（条文数）")
    p.add_argument("--catalogue", type=Path, default=default_catalogue,
                   help=f"法规目录 CSV（默认 {default_catalogue}）")
    p.add_argument("--date", type=_iso_date, help="参照日期 YYYY-MM-DD（清单发布日期；默认今天）")
    p.set_defaults(func=run)


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{value}”格式不对，应为 YYYY-MM-DD。") from None


def citation_record(c: ResolvedCitation) -> dict[str, Any]:
    """One citation in the `qingdan cite` contract."""
    return {
        "title_as_written": c.title_as_written,
        "statute_title": c.statute_title,
        "version_date": c.version_date.isoformat() if c.version_date else None,
        "article": c.article,
        "paragraph": c.paragraph,
        "item": c.item,
        "status": c.status.value,
        "kind": c.kind.value,
        "candidate": c.candidate,
    }


def run(args: argparse.Namespace) -> int:
    from kg.citations import Resolver
    from kg.laws import load_corpus
    from kg.statutes import CatalogueError, load_statutes

    try:
        statutes = load_statutes(args.catalogue)
    except CatalogueError as exc:
        print(exc, file=sys.stderr)
        return 2
    corpus = None
    if args.corpus is not None:
        if not args.corpus.is_dir():
            print(f"找不到法律法规全文库目录“{args.corpus}”。", file=sys.stderr)
            return 2
        corpus, _, errors = load_corpus(args.corpus)
        print(f"已载入全文库：{len(corpus)} 个法规版本，{len(errors)} 个文件未能读取。", file=sys.stderr)
    resolver = Resolver(statutes, corpus)
    for line in sys.stdin:
        text = line.rstrip("\n")
        citations = [citation_record(c) for c in resolver.resolve(text, args.date)]
        print(json.dumps({"text": text, "citations": citations}, ensure_ascii=False), flush=False)
    sys.stdout.flush()
    return 0
