"""Throughput and memory of kehoach, each figure beside a baseline measured in the same run.

Run: python bench/bench_throughput.py [--corpus DIR] [--sizes 1000,10000] [--jobs N] [--profile]

* text path: MB/s of one process through the whole pipeline (read, extract, rows of every
  table) on the dev corpus, with and without word segmentation (``--no-segment``), next to a
  bare compiled-regex scan of the same text; the ratio is the figure that holds on a shared,
  noisy machine;
* PDF: pages/s of the text-layer reader (``--ocr never``) on the fixtures' PDFs;
* OCR: seconds per page, and the speed-up of 2 worker processes over 1;
* memory: peak RSS of ``kehoach extract`` (the streaming CLI path) on 1k and 10k documents made
  by linking the corpus files over and over into a temporary folder.

Prints a table and writes the figures as JSON to bench/results/ (not committed).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import regex

from kehoach.corpus import BUNDLED_CORPUS, default_jobs
from kehoach.extract import ingest, normalize, pipeline, tables, wordseg
from kehoach.models import ExtractOptions

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
RESULTS = REPO / "bench" / "results"
BARE = r"[0-9]+/[A-ZĐ]+"


def corpus_files(folder: Path) -> list[Path]:
    return sorted(p for p in ingest.discover([folder]) if p.suffix.lower() in ingest.TEXT_SUFFIXES)


def best_of(repeats: int, fn) -> float:
    """The fastest of `repeats` timed calls (the least disturbed by other load)."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def clear_memos() -> None:
    """Empty the bounded memo caches (segmented windows, issuers read, dates parsed …), so that
    each timed run is a first pass over the corpus, as a real run is; the unbounded ones hold
    compiled patterns and vocabularies, a one-time cost left out of the figure."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("kehoach"):
            continue
        for value in vars(module).values():
            parameters = getattr(value, "cache_parameters", None)
            if parameters is not None and parameters()["maxsize"] is not None:
                value.cache_clear()
    model = wordseg.load()  # the weights it remembers per n-gram
    for reading in model.readings if model else ():
        reading.memo.clear()


def text_path(files: list[Path], repeats: int) -> dict[str, float]:
    """Seconds and MB/s of the whole text path, of normalize alone, and of bare regex scans."""
    data = [p.read_bytes() for p in files]
    texts = [ingest.decode_text(d) for d in data]
    mb = sum(len(d) for d in data) / 1e6
    compiled_regex, compiled_re = regex.compile(BARE), re.compile(BARE)

    def whole(segment: bool = True) -> None:
        clear_memos()
        for i, d in enumerate(data):
            tables.rows_of(pipeline.extract_text(ingest.decode_text(d), doc_id=str(i),
                                                 segment=segment))

    whole()  # warm: patterns compile and the segmenter's model loads on first use
    seconds = {
        "kehoach": best_of(repeats, whole),
        "kehoach_no_segment": best_of(repeats, lambda: whole(segment=False)),
        "normalize": best_of(repeats, lambda: [normalize.normalize(t) for t in texts]),
        "bare_regex": best_of(repeats, lambda: [sum(1 for _ in compiled_regex.finditer(t))
                                                for t in texts]),
        "bare_re": best_of(repeats, lambda: [sum(1 for _ in compiled_re.finditer(t))
                                             for t in texts]),
    }
    out = {"documents": len(files), "mb": round(mb, 2)}
    for name, s in seconds.items():
        out[f"{name}_s"] = round(s, 4)
        out[f"{name}_mb_s"] = round(mb / s, 2)
    out["ratio_to_bare_regex"] = round(seconds["kehoach"] / seconds["bare_regex"], 1)
    out["ratio_no_segment_to_bare_regex"] = round(
        seconds["kehoach_no_segment"] / seconds["bare_regex"], 1)
    out["ratio_to_bare_re"] = round(seconds["kehoach"] / seconds["bare_re"], 1)
    return out


# The stages of the text path, as (module file, function) for reading them off a profile.
STAGES = (("ingest.py", "decode_text"), ("normalize.py", "normalize"),
          ("structure.py", "find_body"), ("header.py", "extract_header"),
          ("citations.py", "find_citations"), ("relations.py", "find_relations"),
          ("structure.py", "find_sections"),
          ("targets.py", "find_targets"), ("assignments.py", "find_assignments"),
          ("tables.py", "rows_of"))


def profile(files: list[Path], top: int = 25) -> dict[str, float]:
    """Where the text path spends its time: each stage's share (cumulative time under
    cProfile, which slows everything alike), then the functions by own time."""
    data = [p.read_bytes() for p in files]
    pipeline.extract_text(ingest.decode_text(data[0]))
    prof = cProfile.Profile()
    prof.enable()
    for i, d in enumerate(data):
        tables.rows_of(pipeline.extract_text(ingest.decode_text(d), doc_id=str(i)))
    prof.disable()
    stats = pstats.Stats(prof)
    total = sum(t for (_, _, name), (_, _, _, t, _) in stats.stats.items()
                if name == "extract_text") + sum(
        t for (file, _, name), (_, _, _, t, _) in stats.stats.items()
        if (Path(file).name, name) in {STAGES[0], STAGES[-1]})
    shares = {}
    for (file, _, name), (_, _, _, cumulative, _) in stats.stats.items():
        if (Path(file).name, name) in STAGES:
            shares[name] = shares.get(name, 0.0) + cumulative / total
    print("share of the text path's time by stage (under cProfile)")
    for name, share in sorted(shares.items(), key=lambda kv: -kv[1]):
        print(f"  {name:22} {100 * share:5.1f}%")
    stats.sort_stats("tottime").print_stats(top)
    return {name: round(share, 3) for name, share in shares.items()}


def pdf_pages(fixtures: Path) -> dict[str, object]:
    """Pages per second of the PDF text-layer reader, or n/a."""
    if ".pdf" not in ingest.READERS:
        return {"pdf": "n/a (no PDF reader)"}
    pages, seconds = 0, 0.0
    for path in sorted(fixtures.glob("*.pdf")):
        t0 = time.perf_counter()
        try:
            source = ingest.read(path, ExtractOptions(ocr="never"))
        except ingest.IngestError:  # a scan without a text layer: that is OCR's figure
            continue
        seconds += time.perf_counter() - t0
        pages += source.pages or 0
    if not pages:
        return {"pdf": "n/a (no PDF with a text layer in the fixtures)"}
    return {"pdf_pages": pages, "pdf_s": round(seconds, 3),
            "pdf_pages_s": round(pages / seconds, 1)}


def _ocr_page(item: tuple[str, int]) -> float:
    from kehoach.engine import ocr_page

    t0 = time.perf_counter()
    ocr_page(*item)
    return time.perf_counter() - t0


def ocr_speed(fixtures: Path, max_pages: int) -> dict[str, object]:
    """Seconds per OCR'd page with 1 worker, and the speed-up of 2 worker processes."""
    try:
        from kehoach.extract import ocr

        ocr.check_tesseract()
    except (ImportError, ingest.IngestError) as exc:
        return {"ocr": f"n/a ({exc})"}
    import pdfplumber

    items = []
    for path in sorted(fixtures.glob("*imageonly*.pdf")) or sorted(fixtures.glob("*.pdf")):
        with pdfplumber.open(path) as pdf:
            items += [(str(path), k + 1) for k in range(len(pdf.pages))]
    items = (items * max_pages)[:max_pages]  # the same pages again when there are few
    if not items:
        return {"ocr": "n/a (no PDF in the fixtures)"}
    t0 = time.perf_counter()
    for item in items:
        _ocr_page(item)
    one = time.perf_counter() - t0
    with ProcessPoolExecutor(max_workers=2) as pool:
        t0 = time.perf_counter()
        list(pool.map(_ocr_page, items))
        two = time.perf_counter() - t0
    return {"ocr_pages": len(items), "ocr_s_per_page": round(one / len(items), 2),
            "ocr_speedup_2_workers": round(one / two, 2)}


