"""``compare`` with a progress bar: the phased comparison driven from Python, chunk by chunk.

Without a bar, ``compare`` is one call into Rust (``_native.compare``). With one, Python counts
trigram statistics chunk by chunk (``CorpusStats``), builds an ``Aligner``, then aligns chunk by
chunk (``Aligner.align_many``, in parallel within a chunk), updating the bar between chunks; every
chunk runs with the GIL released. Both give the same ``Comparison``.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import TypedDict, TypeVar

from policy_trace import _progress
from policy_trace._native import Aligner, Comparison, CorpusStats, Document, InvalidOptionError
from policy_trace._native import compare as _compare

__all__ = ["AlignOptions", "chunks", "compare", "default_chunk_size"]

T = TypeVar("T")


class AlignOptions(TypedDict):
    """The alignment options of ``compare`` and ``Aligner``, passed along as ``**options``."""

    metric: str
    threshold: float | None
    min_weight: float | None
    min_evidence: float | None
    adapted_coverage: float | None
    order_weight: float | None
    threads: int | None


def default_chunk_size(n: int) -> int:
    """Documents per chunk: enough to keep every core busy, and at most about 100 chunks."""
    return max(os.cpu_count() or 1, math.ceil(n / 100))


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """`items` in consecutive slices of `size` (the last may be shorter)."""
    if size < 1:
        raise InvalidOptionError(f"chunk_size must be at least 1, not {size}")
    for start in range(0, len(items), size):
        yield items[start : start + size]


def compare(
    national: Document,
    locals: Iterable[Document],
    *,
    metric: str = "levenshtein",
    threshold: float | None = None,
    min_weight: float | None = None,
    min_evidence: float | None = None,
    adapted_coverage: float | None = None,
    order_weight: float | None = None,
    threads: int | None = None,
    progress: bool | None = None,
    chunk_size: int | None = None,
) -> Comparison:
    """Compares a national document with several local ones (the options of ``align``, and
    ``threads`` for the number of worker threads; results do not depend on it).

    ``progress``: ``True`` shows a ``tqdm.auto`` bar (needs ``policy-trace[progress]``),
    ``False`` none; ``None`` (default) shows one for long runs (50 documents or more) in an
    interactive session (Jupyter, or a terminal) when tqdm is installed. ``chunk_size`` sets the
    documents per step of the bar (default: enough for every core, at most about 100 steps).
    The bar does not change the result.

    Raises ``InvalidOptionError`` for an invalid option and ``EmptyReferenceError`` when the
    national document has no clauses.
    """
    docs = list(locals)
    size = chunk_size if chunk_size is not None else default_chunk_size(len(docs))
    if size < 1:
        raise InvalidOptionError(f"chunk_size must be at least 1, not {size}")
    options = AlignOptions(
        metric=metric,
        threshold=threshold,
        min_weight=min_weight,
        min_evidence=min_evidence,
        adapted_coverage=adapted_coverage,
        order_weight=order_weight,
        threads=threads,
    )
    counting = _progress.bar(progress, total=len(docs), desc="counting trigrams")
    if not counting.shown:
        return _compare(national, docs, **options)
    with counting:
        parts = [CorpusStats([national])]
        for chunk in chunks(docs, size):
            parts.append(CorpusStats(chunk))
            counting.update(len(chunk))
    aligner = Aligner(national, CorpusStats.merged(parts), **options)
    alignments = []
    with _progress.bar(True, total=len(docs), desc="aligning") as aligning:
        for chunk in chunks(docs, size):
            alignments += aligner.align_many(chunk)
            aligning.update(len(chunk))
    return aligner.comparison(alignments, docs)
