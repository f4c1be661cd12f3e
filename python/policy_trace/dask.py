"""Comparisons on a Dask cluster: ``align_many(client, national, locals)``.

For corpora too large for one machine, or a cluster at hand: a ``LocalCluster`` on a laptop,
``dask-jobqueue`` on a SLURM or PBS cluster, any ``dask.distributed`` scheduler in the cloud.
On one workstation ``compare`` is already parallel (Rust threads on every core), so Dask only
pays off across machines or when the documents do not fit in memory at once.

The work follows the phased core API, so that the result is the ``Comparison`` that
``compare(national, locals)`` gives in one process, value for value:

1. the local documents are split into partitions of ``partition_size`` (loaded on the workers
   when given as paths, which the workers must be able to read);
2. each partition's trigram statistics are counted (``CorpusStats``) and summed;
3. the ``Aligner`` built from the total is broadcast to every worker (``scatter(broadcast=True)``),
   and each partition is aligned (``Aligner.align_many``, one task per partition);
4. the alignments and documents come back in order and make the ``Comparison``.

Needs ``pip install 'policy-trace[dask]'`` (``dask[distributed]``); importing this module
without it raises ``ImportError`` naming the extra. The core package never imports Dask.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

try:
    import distributed
except ImportError as e:  # pragma: no cover - exercised through sys.modules in the tests
    raise ImportError("policy_trace.dask needs Dask: pip install 'policy-trace[dask]'") from e

from policy_trace import _load, _progress
from policy_trace._compare import AlignOptions, chunks
from policy_trace._native import Aligner, Alignment, Comparison, CorpusStats, Document

__all__ = ["DEFAULT_PARTITION_SIZE", "align_many"]

DEFAULT_PARTITION_SIZE = 200
"""Documents per task: large enough that Dask's per-task overhead (a few ms) does not matter."""

Item = Document | _load.Job


def _documents(part: Sequence[Item], tld: str | None, detect_forwarding: bool) -> list[Document]:
    """A partition's documents; files are loaded here, on the worker."""
    return [item if isinstance(item, Document) else _load.load_job(*item, tld, detect_forwarding) for item in part]


def _stats(docs: Sequence[Document]) -> CorpusStats:
    return CorpusStats(docs)


def _merged(parts: Sequence[CorpusStats]) -> CorpusStats:
    return CorpusStats.merged(parts)


def _align(aligner: Aligner, docs: Sequence[Document]) -> list[Alignment]:
    return aligner.align_many(docs)


def _items(locals: Iterable[Document | str | os.PathLike[str]], **load_options: Any) -> list[Item]:
    """Documents as they are; paths (files and folders) as ``load_many`` would load them."""
    items: list[Item] = []
    pending: list[str | os.PathLike[str]] = []
    used: set[str] = set()

    def flush() -> None:
        items.extend(_load.plan(pending, used=used, **load_options))
        pending.clear()

    for item in locals:
        if isinstance(item, Document):
            flush()
            items.append(item)
        elif isinstance(item, (str, os.PathLike)):
            pending.append(item)
        else:
            raise TypeError(f"align_many() takes Documents and paths, not {type(item).__name__}")
    flush()
    _load.check_all_used(load_options.get("file_metadata"), used)
    return items


def align_many(
    client: distributed.Client,
    national: Document,
    locals: Iterable[Document | str | os.PathLike[str]],
    *,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    metric: str = "levenshtein",
    threshold: float | None = None,
    min_weight: float | None = None,
    min_evidence: float | None = None,
    adapted_coverage: float | None = None,
    order_weight: float | None = None,
    threads: int | None = None,
    pattern: str | None = None,
    metadata: Mapping[str, str | None] | None = None,
    file_metadata: Mapping[str, Mapping[str, str | None]] | None = None,
    manifest: bool = True,
    tld: str | None = None,
    detect_forwarding: bool = True,
    progress: bool | None = None,
) -> Comparison:
    """Compares ``national`` with the local documents on the cluster of ``client``; the result
    equals ``compare(national, documents, <same options>)``.

    - ``locals``: ``Document`` objects, and paths to files and folders, which are loaded on the
      workers as ``load_many`` loads them (``pattern``, ``metadata``, ``file_metadata``,
      ``manifest``, ``tld``, ``detect_forwarding``; folders are listed and manifests read here).
    - ``partition_size``: documents per task.
    - ``metric`` … ``order_weight``: the alignment options of ``compare``. ``threads`` is the
      number of Rust threads in each task (default: all cores of the worker, or
      ``RAYON_NUM_THREADS`` in the worker's environment; set it to the worker's
      ``threads_per_worker`` share to avoid oversubscription). As in ``compare``, it is part of
      the comparison's settings and does not change the results.
    - ``progress``: a bar over the alignment tasks as they finish (see ``compare``).

    Raises what ``compare`` and ``load_many`` raise (an error in a task is raised here).
    """
    if partition_size < 1:
        from policy_trace import InvalidOptionError

        raise InvalidOptionError(f"partition_size must be at least 1, not {partition_size}")
    options = AlignOptions(
        metric=metric,
        threshold=threshold,
        min_weight=min_weight,
        min_evidence=min_evidence,
        adapted_coverage=adapted_coverage,
        order_weight=order_weight,
        threads=threads,
    )
    # Invalid options and an empty national document fail here, before any work is sent out.
    Aligner(national, CorpusStats(), **options)
    items = _items(locals, pattern=pattern, metadata=metadata, file_metadata=file_metadata, manifest=manifest)
    partitions = [list(part) for part in chunks(items, partition_size)]
    # Partitions travel as scattered data, not inside the task graph.
    scattered = client.scatter(partitions) if partitions else []
    docs = client.map(_documents, scattered, tld=tld, detect_forwarding=detect_forwarding, pure=False)
    stats = client.submit(_merged, [client.submit(_stats, part, pure=False) for part in docs], pure=False)
    aligner = Aligner(national, CorpusStats([national]) + stats.result(), **options)
    shared = client.scatter(aligner, broadcast=True)
    tasks = [client.submit(_align, shared, part, pure=False) for part in docs]
    with _progress.bar(progress, total=len(items), desc="aligning") as bar:
        sizes = {task.key: len(part) for task, part in zip(tasks, partitions, strict=True)}
        for task in distributed.as_completed(tasks):
            bar.update(sizes[task.key])
    alignments = [a for part in client.gather(tasks) for a in part]
    documents = [d for part in client.gather(docs) for d in part]
    # As load_many: two files loaded with the same id are an error (Documents given as such are
    # compared as given, as compare does).
    loaded = [(doc, item[0]) for doc, item in zip(documents, items, strict=True) if not isinstance(item, Document)]
    _load.check_unique_ids([doc.id for doc, _ in loaded], [path for _, path in loaded])
    return aligner.comparison(alignments, documents)