def replicate(files: list[Path], n: int, folder: Path) -> Path:
    """`n` documents under `folder`: the corpus files linked (or copied) again and again."""
    root = folder / f"docs{n}"
    for i in range(n):
        src = files[i % len(files)]
        dst = root / f"r{i // len(files):04d}" / src.name
        dst.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(src, dst)
        except OSError:  # another file system: copy
            dst.write_bytes(src.read_bytes())
    return root


# Runs the CLI and reports the largest RSS of any process it started (RUSAGE_CHILDREN counts the
# children waited for: the CLI itself, and through it its workers).
MEASURE = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:]).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""


def peak_memory(files: list[Path], n: int, jobs: int, tmp: Path) -> dict[str, object]:
    """Peak RSS of ``kehoach extract`` on `n` documents: the largest process, and the sum over
    the process tree sampled every 20 ms (when psutil is installed)."""
    docs = replicate(files, n, tmp)
    command = [sys.executable, "-m", "kehoach", "extract", str(docs), "-o", str(tmp / f"out{n}"),
               "-q", "-j", str(jobs)]
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", MEASURE, *command], stdout=subprocess.PIPE,
                            text=True, cwd=REPO)
    tree_peak = _sample_tree(proc)
    out, _ = proc.communicate()
    seconds = time.perf_counter() - t0
    maxrss_kb, code = (int(x) for x in out.split())
    result = {"documents": n, "jobs": jobs, "exit": code, "seconds": round(seconds, 1),
              "largest_process_mb": round(maxrss_kb / 1024, 1)}
    if tree_peak is not None:
        result["tree_peak_mb"] = round(tree_peak / 2**20, 1)
    return result


