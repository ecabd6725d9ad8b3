"""The command line: ``kehoach extract PATH... --out DIR``, ``kehoach show FILE``.

Exit codes (documented in the README and in ``--help``):

* 0 — every file was processed;
* 1 — some files could not be processed; each is a row of ``errors.csv``, the rest are written;
* 2 — the command was used wrongly (unknown option, missing argument, output not writable);
* 130 — interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from . import __version__
from .cache import Cache
from .corpus import BUNDLED_CORPUS, FileRows, default_jobs, extract_file, run_rows
from .engine import EngineError, run_dask
from .export import FORMATS, ExportError, parse_formats
from .extract.ingest import IngestError
from .extract.tables import write_atomic
from .models import ExtractOptions
from .stream import write_results

EXIT_OK, EXIT_SOME_ERRORS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

EXIT_CODES = """exit codes:
  0    every file was processed
  1    some files could not be processed (see errors.csv); the others were written
  2    usage error, the output or --cache folder cannot be written, or the Dask
       scheduler cannot be reached
  130  interrupted"""

SHOW_EXIT_CODES = """exit codes:
  0    the document was extracted and shown
  1    the file could not be processed (the reason is printed)
  2    usage error, or FILE does not exist
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


def _results(args: argparse.Namespace, paths: list, update) -> Iterator[FileRows]:
    """Each file's rows in input order: from local processes or a Dask cluster, cached when
    ``--cache`` is given."""
    options = _options(args)
    if args.engine == "dask" or args.scheduler:
        return run_dask(paths, jobs=args.jobs, scheduler=args.scheduler, progress=update,
                        options=options, cache_dir=args.cache)
    return run_rows(paths, jobs=args.jobs, progress=update, options=options,
                    cache_dir=args.cache)


