"""The GIL is released while Rust parses, so other Python threads keep running."""

from __future__ import annotations

import threading
import time
from typing import Callable, TypeVar

import policy_trace
from conftest import CORPUS_FILES, CORPUS

T = TypeVar("T")


def ticks_during(work: Callable[[], T]) -> tuple[T, float, int]:
    """Runs `work` while a second thread ticks about once per millisecond.

    Returns the result, the seconds `work` took, and the ticks that fell inside it.
    sleep() releases the GIL; waking up needs it back, which a GIL-holding call would withhold
    until it returned, so with the GIL held the ticker would not tick at all during the call (at
    most once, at a switch interval just before it).
    """
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
        result = work()
        end = time.perf_counter()
    finally:
        stop.set()
        thread.join()
    return result, end - begin, sum(1 for t in ticks if begin < t < end)


def test_parsing_releases_the_gil() -> None:
    corpus = "\n".join((CORPUS / file).read_text(encoding="utf-8") for file in sorted(CORPUS_FILES.values()))
    big = corpus * 200
    # Make sure the UTF-8 form of the str exists before timing, as the call needs it.
    big.encode("utf-8")

    doc, elapsed, during = ticks_during(lambda: policy_trace.parse(big))

    assert doc.clause_count() > 0
    assert elapsed > 0.05, f"the parse took only {elapsed:.3f}s: too short to tell"
    assert during >= 10, f"{during} ticks in {elapsed:.3f}s"
    assert during >= elapsed / 0.001 / 20, f"{during} ticks in {elapsed:.3f}s"


def test_compare_releases_the_gil() -> None:
    national = policy_trace.reference("guobanfa-2017-4")
    locals_ = [policy_trace.load(CORPUS / file) for file in sorted(CORPUS_FILES.values())] * 4

    def work() -> tuple[policy_trace.Comparison, str]:
        comparison = policy_trace.compare(national, locals_)
        return comparison, comparison.report().to_html()

    (comparison, html), elapsed, during = ticks_during(work)

    assert len(comparison.alignments) == len(locals_) and html
    assert elapsed > 0.05, f"the comparison took only {elapsed:.3f}s: too short to tell"
    assert during >= elapsed / 0.001 / 20, f"{during} ticks in {elapsed:.3f}s"
