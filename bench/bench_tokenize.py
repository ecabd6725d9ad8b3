"""What word segmentation adds to the assignment stage, and what it costs.

Runs the assignment stage on the seeds and on the annotated dev sample twice — names read on
underthesea words (``segment=True``) and on the capital-syllable guess (``segment=False``) — and
prints time and F1 for each; then times the stage on the whole dev corpus when ../shared is
there. Writes the figures as JSON to bench/results/ (not committed).
Run: ``python bench/bench_tokenize.py``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pandas as pd

from kehoach.extract import assignments, normalize, structure

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "corpus" / "tnt305"
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))  # the scoring is the tests' own, so bench and tests agree
from tests.test_assignments import f1  # noqa: E402


def prepared(paths: list[Path]) -> list[tuple[str, str, tuple, int, int]]:
    out = []
    for path in paths:
        text = normalize.normalize(path.read_text("utf-8")).text
        start, end = structure.find_body(text)
        out.append((path.stem, text, structure.find_sections(text, start, end), start, end))
    return out


def run(docs, segment: bool) -> tuple[float, set]:
    began = time.perf_counter()
    got = set()
    for doc_id, text, sections, start, end in docs:
        for a in assignments.find_assignments(text, sections, start, end, segment=segment):
            got.add((doc_id, a.unit, a.role))
    return time.perf_counter() - began, got


def whole_corpus() -> dict[str, float]:
    """Time only: the assignment stage on every dev document, with and without segmentation."""
    docs = prepared(sorted(DEV.glob("*.md")))
    size = sum(len(doc[1].encode("utf-8")) for doc in docs) / 1e6
    run(docs[:1], True)
    times = {segment: run(docs, segment)[0] for segment in (False, True)}
    print(f"{len(docs)} dev documents, {size:.2f} MB: assignments {times[False]:.2f} s without, "
          f"{times[True]:.2f} s with segmentation ({size / times[True]:.2f} MB/s)")
    return {"documents": len(docs), "mb": round(size, 2),
            "seconds_without": round(times[False], 2), "seconds_with": round(times[True], 2)}


def main() -> None:
    began = time.perf_counter()
    seeds = prepared(sorted((ROOT / "corpus" / "seeds").glob("*.txt")))
    gold_seed = pd.read_csv(ROOT / "corpus" / "gold" / "assignments.csv", dtype=str)
    seed_gold = {(r.doc, r.unit) for r in gold_seed.itertuples()}
    files = sorted((ROOT / "tests" / "data" / "devsample").glob("assignments_*.csv"))
    dev_gold = pd.concat([pd.read_csv(f, dtype=str) for f in files])
    dev = prepared([DEV / f"{f}.md" for f in sorted(set(dev_gold["file"]))]) if DEV.is_dir() else []
    prepare = time.perf_counter() - began
    size = sum(len(doc[1].encode("utf-8")) for doc in seeds + dev) / 1e6
    print(f"{len(seeds)} seeds + {len(dev)} dev documents, {size:.2f} MB; normalize, body and "
          f"outline took {prepare:.2f} s")
    run(seeds[:1], True)  # load the segmenter's model outside the timing
    results: dict[str, object] = {}
    for segment in (False, True):
        seconds, got = run(seeds + dev, segment)
        seed_got = {(d, u) for d, u, r in got if r != "phối hợp" and "_" in d}
        seed_f1 = f1(seed_got, seed_gold)[0]
        dev_f1 = f1({g for g in got if "_" not in g[0]},
                    set(map(tuple, dev_gold[["file", "unit", "role"]].values)))[0] if dev else None
        print(f"segment={segment!s:5}  {seconds:6.2f} s  seeds F1 {seed_f1:.3f}  "
              f"dev F1 {dev_f1 if dev_f1 is None else f'{dev_f1:.3f}'}")
        results[f"segment={segment}"] = {"seconds": round(seconds, 2), "seeds_f1": seed_f1,
                                         "dev_f1": dev_f1}
    if DEV.is_dir():
        results["dev_corpus"] = whole_corpus()
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"tokenize-{time.strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"→ {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
