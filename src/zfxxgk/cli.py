"""The command line: ``zfxxgk parse FILE...`` (also ``python -m zfxxgk``)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from importlib import resources

from . import __version__
from .convert import to_dict
from .errors import ParseError
from .parsing import decode, parse, parse_file

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zfxxgk",
        description="Read 政府信息公开工作年度报告 into typed data.",
    )
    parser.add_argument("--version", action="version", version=f"zfxxgk {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    parse_command = commands.add_parser(
        "parse",
        help="parse reports and print each as JSON (one object per line)",
        description="Parse each FILE and print its report as JSON, one object per line. "
        "Exit status 1 when a file cannot be parsed (its error goes to stderr).",
    )
    parse_command.add_argument("files", nargs="*", metavar="FILE", help="a .txt or .md report")
    parse_command.add_argument(
        "--sample", action="store_true", help="parse the sample report shipped with zfxxgk"
    )
    parse_command.add_argument(
        "--indent", type=int, default=None, help="indent the JSON (one report per file only)"
    )
    return parser


def _sample_text() -> str:
    return decode(resources.files(__package__).joinpath("sample.txt").read_bytes())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    if not args.files and not args.sample:
        _parser().error("parse needs at least one FILE, or --sample")
    status = 0
    jobs: list[tuple[str, object]] = [("sample", None)] if args.sample else []
    jobs += [(name, name) for name in args.files]
    for name, path in jobs:
        try:
            report = parse(_sample_text()) if path is None else parse_file(name)
        except ParseError as error:
            print(f"zfxxgk: {name}: {error}", file=sys.stderr)
            status = 1
            continue
        except OSError as error:
            print(f"zfxxgk: {name}: {error.strerror or error}", file=sys.stderr)
            status = 1
            continue
        indent = args.indent if len(jobs) == 1 else None
        print(json.dumps(to_dict(report), ensure_ascii=False, indent=indent))
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
