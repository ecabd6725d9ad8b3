"""Legacy encodings (TCVN3, VNI): the table, detection, conversion, and ingest of such files
(tests/cases/encoding.yaml)."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kehoach
from kehoach.extract import ingest
from kehoach.extract.encoding import (ENCODINGS, VNI_PAIRS_ALSO_UNICODE, Decoded, _any_tell_tale,
                                      _holding, _pairs_pattern, _tables, _tell_tales,
                                      detect_legacy, from_unicode, may_be_legacy, repair,
                                      to_unicode, vietnamese_letters)
from kehoach.patterns.vocab import read_tsv

from .support import CORPUS, case_id, load_cases

CASES = load_cases("encoding.yaml")
VIETNAMESE = [c for c in CASES if not c.get("unicode_only")]
ROWS = read_tsv("legacy_encodings.tsv")
SEED = CORPUS / "seeds" / "000_a863b09b55c419f3.txt"


def _params(cases: list[dict]) -> list:
    return [pytest.param(c, id=case_id(c)) for c in cases]


# --- the table -------------------------------------------------------------------------------

def test_table_has_every_letter_once_per_encoding() -> None:
    by_encoding = defaultdict(list)
    for row in ROWS:
        by_encoding[row["encoding"]].append(row)
        assert row["source"], row
        assert row["legacy"].encode("cp1252").hex(" ") == row["cp1252"], row
        assert unicodedata.is_normalized("NFC", row["unicode"]) and len(row["unicode"]) == 1
    assert set(by_encoding) == set(ENCODINGS)
    for rows in by_encoding.values():
        assert len(rows) == 134
        assert {r["unicode"] for r in rows} == vietnamese_letters()
        assert len({r["legacy"] for r in rows}) == 134


def test_letters_are_the_vietnamese_alphabet_with_marks() -> None:
    letters = vietnamese_letters()
    assert sum(c.isupper() for c in letters) == sum(c.islower() for c in letters) == 67
    assert {c.upper() for c in letters if c.islower()} == {c for c in letters if c.isupper()}
    assert {unicodedata.normalize("NFD", c)[0].lower() for c in letters} == set("aeiouyđ")


def _added_marks(letter: str, base: str) -> str:
    """The combining marks ``letter`` has beyond ``base`` ("ậ" beyond "â": the dot below)."""
    full, bare = Counter(unicodedata.normalize("NFD", letter)), Counter(
        unicodedata.normalize("NFD", base))
    assert bare <= full, (letter, base)
    return "".join(sorted((full - bare).elements()))


def test_vni_mark_bytes_mean_one_mark_each() -> None:
    """A VNI pair is its base letter plus a mark byte; each byte must add the same marks
    whatever the letter ("ù" is the acute on a, e, o, u, y, ơ, ư)."""
    vni = {r["legacy"]: r["unicode"] for r in ROWS if r["encoding"] == "vni"}
    marks_of: dict[str, set[str]] = defaultdict(set)
    for form, letter in vni.items():
        if len(form) == 2:
            marks_of[form[1].lower()].add(_added_marks(letter, vni.get(form[0], form[0])))
    assert all(len(marks) == 1 for marks in marks_of.values()), marks_of
    assert len(marks_of) == 17  # 5 tones, circumflex, breve, and 10 of them combined


def test_tcvn3_capitals_are_base_plus_small_letter_code() -> None:
    """TCVN3's single-font table has no toned capitals: the converter's convention writes
    the bare capital (or Ă Â Ê Ô Ơ Ư's own code) then the small letter's code."""
    tcvn3 = {r["legacy"]: r["unicode"] for r in ROWS if r["encoding"] == "tcvn3"}
    for form, letter in tcvn3.items():
        if len(form) == 2:
            assert letter.isupper() and tcvn3[form[1]] == letter.lower(), (form, letter)
            assert _added_marks(letter, tcvn3.get(form[0], form[0]))


# --- the case table --------------------------------------------------------------------------

ROUND_TRIP = [c for c in VIETNAMESE if c.get("round_trip", True)]


def test_case_table_is_sourced() -> None:
    assert all(c.get("id") and c.get("source") and c.get("text") for c in CASES)
    assert len({c["id"] for c in CASES}) == len(CASES)


def test_lines_already_in_unicode_are_kept() -> None:
    """A document typed in TCVN3 with a line retyped in Unicode (its place and date)."""
    mixed = ("QuyÕt ®Þnh sè 217-Q§/TW ngµy 12 th¸ng 12 n¨m 2013 cña Bé ChÝnh trÞ\n"
             "Hà Nội, ngày 5 tháng 3 năm 2014\n")
    assert repair(mixed) == Decoded(
        "Quyết định số 217-QĐ/TW ngày 12 tháng 12 năm 2013 của Bộ Chính trị\n"
        "Hà Nội, ngày 5 tháng 3 năm 2014\n", "tcvn3")


@pytest.mark.parametrize("case", _params(ROUND_TRIP))
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_round_trip(case: dict, encoding: str) -> None:
    legacy = from_unicode(case["text"], encoding)
    assert to_unicode(legacy, encoding) == case["text"]
    if encoding in case:
        # the form found elsewhere: our table must write and read it the same way
        assert legacy == case[encoding]


@pytest.mark.parametrize("case", _params(VIETNAMESE))
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_detection_fires_on_legacy_forms(case: dict, encoding: str) -> None:
    legacy = case.get(encoding) or from_unicode(case["text"], encoding)
    want = None if encoding in case.get("undetected", []) else encoding
    assert detect_legacy(legacy) == want


@pytest.mark.parametrize("case", _params(CASES))
def test_detection_never_fires_on_unicode(case: dict) -> None:
    assert detect_legacy(case["text"]) is None
    assert repair(case["text"], "utf-8").text == case["text"]


@pytest.mark.parametrize("case", _params([c for c in CASES if "repaired" in c]))
def test_capitals_font_lines_are_upper_cased(case: dict) -> None:
    line = f"{case['tcvn3']}\nQuyÕt ®Þnh sè 217-Q§/TW cña Bé ChÝnh trÞ"
    fixed = repair(line)
    assert fixed.encoding == "tcvn3"
    assert fixed.text.splitlines()[0] == case["repaired"]
    assert fixed.text.splitlines()[1] == "Quyết định số 217-QĐ/TW của Bộ Chính trị"


SMALL = sorted(c for c in vietnamese_letters() if c.islower()) + list("abcdeghiklmnopqrstuvxy")


@given(st.text(alphabet=SMALL + list(" .,-/0123456789\n")))
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_round_trip_any_vietnamese_text(encoding: str, text: str) -> None:
    """Any text in small letters, and the same in capitals. (A capital then a small toned
    letter, "Aà", is no Vietnamese spelling and reads back as the toned capital "À".)"""
    for variant in (text, text.upper()):
        assert to_unicode(from_unicode(variant, encoding), encoding) == variant


@given(st.text())
def test_repair_never_raises_and_names_an_encoding(text: str) -> None:
    fixed = repair(text, "utf-8")
    assert fixed.encoding in {"utf-8", *ENCODINGS}
    if fixed.encoding == "utf-8":
        assert fixed.text == text


def test_quick_test_on_bytes_sees_every_tell_tale() -> None:
    """Ingest skips detection for UTF-8 bytes that fail may_be_legacy: no character whose
    presence detection looks for may be missed there."""
    every = (chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    tell_tales = [c for c in every if _any_tell_tale().search(c)]
    assert tell_tales and all(may_be_legacy(f"x{c}y".encode()) for c in tell_tales)
    assert not may_be_legacy(SEED.read_bytes())


def _old_vni_pairs() -> re.Pattern[str]:
    """The VNI pairs matched from their first character, as detection read them before."""
    return _pairs_pattern(f for f in _tables()["vni"]
                          if len(f) == 2 and f.lower() not in VNI_PAIRS_ALSO_UNICODE)


@given(st.lists(st.sampled_from([*{f for table in _tables().values() for f in table},
                                 *SMALL, "oá", "hoà", " ", "\n", "Taây"]),
                max_size=40).map("".join))
def test_vni_pairs_from_their_second_character_mark_the_same_words(text: str) -> None:
    tell_tales = "".join(sorted(_tell_tales()["vni"]))
    old = re.compile(f"[{re.escape(tell_tales)}]|{_old_vni_pairs().pattern}")

    def words(pattern: re.Pattern[str]) -> set[tuple[int, int]]:
        return {(text.rfind(" ", 0, m.start()), text.find(" ", m.end()))
                for m in pattern.finditer(text)}

    assert words(_holding()["vni"]) == words(old)


# --- ingest ----------------------------------------------------------------------------------

def _distinct_citations(doc: kehoach.Document) -> list[tuple]:
    seen: dict[str, tuple] = {}
    for c in doc.citations:
        seen.setdefault(c.cited_id, (c.cited_ref, c.cited_date.iso() if c.cited_date else None,
                                     c.cited_issuer))
    return list(seen.values())


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_seed_in_legacy_bytes_gives_the_same_citations(encoding: str, tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / f"{SEED.stem}.txt"
    path.write_bytes(from_unicode(text, encoding).encode("cp1252"))
    source = ingest.read(path)
    assert source.encoding == encoding
    got, want = kehoach.extract_file(path), kehoach.extract_file(SEED)
    assert _distinct_citations(got) == _distinct_citations(want)
    assert len(_distinct_citations(want)) >= 20
    assert (got.header.ref, got.header.date) == (want.header.ref, want.header.date)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_legacy_characters_saved_as_utf8_are_converted(encoding: str, tmp_path: Path) -> None:
    """Word saves a .VnTime document as "Unicode text" with the cp1252 characters kept."""
    legacy = from_unicode(SEED.read_text(encoding="utf-8"), encoding)
    (tmp_path / "utf8.txt").write_text(legacy, encoding="utf-8")
    (tmp_path / "bytes.txt").write_bytes(legacy.encode("cp1252"))
    source = ingest.read(tmp_path / "utf8.txt")
    assert (source.encoding, source.text) == (encoding, ingest.read(tmp_path / "bytes.txt").text)
    # only the case of lines typed without small ASCII letters may differ ("SỐ: 2602 /KH-VP")
    assert source.text.casefold() == ingest.read(SEED).text.casefold()


def test_reader_text_in_legacy_fonts_is_converted() -> None:
    source = ingest.unicode_source(ingest.Source(
        "a.docx", "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "docx"))
    assert (source.text, source.encoding) == ("Cộng hòa xã hội chủ nghĩa Việt Nam", "vni")


def test_docx_typed_in_vntime_is_converted(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in ("CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM",
                 "Thùc hiÖn QuyÕt ®Þnh sè 217-Q§/TW ngµy 12 th¸ng 12 n¨m 2013 cña Bé ChÝnh trÞ"):
        document.add_paragraph().add_run(line).font.name = ".VnTime"
    document.save(tmp_path / "vntime.docx")
    source = ingest.read(tmp_path / "vntime.docx")
    assert source.encoding == "tcvn3"
    assert "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM" in source.text
    assert "Quyết định số 217-QĐ/TW ngày 12 tháng 12 năm 2013 của Bộ Chính trị" in source.text


def test_unicode_and_other_bytes_keep_their_reading() -> None:
    assert ingest.decode("Cộng hòa".encode("utf-8")).encoding == "utf-8"
    assert ingest.decode("Cộng hòa".encode("utf-16")).encoding == "utf-16"
    with pytest.raises(ingest.IngestError, match="not UTF-8 text.*nor Vietnamese in TCVN3"):
        ingest.decode("Quy\xeat \xf0\xecnh".encode("latin-1"))


def test_never_fires_on_the_dev_corpus(shared_dir: Path) -> None:
    files = sorted((shared_dir / "corpus" / "tnt305").glob("*.md")) + sorted(
        (CORPUS / "seeds").glob("*.txt"))
    assert len(files) > 300
    fired = [(f.name, detect_legacy(f.read_text(encoding="utf-8"))) for f in files]
    assert [f for f in fired if f[1]] == []
