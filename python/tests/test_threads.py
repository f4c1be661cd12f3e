"""The GIL is released while Rust parses, so other Python threads keep running."""

from __future__ import annotations

import threading
import time

import policy_trace
from conftest import CORPUS_FILES, CORPUS


def test_parsing_releases_the_gil() -> None:
    corpus = "\n".join((CORPUS / file).read_text(encoding="utf-8") for file in sorted(CORPUS_FILES.values()))
    big = corpus * 200
    # Make sure the UTF-8 form of the str exists before timing, as the call needs it.
    big.encode("utf-8")

    ticks: list[float] = []
    started = threading.Event()
    stop = threading.Event()

    def ticker() -> None:
        started.set()
        while not stop.is_set():
            ticks.append(time.perf_counter())
            # sleep() releases the GIL; waking up needs it back, which a GIL-holding parse
            # would withhold until it returned.
            time.sleep(0.001)

    thread = threading.Thread(target=ticker)
    thread.start()
    try:
        started.wait()
        begin = time.perf_counter()
        doc = policy_trace.parse(big)
        end = time.perf_counter()
    finally:
        stop.set()
        thread.join()

    assert doc.clause_count() > 0
    elapsed = end - begin
    during = [t for t in ticks if begin < t < end]
    # With the GIL held the ticker would not tick at all during the call (at most once, at a
    # switch interval just before it); released, it ticks about once per millisecond.
    assert elapsed > 0.05, f"the parse took only {elapsed:.3f}s: too short to tell"
    assert len(during) >= 10, f"{len(during)} ticks in {elapsed:.3f}s"
    assert len(during) >= elapsed / 0.001 / 20, f"{len(during)} ticks in {elapsed:.3f}s"


def test_compare_releases_the_gil() -> None:
    national = policy_trace.reference("guobanfa-2017-4")
    locals_ = [policy_trace.load(CORPUS / file) for file in sorted(CORPUS_FILES.values())] * 4

    ticks: list[float] = []
    started = threading.Event()
    stop = threading.Event()

    def ticker() -> None:
        started.set()
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    thread = threading.Thread(target=ticker)
    thread.start()
    try:
        started.wait()
        begin = time.perf_counter()
        comparison = policy_trace.compare(national, locals_)
        html = comparison.report().to_html()
        end = time.perf_counter()
    finally:
        stop.set()
        thread.join()

    assert len(comparison.alignments) == len(locals_) and html
    elapsed = end - begin
    during = [t for t in ticks if begin < t < end]
    assert elapsed > 0.05, f"the comparison took only {elapsed:.3f}s: too short to tell"
    assert len(during) >= elapsed / 0.001 / 20, f"{len(during)} ticks in {elapsed:.3f}s"