def cmd_extract(args: argparse.Namespace) -> int:
    paths = args.paths or [BUNDLED_CORPUS]
    missing = [p for p in paths if not Path(p).exists()]
    if args.cache is not None:
        try:
            Cache.at(args.cache).check_writable()
        except OSError as exc:
            print(f"kehoach: cannot use the cache folder {args.cache}: {exc.strerror or exc}",
                  file=sys.stderr)
            return EXIT_USAGE
    bar, update = _progress_bar(not args.quiet)
    if bar is not None:
        bar.start()
    try:
        # Rows are written as they arrive, so memory does not grow with the corpus.
        summary = write_results(_results(args, paths, update), args.out, args.format,
                                parquet_parts=args.engine == "dask" or bool(args.scheduler))
    except OSError as exc:
        print(f"kehoach: cannot write to {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except (ExportError, EngineError) as exc:
        print(f"kehoach: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        if bar is not None:
            bar.stop()
    n_err = len(summary.errors)
    if not args.quiet:
        cached = f", {summary.cached} from the cache" if args.cache is not None else ""
        print(f"{summary.documents} documents, {summary.citations} citation mentions of "
              f"{summary.distinct_cited} cited documents, {n_err} errors{cached} → "
              f"{Path(args.out)}/ ({', '.join(p.name for p in summary.written)})",
              file=sys.stderr)
        for row in summary.errors:
            print(f"  error: {row['path']}: {row['stage']}: {row['error']}", file=sys.stderr)
    if missing and not args.quiet:
        print(f"  ({len(missing)} path(s) not found)", file=sys.stderr)
    return EXIT_SOME_ERRORS if n_err else EXIT_OK


def _spinner(message: str):
    """A spinner on stderr while a step runs, when stderr is a terminal; else nothing."""
    if not sys.stderr.isatty():
        return contextlib.nullcontext()
    from rich.console import Console

    return Console(stderr=True).status(message)


def cmd_show(args: argparse.Namespace) -> int:
    from .show import show

    if not Path(args.file).is_file():
        print(f"kehoach: no such file: {args.file}", file=sys.stderr)
        return EXIT_USAGE
    try:
        with _spinner(f"extracting {args.file}"):  # a scan's OCR takes seconds
            doc = extract_file(args.file)
    except IngestError as exc:
        print(f"kehoach: {exc}", file=sys.stderr)
        return EXIT_SOME_ERRORS
    show(doc)
    return EXIT_OK


REPORT_EXIT_CODES = """exit codes:
  0    every file was processed and the report written
  1    some files could not be processed (listed under Errors in the report)
  2    usage error, or the report cannot be written
  130  interrupted"""


def cmd_report(args: argparse.Namespace) -> int:
    from .corpus import Corpus, run
    from .models import Document
    from .report import build_report

    paths = args.paths or [BUNDLED_CORPUS]
    bar, update = _progress_bar(not args.quiet)
    if bar is not None:
        bar.start()
    try:
        results = list(run(paths, jobs=args.jobs, progress=update,
                           options=_options(args)))
    finally:
        if bar is not None:
            bar.stop()
    corpus = Corpus.from_results(results)
    documents = [r for r in results if isinstance(r, Document)]
    page = build_report(documents, corpus.tables(), outdated=corpus.outdated(),
                        title=args.title)
    out = Path(args.out)
    try:
        write_atomic(out, lambda tmp: Path(tmp).write_text(page, encoding="utf-8"))
    except OSError as exc:
        print(f"kehoach: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    n_err = len(corpus.errors)
    if not args.quiet:
        print(f"{len(documents)} documents, {len(corpus.citations)} citation mentions, "
              f"{n_err} errors → {out} ({len(page.encode()) // 1024} KiB)", file=sys.stderr)
        for row in corpus.errors.itertuples():
            print(f"  error: {row.path}: {row.stage}: {row.error}", file=sys.stderr)
    return EXIT_SOME_ERRORS if n_err else EXIT_OK


ANALYSIS_EXIT_CODES = """exit codes:
  0    every file was processed and the tables written
  1    some files could not be processed (see errors.csv); the rest were analysed
  2    usage error, a registry file that cannot be read, or the output cannot be written
  130  interrupted"""


def _extract_all(args: argparse.Namespace) -> list:
    """Every file's Document or ErrorRecord, in input order (the analyses need them all)."""
    from .corpus import run

    bar, update = _progress_bar(not args.quiet)
    if bar is not None:
        bar.start()
    try:
        return list(run(args.paths or [BUNDLED_CORPUS], jobs=args.jobs, progress=update))
    finally:
        if bar is not None:
            bar.stop()


def _write_tables(tables: dict, out: str, corpus, quiet: bool, what: str) -> int:
    from .export import write

    try:
        written = write({**tables, "errors": corpus.errors}, out)
    except OSError as exc:
        print(f"kehoach: cannot write to {out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    if not quiet:
        print(f"{len(corpus.documents)} documents, {what}, {len(corpus.errors)} errors → "
              f"{Path(out)}/ ({', '.join(p.name for p in written)})", file=sys.stderr)
        for row in corpus.errors.itertuples():
            print(f"  error: {row.path}: {row.stage}: {row.error}", file=sys.stderr)
    return EXIT_SOME_ERRORS if len(corpus.errors) else EXIT_OK


OCR_HELP = ("OCR PDF pages: auto = those without a usable text layer (none, or one that lost "
            "the diacritics), always, never (default: auto; images are always OCR'd). Needs "
            "tesseract-ocr-vie")


SEGMENT_HELP = ("read units' names without word segmentation: the assignment stage runs about "
                "3× faster (the whole run about 1.4×), and fewer unit names come out right "
                "(assignment F1 0.91 → 0.84 on the annotated dev sample)")


def _input_arguments(command: argparse.ArgumentParser, ocr: bool = False) -> None:
    """The arguments every command that reads documents shares: PATH..., --jobs, --quiet,
    and --ocr and --no-segment for those that extract."""
    command.add_argument("paths", nargs="*", metavar="PATH",
                         help="files or folders (default: the bundled corpus/)")
    command.add_argument("--jobs", "-j", type=int, default=default_jobs(), metavar="N",
                         help="worker processes (default: all cores; 1 = no subprocess)")
    if ocr:
        command.add_argument("--ocr", choices=("auto", "always", "never"), default="auto",
                             help=OCR_HELP)
        command.add_argument("--no-segment", dest="segment", action="store_false",
                             help=SEGMENT_HELP)
    command.add_argument("--quiet", "-q", action="store_true",
                         help="print nothing but errors of usage; no progress bar")


def _options(args: argparse.Namespace) -> ExtractOptions:
    return ExtractOptions(ocr=args.ocr, segment=args.segment)


def _corpus_arguments(command: argparse.ArgumentParser) -> None:
    """The arguments of the commands that analyse a whole corpus (outdated, analyze)."""
    _input_arguments(command)
    command.add_argument("--out", "-o", default="out", metavar="DIR",
                         help="output folder (default: ./out)")


def cmd_outdated(args: argparse.Namespace) -> int:
    from .analysis import as_partial_date, print_outdated
    from .corpus import Corpus
    from .registry import RegistryError, load_registry

    try:
        entries = load_registry(args.registry)
        as_of = as_partial_date(args.as_of) if args.as_of else None
    except (RegistryError, ValueError) as exc:
        print(f"kehoach: {exc}", file=sys.stderr)
        return EXIT_USAGE
    corpus = Corpus.from_results(_extract_all(args))
    frame = corpus.outdated(as_of=as_of, registry=entries)
    if not args.quiet:
        print_outdated(frame)
    flagged = int(frame["outdated_at_issue"].fillna(False).sum())
    now = int(frame["outdated_now"].fillna(False).sum())
    return _write_tables({"outdated": frame}, args.out, corpus, args.quiet,
                         f"{len(frame)} cited documents judged, {flagged} outdated when cited, "
                         f"{now} outdated now")


def cmd_analyze(args: argparse.Namespace) -> int:
    from . import analysis
    from .corpus import Corpus
    from .models import Document

    results = _extract_all(args)
    corpus = Corpus.from_results(results)
    edges = analysis.graph_edges(corpus.citations, corpus.documents, corpus.relations)
    tables = {"conflicts": corpus.conflicts(), "graph_edges": edges,
              "most_cited": analysis.most_cited(corpus.citations),
              **analysis.document_tables(r for r in results if isinstance(r, Document))}
    return _write_tables(tables, args.out, corpus, args.quiet,
                         f"{len(tables['conflicts'])} conflicting values, {len(edges)} edges, "
                         f"{len(tables['stale_years'])} stale years, "
                         f"{len(tables['localities'])} renamed localities")


def _formats(spec: str) -> tuple[str, ...]:
    try:
        return parse_formats(spec)
    except ExportError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


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
        description="Extract every document (.txt, .md, .pdf, .docx, scans as .png/.jpg/.tif; "
                    "folders are searched recursively) and "
                    "write documents.csv, citations.csv, laws.csv, sections.csv, targets.csv, "
                    "assignments.csv, relations.csv, anomalies.csv and errors.csv (UTF-8, "
                    "always all of them; header only "
                    "when empty). With no PATH, the bundled sample corpus is processed.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    extract.add_argument("--out", "-o", default="out", metavar="DIR",
                         help="output folder (default: ./out)")
    extract.add_argument("--format", "-f", type=_formats, default=("csv",), metavar="FMT,...",
                         help=f"one or more of {', '.join(FORMATS)}, comma-separated (default: "
                              "csv, UTF-8 with a byte-order mark so Excel reads it). csv and "
                              "parquet give one file per table; xlsx (a sheet per table), "
                              "sqlite (kehoach.db) and duckdb (kehoach.duckdb) one file")
    extract.add_argument("--cache", metavar="DIR",
                         help="keep each file's result in DIR (e.g. ~/.cache/kehoach), keyed by "
                              "its content and the pipeline version: a rerun skips unchanged "
                              "files and a killed run resumes (default: no cache)")
    extract.add_argument("--engine", choices=("local", "dask"), default="local",
                         help="local = a pool of --jobs processes (default); dask = a "
                              "dask.distributed cluster, which also writes partitioned Parquet "
                              "(parquet/<table>/part-*.parquet)")
    extract.add_argument("--scheduler", metavar="ADDRESS",
                         help="the Dask scheduler to use (tcp://host:8786; implies --engine "
                              "dask); without it --engine dask starts a local cluster of --jobs "
                              "worker processes")
    _input_arguments(extract, ocr=True)
    extract.set_defaults(func=cmd_extract)

    show = sub.add_parser(
        "show", help="show one document's extraction in the terminal",
        description="Extract FILE and show what was found: header fields (type, số ký hiệu, "
                    "place, date, title, issuer, signer, recipients), then a table each for "
                    "the cited documents (type, ref, date, issuer, section, mentions), laws "
                    "cited by name, targets and assignments — only those that exist. Colours "
                    "on a terminal, plain text when piped (kehoach show FILE | less).",
        epilog=SHOW_EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    show.add_argument("file", metavar="FILE", help="a .txt, .md, .pdf, .docx or scanned image")
    show.set_defaults(func=cmd_show)

    report = sub.add_parser(
        "report", help="write one self-contained HTML page about the documents under PATH...",
        description="Extract every document under PATH... and write one HTML page (inline CSS, "
                    "JavaScript and SVG charts; it loads nothing from the network): a summary "
                    "(documents, citations, laws, targets, assignments, errors, and the share "
                    "of cited documents already replaced or repealed), the most cited "
                    "documents, cited documents per year, references cited with conflicting "
                    "dates, and each document's text with its citations, laws, targets and "
                    "assignments highlighted (hover for the parsed fields; click a citation "
                    "to outline its other mentions). With no PATH, the bundled sample corpus.",
        epilog=REPORT_EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    report.add_argument("--out", "-o", default="report.html", metavar="FILE",
                        help="the HTML file to write (default: ./report.html)")
    report.add_argument("--title", default="kehoach report", help="the page's title")
    _input_arguments(report, ocr=True)
    report.set_defaults(func=cmd_report)

    outdated = sub.add_parser(
        "outdated", help="which cited documents were outdated when cited, and which are now",
        description="Extract every document under PATH... and judge each cited document (one "
                    "row per citing document) against the validity registry and the "
                    "replace/repeal/amend statements of the documents themselves: its status, "
                    "what replaced it and from when, whether it was already outdated on the "
                    "citing document's date and whether it is on --as-of, with the basis "
                    "(registry row or corpus statement, with its source). A judgement is left "
                    "empty when the dates do not settle it (no date, a month-only date "
                    "straddling the end date) or no source confirms the status. Writes "
                    "outdated.csv and errors.csv and prints the documents with a known status.",
        epilog=ANALYSIS_EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    _corpus_arguments(outdated)
    outdated.add_argument("--registry", metavar="FILE",
                          help="your own registry CSV (columns ref, doc_type, issued, issuer, "
                               "status, replaced_by, valid_from, valid_until, partial, source), "
                               "read on top of the shipped one; your rows win")
    outdated.add_argument("--as-of", metavar="YYYY-MM-DD",
                          help="the day for outdated_now (default: today)")
    outdated.set_defaults(func=cmd_outdated)

    analyze = sub.add_parser(
        "analyze", help="cross-plan tables: conflicts, citation graph, most cited, stale years",
        description="Extract every document under PATH... and write conflicts.csv (a cited "
                    "document given different dates or types by different documents), "
                    "graph_edges.csv (document → cited document, plan → the plan it carries "
                    "out, document → what it replaces or repeals), most_cited.csv, "
                    "stale_years.csv (a plan's purpose speaking of an earlier year than the "
                    "one it is for), localities.csv (\"tỉnh X (nay là tỉnh Y)\") and errors.csv.",
        epilog=ANALYSIS_EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    _corpus_arguments(analyze)
    analyze.set_defaults(func=cmd_analyze)
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