def _sample_tree(proc: subprocess.Popen) -> int | None:
    try:
        import psutil
    except ImportError:
        return None
    peak = 0
    try:
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            rss = 0
            for p in [root, *root.children(recursive=True)]:
                try:
                    rss += p.memory_info().rss
                except psutil.NoSuchProcess:
                    continue
            peak = max(peak, rss)
            time.sleep(0.02)
    except psutil.NoSuchProcess:
        pass
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_corpus = SHARED / "corpus" / "tnt305"
    parser.add_argument("--corpus", type=Path,
                        default=default_corpus if default_corpus.is_dir() else BUNDLED_CORPUS,
                        help="text documents to measure (default: the dev corpus)")
    parser.add_argument("--fixtures", type=Path, default=SHARED / "fixtures",
                        help="PDFs for the PDF and OCR figures")
    parser.add_argument("--sizes", default="1000,10000",
                        help="corpus sizes for the memory figures (comma-separated)")
    parser.add_argument("--jobs", type=int, default=default_jobs(),
                        help="worker processes of the CLI runs (default: all cores)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs; the best counts")
    parser.add_argument("--ocr-pages", type=int, default=4, help="pages to OCR")
    parser.add_argument("--profile", action="store_true",
                        help="also print where the text path spends its time")
    args = parser.parse_args()
    files = corpus_files(args.corpus)
    results: dict[str, object] = {"corpus": str(args.corpus), "cores": default_jobs()}

    results["text"] = text = text_path(files, args.repeats)
    print(f"text path on {text['documents']} documents, {text['mb']} MB (one process, best of "
          f"{args.repeats})")
    print(f"  {'':22} {'s':>8} {'MB/s':>8}")
    for name in ("kehoach", "kehoach_no_segment", "normalize", "bare_regex", "bare_re"):
        print(f"  {name:22} {text[f'{name}_s']:8.3f} {text[f'{name}_mb_s']:8.1f}")
    print(f"  kehoach / bare regex scan: {text['ratio_to_bare_regex']}× "
          f"(/ re: {text['ratio_to_bare_re']}×)")
    if args.profile:
        results["stage_shares"] = profile(files)

    results["pdf"] = pdf = pdf_pages(args.fixtures)
    print("PDF text layer: " + (f"{pdf['pdf_pages_s']} pages/s ({pdf['pdf_pages']} pages)"
                                if "pdf_pages_s" in pdf else pdf["pdf"]))
    results["ocr"] = ocr = ocr_speed(args.fixtures, args.ocr_pages)
    print("OCR: " + (f"{ocr['ocr_s_per_page']} s/page, ×{ocr['ocr_speedup_2_workers']} with 2 "
                     f"workers ({ocr['ocr_pages']} pages)" if "ocr_pages" in ocr else ocr["ocr"]))

    memory = []
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-") as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            memory.append(peak_memory(files, n, args.jobs, Path(tmp)))
    results["memory"] = memory
    print(f"peak memory of `kehoach extract` (streaming), -j {args.jobs}")
    print(f"  {'documents':>10} {'seconds':>8} {'largest process MB':>19} {'tree MB':>8}")
    for m in memory:
        print(f"  {m['documents']:>10} {m['seconds']:>8} {m['largest_process_mb']:>19} "
              f"{m.get('tree_peak_mb', 'n/a'):>8}")
    if len(memory) >= 2:
        growth = memory[-1]["largest_process_mb"] / memory[0]["largest_process_mb"]
        results["memory_growth"] = round(growth, 3)
        print(f"  largest process, {memory[-1]['documents']} vs {memory[0]['documents']} "
              f"documents: ×{growth:.2f}")

    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"throughput-{time.strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"→ {path.relative_to(REPO)}")


if __name__ == "__main__":
    main()
