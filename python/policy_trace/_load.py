"""Loading many documents: ``load_dir`` (a folder, with a glob and its manifest.json) and
``load_many`` (a list of files and folders), with metadata supplied by the caller.

The files are read and parsed in Rust, in parallel with the GIL released (``_native.load_files``,
a chunk of files per step of the progress bar); this module only picks the files, merges the
metadata and names the file in every error.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from policy_trace import _progress
from policy_trace._compare import chunks, default_chunk_size
from policy_trace._native import (
    Document,
    DocumentIOError,
    InvalidOptionError,
    ParseError,
    list_documents,
    load,
    load_files,
)

__all__ = ["METADATA_KEYS", "Job", "check_all_used", "check_unique_ids", "load_dir", "load_job", "load_many", "plan", "read_manifest"]

METADATA_KEYS = ("id", "title", "locality", "level", "date")
"""The keys a caller's metadata may have: the ``load`` options for what the text may not state."""

# The keys of a manifest.json entry, as `policy-trace report DIR` reads them.
MANIFEST_KEYS = ("locality", "level", "date")

StrPath = str | os.PathLike[str]
Metadata = Mapping[str, str | None]
Job = tuple[Path, dict[str, str]]
"""A file to load and the ``load`` options it gets."""


def _check_metadata(meta: Metadata, where: str) -> dict[str, str]:
    if not isinstance(meta, Mapping):
        raise InvalidOptionError(f"{where}: metadata must be a mapping of {', '.join(METADATA_KEYS)}, not {meta!r}")
    unknown = sorted(set(meta) - set(METADATA_KEYS))
    if unknown:
        raise InvalidOptionError(f"{where}: unknown metadata key {unknown[0]!r} (known: {', '.join(METADATA_KEYS)})")
    out = {}
    for key, value in meta.items():
        if value is None:
            continue
        if not isinstance(value, str):
            raise InvalidOptionError(f"{where}: metadata {key!r} must be a string, not {value!r}")
        out[key] = value
    return out


def read_manifest(directory: StrPath) -> dict[str, dict[str, str]]:
    """The per-file metadata of a folder's ``manifest.json``, as ``policy-trace report DIR`` reads it:
    ``{"documents": {"<file name>": {"locality", "level", "date"}}}``. Empty when there is none.

    Raises ``ParseError`` naming the manifest when it is not JSON of that shape, and
    ``DocumentIOError`` when it cannot be read.
    """
    path = Path(directory) / "manifest.json"
    if path.exists() and not path.is_file():
        # A FIFO would block the read.
        raise DocumentIOError(f"{path}: not a regular file")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as e:
        raise DocumentIOError(f"{path}: {e}") from e
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ParseError(f"{path}: not valid JSON: {e}") from e
    documents = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(documents, dict):
        raise ParseError(f"{path}: no \"documents\" object")
    out: dict[str, dict[str, str]] = {}
    for name, entry in documents.items():
        if not isinstance(entry, dict):
            raise ParseError(f"{path}: {name}: the entry must be an object")
        out[name] = {k: v for k in MANIFEST_KEYS if isinstance(v := entry.get(k), str)}
    return out


def load_job(path: Path, meta: Mapping[str, str], tld: str | None, detect_forwarding: bool) -> Document:
    """Loads one file with the metadata of its job; an invalid option names the file."""
    try:
        return load(path, tld=tld, detect_forwarding=detect_forwarding, **meta)
    except InvalidOptionError as e:
        # The option errors of `load` (an unknown level) do not know the file.
        raise InvalidOptionError(f"{path}: {e}") from e


def _load_all(jobs: list[Job], progress: bool | None, desc: str, tld: str | None, detect_forwarding: bool) -> list[Document]:
    docs: list[Document] = []
    with _progress.bar(progress, total=len(jobs), desc=desc) as bar:
        # A chunk of files at a time, parsed in parallel by Rust; errors name the file.
        for chunk in chunks(jobs, default_chunk_size(len(jobs))):
            docs += load_files(chunk, tld=tld, detect_forwarding=detect_forwarding)
            bar.update(len(chunk))
    check_unique_ids([doc.id for doc in docs], [path for path, _ in jobs])
    return docs


def check_unique_ids(ids: list[str], paths: list[Path]) -> None:
    """Raises ``InvalidOptionError`` naming both files when two documents (ids, in the order of
    the files they were loaded from) have the same id."""
    seen: dict[str, Path] = {}
    for doc_id, path in zip(ids, paths, strict=True):
        if doc_id in seen:
            raise InvalidOptionError(
                f"{path}: document id {doc_id!r} is already the id of {seen[doc_id]};"
                " give one of them another id (metadata {'id': ...})"
            )
        seen[doc_id] = path


def _files_of(directory: Path, pattern: str | None) -> list[Path]:
    if not directory.is_dir():
        raise DocumentIOError(f"{directory}: not a directory" if directory.exists() else f"{directory}: no such directory")
    if pattern is None:
        return list_documents(directory)
    # Everything but folders, as list_documents: a FIFO or a broken link is refused when loaded,
    # naming it, rather than left out unsaid.
    files = sorted(p for p in directory.glob(pattern) if not p.is_dir() and p.name != "manifest.json")
    if not files:
        raise DocumentIOError(f"{directory}: no file matches {pattern!r}")
    return files


