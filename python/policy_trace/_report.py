"""``report_files``: files → coverage report in one call, for large corpora.

The files are planned as ``load_many`` plans them (``_load.plan``: the same metadata, manifest
rules and errors); then one native call (``_native.report_files``, the GIL released) runs the
phased pipeline of ``policy-trace report``: load in parallel, count trigram statistics, align each
document and drop it, build the report by moving the comparison, write it streamed. No
``Document`` or ``Comparison`` of the local documents is ever made in Python.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from policy_trace import _load, _progress
from policy_trace._native import Document, Report, load, reference
from policy_trace._native import report_files as _report_files

__all__ = ["report_files"]


def _national(national: Document | str | os.PathLike[str]) -> Document:
    if isinstance(national, Document):
        return national
    if isinstance(national, str) and national.startswith("builtin:"):
        return reference(national)
    if isinstance(national, (str, os.PathLike)):
        return load(national)
    raise TypeError(f"report_files() takes a Document, 'builtin:NAME' or a path as national, not {type(national).__name__}")


def report_files(
    national: Document | str | os.PathLike[str],
    paths: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    /,
    *,
    pattern: str | None = None,
    metadata: Mapping[str, str | None] | None = None,
    file_metadata: Mapping[str, Mapping[str, str | None]] | None = None,
    manifest: bool = True,
    tld: str | None = None,
    detect_forwarding: bool = True,
    metric: str = "levenshtein",
    threshold: float | None = None,
    min_weight: float | None = None,
    min_evidence: float | None = None,
    adapted_coverage: float | None = None,
    order_weight: float | None = None,
    threads: int | None = None,
    progress: bool | None = None,
) -> Report:
    """Compares ``national`` with the documents of ``paths`` and writes the coverage report to
    ``out``, in the format of its extension (``.html``/``.htm``, ``.md``, ``.csv``, ``.json``);
    returns the ``Report``. The file is byte for byte what
    ``compare(national, load_many(paths, ...), ...).save(out)`` writes, in less time and memory:
    the local documents never reach Python, and each is dropped once aligned.

    - ``national``: a ``Document``, ``"builtin:NAME"`` (``reference``) or a path (``load``).
    - ``paths``, ``pattern``, ``metadata``, ``file_metadata``, ``manifest``, ``tld``,
      ``detect_forwarding``: as ``load_many``.
    - ``metric`` … ``threads``: as ``compare``.
    - ``progress``: a bar over the alignment (see ``compare``); loading is one step before it.

    Raises what ``load_many`` raises (naming the file), what ``compare`` raises,
    ``InvalidOptionError`` for an extension ``Comparison.save`` does not write (before anything
    is loaded) and ``DocumentIOError`` when ``out`` cannot be written.
    """
    nat = _national(national)
    jobs = _load.plan(paths, pattern=pattern, metadata=metadata, file_metadata=file_metadata, manifest=manifest)
    files = [path for path, _ in jobs]
    with _progress.bar(progress, total=len(jobs), desc="aligning") as bar:
        return _report_files(
            nat,
            jobs,
            out,
            lambda ids: _load.check_unique_ids(ids, files),
            progress=bar.update if bar.shown else None,
            tld=tld,
            detect_forwarding=detect_forwarding,
            metric=metric,
            threshold=threshold,
            min_weight=min_weight,
            min_evidence=min_evidence,
            adapted_coverage=adapted_coverage,
            order_weight=order_weight,
            threads=threads,
        )
