"""The HTML report: highlights that nest, escaping, conflicts, and the page in a real browser."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.request import urlopen

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kehoach
from kehoach import analysis
from kehoach.cli import EXIT_OK, main
from kehoach.extract import tables
from kehoach.models import Assignment, Document, Target
from kehoach.schema import to_frame
from kehoach.report import KINDS, Mark, build_report, date_conflicts, highlight, laminate

from .support import CORPUS

SEEDS = sorted((CORPUS / "seeds").glob("*.txt"))
SEED = SEEDS[0]


@pytest.fixture(scope="module")
def seed_docs() -> list[Document]:
    return [kehoach.extract_file(p) for p in SEEDS]


# ---------------------------------------------------------------- highlights, without a browser

VOID_ELEMENTS = {"meta", "link", "input", "br", "img"}


class MarkupChecker(HTMLParser):
    """Rebuilds the text of highlighted HTML and checks that every tag is closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.marks: list[tuple[dict[str, str | None], int, int]] = []
        self._open: list[tuple[dict[str, str | None], int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_ELEMENTS:
            return
        self.stack.append(tag)
        self._open.append((dict(attrs), len("".join(self.text))))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack.pop() == tag, f"</{tag}> closes nothing open"
        attrs, start = self._open.pop()
        if tag == "mark":
            self.marks.append((attrs, start, len("".join(self.text))))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_markup(markup: str) -> MarkupChecker:
    checker = MarkupChecker()
    checker.feed(markup)
    checker.close()
    assert checker.stack == [], "unclosed tags"
    return checker


SPAN = st.tuples(st.integers(0, 40), st.integers(0, 40), st.sampled_from(KINDS))


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="ab <>&\"'\nđệ", max_size=40), spans=st.lists(SPAN, max_size=8))
def test_highlight_keeps_text_and_every_mark_whatever_the_overlaps(text: str, spans) -> None:
    marks = [Mark(a, b, kind, tip=f"m{i}") for i, (a, b, kind) in enumerate(spans)]
    checker = check_markup(highlight(text, marks))
    assert "".join(checker.text) == text
    pieces: dict[str, list[tuple[int, int]]] = {}
    for attrs, start, end in checker.marks:
        pieces.setdefault(attrs["title"], []).append((start, end))
    for m in marks:
        a, b = max(0, m.start), min(len(text), m.end)
        if a >= b:
            assert m.tip not in pieces
            continue
        got = sorted(pieces[m.tip])
        # the pieces of a mark tile exactly the span it was given
        assert got[0][0] == a and got[-1][1] == b
        assert all(x[1] == y[0] for x, y in zip(got, got[1:]))


def test_crossing_marks_cut_the_lower_priority_one() -> None:
    marks = laminate([Mark(0, 10, "assignment", "a"), Mark(5, 15, "citation", "c"),
                      Mark(12, 20, "target", "t")])
    spans = {(m.kind, m.start, m.end, m.piece) for m in marks}
    assert spans == {("citation", 5, 15, 0), ("assignment", 0, 5, 0), ("assignment", 5, 10, 1),
                     ("target", 12, 15, 0), ("target", 15, 20, 1)}


def test_text_and_tooltips_are_escaped() -> None:
    doc = kehoach.extract_text('<script>alert("x")</script> Chỉ thị số 33/CT-TTg ngày '
                               '26/11/2021 của Thủ tướng Chính phủ "về" dân vận & quốc phòng.')
    page = build_report([doc], tables.frames([doc]))
    assert '<script>alert' not in page and "&lt;script&gt;alert(&quot;x&quot;)" in page
    assert page.count("<script>") == 1  # only the report's own
    check_markup(page)


def _with_targets_and_assignments(doc: Document) -> Document:
    """A seed with a target and an assignment placed over real phrases of its text (the gold
    tables of seed 000 name them), the assignment crossing the first citation."""
    text = doc.text
    subject = "công chức, viên chức và người lao động"
    t_start = text.index(subject)
    first = doc.citations[0]
    line_end = text.index("\n", first.end)
    target = Target("100", "%", None, subject, "2024", subject, t_start, t_start + len(subject))
    assignment = Assignment("Văn phòng UBND tỉnh", "van_phong_ubnd_tinh", "chủ trì",
                            text[first.start + 5:line_end], None, None,
                            first.start + 5, line_end)
    return replace(doc, targets=(target,), assignments=(assignment,))


def test_targets_and_assignments_are_marked_and_citations_stay_whole(seed_docs) -> None:
    doc = _with_targets_and_assignments(seed_docs[0])
    checker = check_markup(build_report([doc], tables.frames([doc])))
    classes = [attrs["class"].split() for attrs, _, _ in checker.marks]
    assert sum("target" in c for c in classes) == 1
    assert sum("citation" in c and "cont" in c for c in classes) == 0
    assert sum("assignment" in c for c in classes) == 2  # cut where the citation ends
    assignment = [m for m in checker.marks if "assignment" in m[0]["class"]]
    assert "role: chủ trì" in assignment[0][0]["title"]