def _dir_jobs(
    directory: Path,
    pattern: str | None,
    metadata: Metadata | None,
    file_metadata: Mapping[str, Metadata] | None,
    manifest: bool,
    used: set[str],
) -> list[Job]:
    common = _check_metadata(metadata or {}, "metadata")
    entries = read_manifest(directory) if manifest else {}
    jobs = []
    for path in _files_of(directory, pattern):
        name = path.relative_to(directory).as_posix()
        meta = {**entries.get(name, {}), **common}
        for key in (name, str(path)):
            if file_metadata is not None and key in file_metadata:
                meta.update(_check_metadata(file_metadata[key], f"file_metadata[{key!r}]"))
                used.add(key)
        jobs.append((path, meta))
    return jobs


def check_all_used(file_metadata: Mapping[str, Metadata] | None, used: set[str]) -> None:
    unused = sorted(set(file_metadata or {}) - used)
    if unused:
        raise InvalidOptionError(f"file_metadata names {unused[0]!r}, which is not among the files loaded")


def load_dir(
    directory: StrPath,
    /,
    *,
    pattern: str | None = None,
    metadata: Metadata | None = None,
    file_metadata: Mapping[str, Metadata] | None = None,
    manifest: bool = True,
    tld: str | None = None,
    detect_forwarding: bool = True,
    progress: bool | None = None,
) -> list[Document]:
    """Loads the documents of a folder, sorted by path.

    - ``pattern``: a glob relative to the folder (``"*.txt"``, ``"**/*.html"``); by default the
      files ``list_documents`` lists (``.txt``, ``.text``, ``.htm``, ``.html``). ``manifest.json``
      is never loaded as a document.
    - Metadata for what the texts do not state (keys ``id``, ``title``, ``locality``, ``level``,
      ``date``), from the weakest to the strongest: the folder's ``manifest.json`` (as
      ``policy-trace report DIR`` reads it; ``manifest=False`` ignores it), ``metadata`` (for every
      file), ``file_metadata`` (keyed by the path relative to the folder, ``"a.txt"`` or
      ``"sub/a.txt"``, or by the path as loaded). What the text states wins over all of them.
    - ``progress``: see ``policy_trace._progress`` (``None``: a bar for long interactive runs).

    Raises ``DocumentIOError`` when the folder is missing or no file matches ``pattern``;
    ``DocumentIOError``/``NotTextError`` from ``load``, naming the file; ``ParseError`` for a
    malformed ``manifest.json``; ``InvalidOptionError`` naming the file for an unknown level, an
    unknown metadata key, a ``file_metadata`` key that matches no file, or two files with the
    same document id.
    """
    used: set[str] = set()
    jobs = _dir_jobs(Path(directory), pattern, metadata, file_metadata, manifest, used)
    check_all_used(file_metadata, used)
    return _load_all(jobs, progress, f"loading {Path(directory).name or directory}", tld, detect_forwarding)


def load_many(
    paths: Iterable[StrPath],
    /,
    *,
    pattern: str | None = None,
    metadata: Metadata | None = None,
    file_metadata: Mapping[str, Metadata] | None = None,
    manifest: bool = True,
    tld: str | None = None,
    detect_forwarding: bool = True,
    progress: bool | None = None,
) -> list[Document]:
    """Loads files and folders, in the order given (each folder as ``load_dir`` loads it, with
    the same options). ``file_metadata`` keys are paths as given, or, inside a folder, paths
    relative to it. A ``str`` is a path, never text: ``parse`` parses text and bytes.

    Raises what ``load_dir`` raises.
    """
    jobs = plan(paths, pattern=pattern, metadata=metadata, file_metadata=file_metadata, manifest=manifest)
    return _load_all(jobs, progress, "loading", tld, detect_forwarding)


def plan(
    paths: Iterable[StrPath],
    *,
    pattern: str | None = None,
    metadata: Metadata | None = None,
    file_metadata: Mapping[str, Metadata] | None = None,
    manifest: bool = True,
    used: set[str] | None = None,
) -> list[Job]:
    """The files ``load_many`` loads, each with its options, without loading them (folders are
    listed and their manifests read). ``policy_trace.dask`` loads them on the workers.

    With ``used``, the ``file_metadata`` keys that matched are added to it, and the caller checks
    that every key matched (``check_all_used``) once it has planned all its paths.
    """
    if isinstance(paths, (str, bytes, os.PathLike)):
        raise TypeError("load_many() takes a list of paths; use load() or load_dir() for one")
    check = used is None
    used = set() if used is None else used
    jobs: list[Job] = []
    common = _check_metadata(metadata or {}, "metadata")
    for given in paths:
        path = Path(given)
        if path.is_dir():
            jobs += _dir_jobs(path, pattern, metadata, file_metadata, manifest, used)
            continue
        meta = dict(common)
        for key in dict.fromkeys((os.fspath(given), str(path), path.name)):
            if file_metadata is not None and key in file_metadata:
                meta.update(_check_metadata(file_metadata[key], f"file_metadata[{key!r}]"))
                used.add(key)
        jobs.append((path, meta))
    if check:
        check_all_used(file_metadata, used)
    return jobs
