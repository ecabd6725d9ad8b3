"""Throughput of the format readers: pages a second for PDFs with a text layer, seconds per
page for OCR.

Run: python bench/bench_formats.py [--rounds 3] [--all-scans]

The five sample plans are rendered as PDFs (as tests/test_formats.py does). Text PDFs are read
`rounds` times (words of the first and last page from pdfplumber, of the pages between from
pypdfium2, then the layout), and compared with the whole extraction of the same plans from their
.txt files: a ratio that holds on a shared, noisy machine. OCR reads the four
scanned pages of one plan one after another (one Tesseract process at a time), then as one
document (pages in parallel, one process a page). `--all-scans` also OCRs every page of the
five plans and scores the citations against corpus/gold.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kehoach.corpus import default_jobs  # noqa: E402
from kehoach.evaluate import score_citations  # noqa: E402
from kehoach.extract import ingest, ocr, pipeline, tables  # noqa: E402
from tests.render import render_pdf, render_scan  # noqa: E402

SEEDS = sorted((REPO / "corpus" / "seeds").glob("*.txt"))


def bench_text_pdfs(folder: Path, rounds: int) -> list[Path]:
    pdfs = [render_pdf(s.read_text(encoding="utf-8"), folder / f"{s.stem}.pdf") for s in SEEDS]
    start = time.perf_counter()
    pages = sum(ingest.read(p).pages for _ in range(rounds) for p in pdfs)
    pdf_seconds = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(rounds):
        for seed in SEEDS:
            pipeline.process_file(seed)
    text_seconds = time.perf_counter() - start
    print(f"text PDFs: {pages} pages read in {pdf_seconds:.2f} s → {pages / pdf_seconds:.1f} "
          f"pages/s; reading takes {pdf_seconds / text_seconds:.1f}× the whole extraction of "
          f"the same plans from .txt")
    return pdfs


def bench_ocr(pdfs: list[Path], folder: Path) -> None:
    ocr.check_tesseract()
    scan = render_scan(pdfs[-1], folder / "scan.tif", dpi=300)
    from PIL import Image, ImageSequence

    with Image.open(scan) as image:
        frames = [f.convert("L") for f in ImageSequence.Iterator(image)]
    start = time.perf_counter()
    for frame in frames:
        ocr.ocr_image(frame)
    serial = (time.perf_counter() - start) / len(frames)
    start = time.perf_counter()
    ingest.read(scan)
    parallel = (time.perf_counter() - start) / len(frames)
    print(f"OCR (300 dpi A4, Vietnamese): {serial:.2f} s per page one at a time; "
          f"{parallel:.2f} s per page with pages in parallel on {default_jobs()} cores "
          f"({len(frames)} pages)")


def bench_all_scans(pdfs: list[Path], folder: Path) -> None:
    docs = []
    start = time.perf_counter()
    pages = 0
    for pdf in pdfs:
        scan = render_scan(pdf, folder / f"{pdf.stem}.tif", dpi=300)
        doc = pipeline.process_file(scan, pdf.stem)
        pages += doc.pages
        docs.append(doc)
    seconds = time.perf_counter() - start
    gold = pd.read_csv(REPO / "corpus" / "gold" / "citations.csv", dtype=str)
    score, _ = score_citations(tables.frames(docs)["citations"], gold)
    print(f"scans of the five plans: {pages} pages in {seconds:.0f} s "
          f"({seconds / pages:.2f} s a page, rendering included); citations {score.summary()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="times each text PDF is read")
    parser.add_argument("--all-scans", action="store_true",
                        help="OCR all five plans and score their citations (minutes)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-formats-") as tmp:
        folder = Path(tmp)
        pdfs = bench_text_pdfs(folder, args.rounds)
        try:
            bench_ocr(pdfs, folder)
        except ingest.IngestError as exc:
            print(f"OCR: skipped ({exc})")
            return
        if args.all_scans:
            bench_all_scans(pdfs, folder)


if __name__ == "__main__":
    main()