def test_outdated_citations_are_marked_and_counted(seed_docs) -> None:
    doc = seed_docs[0]
    old = next(c for c in doc.citations if c.cited_ref == "16/CT-TTg")
    # a row of the `outdated` analysis table (kehoach.schema.ANALYSIS_TABLES), and one that is
    # in force and must not be marked
    outdated = pd.DataFrame({
        "doc_id": [doc.doc_id] * 2, "cited_ref": ["16/CT-TTg", "33/CT-TTg"],
        "status": ["replaced", "in force"], "replaced_by": ["33/CT-TTg", None],
        "outdated_at_issue": [True, False], "outdated_now": [True, False]})
    page = build_report([doc], tables.frames([doc]), outdated=outdated)
    mentions = sum(c.cited_id == old.cited_id for c in doc.citations)
    assert page.count('<mark class="citation outdated"') == mentions
    assert "outdated: replaced (at issue), by 33/CT-TTg" in page
    assert "<b>1 of 2 (50%)</b>outdated cited documents" in page
    assert "outdated cited documents" not in build_report([doc], tables.frames([doc]))


# Real cases: the same reference cited with different dates in different documents.
CONFLICTS = [
    {"id": "seeds-217-QD-TW", "source": "seeds 001, 002, 003",
     "dates": ["2013-12-12", "2015-04-08", "2013-12-12"], "conflict": True},
    {"id": "year-only-vs-full-date", "source": "variant of seed 000 (năm 2021)",
     "dates": ["2021-11-26", "2021"], "conflict": False},
    {"id": "month-vs-other-month", "source": "variant of seed 004 (tháng blank day)",
     "dates": ["2024-02", "2024-03-01"], "conflict": True},
    {"id": "same-date-everywhere", "source": "seeds 000, 003 (114-KL/TW)",
     "dates": ["2015-07-14", "2015-07-14"], "conflict": False},
]


@pytest.mark.parametrize("case", CONFLICTS, ids=[c["id"] for c in CONFLICTS])
def test_date_conflicts(case: dict) -> None:
    citations = to_frame("citations", [
        {"doc_id": f"d{i}", "cited_id": "217-QĐ/TW", "mention_index": 0,
         "cited_ref": "217-QĐ/TW", "cited_date": date, "cited_issuer": "Bộ Chính trị"}
        for i, date in enumerate(case["dates"])])
    assert len(date_conflicts(analysis.conflicts(citations))) == int(case["conflict"])


def test_report_command_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "report.html"
    assert main(["report", str(SEED), "-o", str(out), "-j", "1", "-q"]) == EXIT_OK
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "2602/KH-VP" in page
    assert "</b>outdated cited documents" in page  # Corpus.outdated() is used


def test_report_command_keeps_going_past_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    out = tmp_path / "report.html"
    assert main(["report", str(SEED), str(bad), "-o", str(out), "-j", "1", "-q"]) == 1
    page = out.read_text(encoding="utf-8")
    assert "empty file" in page and "<b>1</b>errors" in page


def test_report_command_unwritable_output_exits_2(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["report", str(SEED), "-o", str(blocker / "r.html"), "-j", "1", "-q"]) == 2


# ------------------------------------------------------------------------ in a real browser

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--remote-debugging-port=0"]


