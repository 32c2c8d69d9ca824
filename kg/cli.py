"""`qingdan` command line: one sub-command per module in `kg.commands`.

Each command module exposes `register(subparsers)` which adds its parser and sets `func`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

COMMAND_MODULES = (
    "kg.commands.build",
    "kg.commands.serve",
    "kg.commands.ui",
    "kg.commands.query",
    "kg.commands.cite",
    "kg.commands.laws",
    "kg.commands.check",
    "kg.commands.impact",
    "kg.commands.demo",
    "kg.commands.stats",
)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qingdan",
        description="清单图谱：乡镇（街道）履职事项清单的法律依据知识图谱。",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except BrokenPipeError:
        return _reader_went_away()
    return code


def _reader_went_away() -> int:
    """The reader of our output stopped (`qingdan check | head`): end quietly, as Unix tools do.
    stdout is pointed at /dev/null first, so flushing it at exit cannot raise a second time."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 0


if __name__ == "__main__":
    sys.exit(main())
