"""`qingdan serve`: the HTTP API (JSON, SPARQL 1.1 endpoint, OpenAPI docs) over a store, with uvicorn.

The store is opened read-only (pyoxigraph `Store.read_only`), so the UI and other readers can share
it; a `qingdan build` that runs meanwhile is seen after a restart. The API lives in the `api`
package, imported here only when the command runs: kg itself does not depend on the web stack.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.config import Settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    settings = Settings.from_env()
    p = sub.add_parser(
        "serve",
        help="启动 HTTP 接口（JSON、SPARQL 端点、OpenAPI 文档）",
        description="以只读方式打开图数据库并启动 HTTP 接口：/api/… JSON 接口、/sparql SPARQL 1.1 查询端点、"
        "/docs 接口文档、/healthz 健康检查。",
    )
    p.add_argument("--store", default=settings.store, help=f"图数据库路径（默认 {settings.store}）")
    p.add_argument("--host", default=DEFAULT_HOST, help=f"监听地址（默认 {DEFAULT_HOST}；对外开放用 0.0.0.0）")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"端口（默认 {DEFAULT_PORT}）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from api.app import create_app
    from kg.sparql_limits import LimitsError
    from kg.store import StoreError, is_remote, open_store

    if not is_remote(args.store) and not Path(args.store).exists():
        print(f"图数据库“{args.store}”不存在。请先运行 `qingdan build` 构建图谱，或用 --store 指定图数据库路径。",
              file=sys.stderr)
        return 2
    try:
        store = open_store(args.store, read_only=True)
        app = create_app(store)
    except (StoreError, LimitsError) as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"清单图谱接口：http://{args.host}:{args.port}/docs （图数据库：{args.store}，只读）", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