class Chromium:
    """Headless chromium driven through the DevTools protocol (one page)."""

    def __init__(self, executable: str, profile: Path) -> None:
        websocket = pytest.importorskip("websocket")
        self.proc = subprocess.Popen([executable, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                                      "about:blank"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.close()
                pytest.fail("chromium did not open its DevTools port")
            time.sleep(0.05)
        port = int(port_file.read_text().split()[0])
        with urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as reply:
            page = next(t for t in json.load(reply) if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30,
                                              suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                assert "error" not in message, message["error"]
                return message.get("result", {})
            self.events.append(message)

    def load(self, url: str) -> list[dict]:
        """Open `url`, wait for its load event and return the events seen meanwhile."""
        self.events = []
        self.call("Page.navigate", url=url)
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            self.events.append(json.loads(self.ws.recv()))
        self.evaluate("0")  # let pending console messages arrive
        return self.events

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def close(self) -> None:
        if getattr(self, "ws", None) is not None:
            self.ws.close()
        self.proc.terminate()
        self.proc.wait(timeout=10)


def page_errors(events: list[dict]) -> list[str]:
    """Console errors, uncaught exceptions and browser log errors (CSP violations among them)."""
    errors = []
    for e in events:
        method, params = e.get("method"), e.get("params", {})
        if method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
            errors.append(" ".join(str(a.get("value")) for a in params["args"]))
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            errors.append(details.get("exception", {}).get("description") or details["text"])
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            errors.append(params["entry"]["text"])
    return errors


def network_requests(events: list[dict]) -> list[str]:
    return [e["params"]["request"]["url"] for e in events
            if e.get("method") == "Network.requestWillBeSent"
            and not e["params"]["request"]["url"].startswith(("file:", "data:"))]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.skip("chromium is not installed (CI installs the Debian package)")
    chromium = Chromium(executable, tmp_path_factory.mktemp("chromium-profile"))
    yield chromium
    chromium.close()


@pytest.fixture(scope="module")
def page_docs(seed_docs) -> list[Document]:
    """The seeds, the first with an assignment crossing its first citation."""
    return [_with_targets_and_assignments(seed_docs[0]), *seed_docs[1:]]


@pytest.fixture(scope="module")
def seed_page(page_docs, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(build_report(page_docs, tables.frames(page_docs)), encoding="utf-8")
    return path


def test_browser_catches_errors_and_network_use(browser: Chromium, tmp_path: Path) -> None:
    """The checks below would see a broken page: a failing script, console.error, a fetch."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><head><meta charset="utf-8">'
                   '<link rel="stylesheet" href="http://example.invalid/x.css"></head><body>'
                   '<script>console.error("boom"); undefinedFunction();</script></body></html>',
                   encoding="utf-8")
    events = browser.load(bad.as_uri())
    errors = page_errors(events)
    assert any("boom" in e for e in errors) and any("undefinedFunction" in e for e in errors)
    assert network_requests(events) == ["http://example.invalid/x.css"]


def test_report_loads_without_errors_or_network(browser: Chromium, seed_page: Path) -> None:
    events = browser.load(seed_page.as_uri())
    assert page_errors(events) == []
    assert network_requests(events) == []
    assert browser.evaluate("document.querySelectorAll('section.doc').length") == len(SEEDS)
    assert browser.evaluate("document.querySelectorAll('svg.chart rect').length") > 10


def test_report_highlights_every_citation_with_its_fields(browser: Chromium, seed_page: Path,
                                                          page_docs) -> None:
    browser.load(seed_page.as_uri())
    mentions = sum(len(d.citations) for d in page_docs)
    laws = sum(1 for d in page_docs for c in d.citations if c.cited_name and not c.cited_ref)
    assert browser.evaluate("document.querySelectorAll('mark.citation').length") == mentions - laws
    assert browser.evaluate("document.querySelectorAll('mark.law').length") == laws
    assert browser.evaluate("document.querySelectorAll('mark.target:not(.cont)').length") == sum(
        len(d.targets) for d in page_docs)
    assert browser.evaluate("document.querySelectorAll('mark.assignment:not(.cont)').length") \
        == sum(len(d.assignments) for d in page_docs)
    for doc in page_docs:
        marks = browser.evaluate(
            f"Array.from(document.getElementById({json.dumps('doc-' + doc.doc_id)})"
            ".querySelectorAll('mark.citation, mark.law'))"
            ".map(m => [m.textContent, m.title])")
        assert [text for text, _ in marks] == [c.mention for c in doc.citations]
        for (_, title), c in zip(marks, doc.citations):
            if c.cited_date is not None:
                assert f"cited_date: {c.cited_date.iso()}" in title
    # a case checked by hand (corpus/gold/citations.csv, seed 000)
    title = browser.evaluate(
        "Array.from(document.querySelectorAll('mark.citation'))"
        ".find(m => m.textContent.includes('114-KL/TW')).title")
    assert "cited_date: 2015-07-14" in title and "cited_issuer: Ban Bí thư" in title


def test_report_scripts_toggle_and_focus(browser: Chromium, seed_page: Path,
                                         seed_docs) -> None:
    browser.load(seed_page.as_uri())
    browser.evaluate("document.querySelector('.legend input[value=citation]').click()")
    assert browser.evaluate("document.body.classList.contains('hide-citation')") is True
    doc = seed_docs[1]
    cited = max({c.cited_id for c in doc.citations},
                key=lambda k: sum(c.cited_id == k for c in doc.citations))
    section = json.dumps("doc-" + doc.doc_id)
    browser.evaluate(f"document.getElementById({section}).querySelector("
                     f"'mark[data-cited=\"' + CSS.escape({json.dumps(cited)}) + '\"]').click()")
    focused = browser.evaluate("document.querySelectorAll('mark.focus').length")
    assert focused == sum(c.cited_id == cited for c in doc.citations) > 1
