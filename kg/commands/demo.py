"""`qingdan demo generate`: write the demonstration province (generated lists, labelled as such)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.config import Settings


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    settings = Settings.from_env()
    p = sub.add_parser("demo", help="演示数据", description="演示数据：生成全区乡镇（街道）的演示清单。")
    demo_sub = p.add_subparsers(dest="demo_command", required=True, metavar="ACTION")
    g = demo_sub.add_parser(
        "generate",
        help="生成演示清单",
        description="按参考目录、机构名录和法规目录生成宁夏全部 243 个乡镇（街道）的演示履职事项清单（Excel），"
        "按已知比例注入缺陷，并写出 manifest.csv（每个事项一行，标明缺陷）、summary.json 和 README.md。"
        "同一种子总是生成完全相同的文件。生成的清单均标明为演示数据，不是正式发布的清单。",
    )
    g.add_argument("--seed", type=int, default=1, help="随机种子（默认 1）")
    g.add_argument("--out", type=Path, required=True, help="输出文件夹")
    g.add_argument("--data", type=Path, default=settings.data_dir,
                   help="参考数据目录：行政区划、参考目录、机构、法规目录（默认 data）")
    g.add_argument("--county", action="append", metavar="CODE",
                   help="只生成该县（市、区），填代码或全称；可重复")
    g.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.demo import GenerationError, generate

    try:
        result = generate(args.seed, args.out, data_dir=args.data, counties=args.county)
    except (GenerationError, OSError) as exc:
        print(f"未能生成演示数据：{exc}", file=sys.stderr)
        return 2
    s = result.province.summary
    avg = s["average_per_list"]
    print(
        f"已生成 {s['townships']} 个乡镇（街道）的演示清单：{len(result.files) - 3} 个文件，{s['items']} 个事项"
        f"（平均基本 {avg['basic']:.1f}、配合 {avg['cooperative']:.1f}、收回 {avg['returned']:.1f} 项，"
        f"配合和收回占 {s['cooperative_returned_share'] * 100:.1f}%）。"
    )
    defects = "，".join(f"{k} {v}" for k, v in s["defects"].items())
    print(f"注入缺陷（见 manifest.csv）：{defects}。")
    for county, kinds in s["not_injectable"].items():
        print(f"提示：{county} 的发布日期下法规目录无法支持以下依据缺陷，未注入：{'、'.join(kinds)}。")
    print(f"用时 {result.seconds:.1f} 秒。输出：{args.out}")
    return 0
