"""Hostile inputs must finish in seconds: every stage is linear in the input.

Run: python bench/bench_adversarial.py [--mb 5]

Prints, per input, the seconds the whole text pipeline takes and its ratio to a bare compiled
regex scan of the same text (the figure that matters on a shared, noisy machine).
"""

from __future__ import annotations

import argparse
import time

import regex

from kehoach.extract.pipeline import extract_text

BARE = regex.compile(r"[0-9]+[/-][A-ZĐ]+")


def inputs(mb: float) -> dict[str, str]:
    n = int(mb * 1_000_000)
    return {
        "repeated '1-1-1-' after a type word": ("Quyết định số " + "1-" * n)[:n],
        "a single line of words": ("Căn cứ Quyết định số 12/QĐ-UBND ngày 01/01/2024 của UBND tỉnh "
                                   * (n // 60))[:n],
        "separators only": ("/-/-, ;" * n)[:n],
        "plural list of references": ("Các Quyết định: số 1/QĐ-UBND, "
                                      + "số 2/QĐ-UBND, " * (n // 14))[:n],
        "dates without references": ("ngày 12 tháng 12 năm 2013 " * (n // 26))[:n],
        "one line per word": ("Luật\n\n" * (n // 6))[:n],
        "issuer phrase that never ends": ("Quyết định số 1/QĐ-UBND của Ban Chỉ đạo "
                                          + "công tác và " * (n // 12))[:n],
        "officials who carry out a decision": (
            "Điều 3. " + "Giám đốc Sở Y tế, " * (n // 22)
            + "chịu trách nhiệm thi hành Quyết định này."),
        "'(Đã ký)' marks on one line": "(Đã ký)" * (n // 9) + " Nguyễn Văn A",
        "issuers as subjects": "UBND tỉnh ban hành Kế hoạch số 12/KH-UBND. " * (n // 48),
        "one target sentence of many values": "I. CHỈ TIÊU\n1. Phấn đấu " + "".join(
            f"{i % 97}% trạm {i}, " for i in range(n // 16)) + "đạt.",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="size of each input in MB")
    args = parser.parse_args()
    print(f"{'input':40} {'MB':>5} {'kehoach s':>10} {'bare s':>8} {'ratio':>7}")
    for name, text in inputs(args.mb).items():
        t0 = time.perf_counter()
        sum(1 for _ in BARE.finditer(text))
        bare = time.perf_counter() - t0
        t0 = time.perf_counter()
        try:
            doc = extract_text(text)
            found = (f"{len(doc.citations)} citations, {len(doc.assignments)} assignments, "
                     f"{len(doc.targets)} targets")
        except TimeoutError:
            found = "stopped by the scan timeout: an errors.csv row in a real run"
        took = time.perf_counter() - t0
        size = len(text.encode("utf-8")) / 1e6
        print(f"{name:40} {size:5.1f} {took:10.2f} {bare:8.3f} {took / max(bare, 1e-9):7.0f}"
              f"   ({found})")


if __name__ == "__main__":
    main()
