"""Properties that hold for any input: the pipeline never raises, offsets always hold,
normalization is idempotent."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach.extract.normalize import normalize
from kehoach.extract.pipeline import extract_text

# Fragments of real documents, recombined with noise, reach the grammar's corners faster than
# uniform text does.
FRAGMENTS = [
    "Quyết định số ", "217-QĐ/TW", " và ", "Quyết định số 218-QĐ/TW", " ngày 12 tháng 12 năm 2013",
    " của Bộ Chính trị", "Chỉ thị 33/CT-TTg", ", ngày 14/7/2015", " (khóa XI)", "Luật", "\n\n",
    "Tiếp công dân", " năm 2013", "Số: 2602 /KH-VP", "Tây Ninh, ngày 29 tháng 3 năm 2024",
    "KẾ HOẠCH", "**", "*", "|", "–", "Ð", "e\u0301", "giữa Ban Dân vận Huyện uỷ, ", "Các Công điện:",
    " số 007/CĐ-UBND", "; ", "TM. ỦY BAN NHÂN DÂN", "\nPhạm Văn Đìn", "Nơi nhận:\n- Sở Nội vụ;",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Văn bản này chưa cập nhật nội dung Tiếng Anh",
    "sửa đổi, bổ sung một số điều của ", "Ban Chỉ đạo ", "[1]", "&nbsp;", "\r\n", "\x00", "V/v ",
]
documents = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)),
                     max_size=40).map("".join)

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(documents)
def test_extraction_never_raises_and_offsets_hold(text: str) -> None:
    doc = extract_text(text)
    assert 0 <= doc.body_start <= doc.body_end <= len(doc.text)
    for c in doc.citations:
        assert doc.text[c.start:c.end] == c.mention
        assert 0 <= c.src_start <= c.src_end <= len(text)
        assert c.mention_index >= 0


@SETTINGS
@given(documents)
def test_offsets_map_back_in_order(text: str) -> None:
    norm = normalize(text)
    mapped = [norm.to_source(i) for i in range(len(norm.text) + 1)]
    assert all(0 <= m <= len(text) for m in mapped)
    assert mapped == sorted(mapped)


@SETTINGS
@given(documents)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text).text
    assert normalize(once).text == once


@SETTINGS
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_arbitrary_unicode_never_raises(text: str) -> None:
    doc = extract_text(text)
    for c in doc.citations:
        assert doc.text[c.start:c.end] == c.mention
