"""The command line: ``kehoach extract PATH... --out DIR``.

Exit codes (documented in the README and in ``--help``):

* 0 — every file was processed;
* 1 — some files could not be processed; each is a row of ``errors.csv``, the rest are written;
* 2 — the command was used wrongly (unknown option, missing argument, output not writable);
* 130 — interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .corpus import BUNDLED_CORPUS, Corpus, default_jobs, run

EXIT_OK, EXIT_SOME_ERRORS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

EXIT_CODES = """exit codes:
  0    every file was processed
  1    some files could not be processed (see errors.csv); the others were written
  2    usage error, or the output folder cannot be written
  130  interrupted"""


def _progress_bar(enabled: bool):
    """A progress callback drawing on stderr when it is a terminal, else None."""
    if not enabled or not sys.stderr.isatty():
        return None, None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress("[progress.description]{task.description}", BarColumn(),
                   MofNCompleteColumn(), TimeRemainingColumn(), transient=True,
                   console=None)
    task = bar.add_task("extracting", total=None)

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return bar, update


def cmd_extract(args: argparse.Namespace) -> int:
    paths = args.paths or [BUNDLED_CORPUS]
    missing = [p for p in paths if not Path(p).exists()]
    bar, update = _progress_bar(not args.quiet)
    if bar is not None:
        bar.start()
    try:
        corpus = Corpus.from_results(run(paths, jobs=args.jobs, progress=update))
    finally:
        if bar is not None:
            bar.stop()
    try:
        written = corpus.to_csv(args.out)
    except OSError as exc:
        print(f"kehoach: cannot write to {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    n_docs, n_err = len(corpus.documents), len(corpus.errors)
    if not args.quiet:
        distinct = len(corpus.citations.drop_duplicates(["doc_id", "cited_id"]))
        print(f"{n_docs} documents, {len(corpus.citations)} citation mentions of {distinct} "
              f"cited documents, {n_err} errors → {Path(args.out)}/ "
              f"({', '.join(p.name for p in written)})", file=sys.stderr)
        for row in corpus.errors.itertuples():
            print(f"  error: {row.path}: {row.stage}: {row.error}", file=sys.stderr)
    if missing and not args.quiet:
        print(f"  ({len(missing)} path(s) not found)", file=sys.stderr)
    return EXIT_SOME_ERRORS if n_err else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kehoach",
        description="Read Vietnamese government plans and administrative documents and turn "
                    "them into tables: documents, citations, laws, sections, targets, "
                    "assignments, errors.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"kehoach {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    extract = sub.add_parser(
        "extract", help="extract every document under PATH... into CSV tables",
        description="Extract every document (.txt, .md; folders are searched recursively) and "
                    "write documents.csv, citations.csv, laws.csv, sections.csv, targets.csv, "
                    "assignments.csv and errors.csv (UTF-8, always all of them; header only "
                    "when empty). With no PATH, the bundled sample corpus is processed.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    extract.add_argument("paths", nargs="*", metavar="PATH",
                         help="files or folders (default: the bundled corpus/)")
    extract.add_argument("--out", "-o", default="out", metavar="DIR",
                         help="output folder (default: ./out)")
    extract.add_argument("--jobs", "-j", type=int, default=default_jobs(), metavar="N",
                         help="worker processes (default: all cores; 1 = no subprocess)")
    extract.add_argument("--quiet", "-q", action="store_true",
                         help="print nothing but errors of usage; no progress bar")
    extract.set_defaults(func=cmd_extract)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("kehoach: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
