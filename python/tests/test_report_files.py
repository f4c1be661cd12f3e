"""``report_files``: files → coverage report in one call, byte for byte what
``compare(national, load_many(paths)).save(out)`` writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import policy_trace

SUFFIXES = [".json", ".csv", ".md", ".html"]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_same_bytes_as_save(national: policy_trace.Document, corpus_dir: Path, tmp_path: Path, suffix: str) -> None:
    expected, got = tmp_path / f"save{suffix}", tmp_path / f"report_files{suffix}"
    policy_trace.compare(national, policy_trace.load_many([corpus_dir], progress=False), progress=False).save(expected)
    report = policy_trace.report_files(national, [corpus_dir], got, progress=False)
    assert got.read_bytes() == expected.read_bytes()
    assert isinstance(report, policy_trace.Report)
    assert len(report.to_dict()["localities"]) == 5


def test_options_and_metadata_reach_the_report(national: policy_trace.Document, corpus_dir: Path, tmp_path: Path) -> None:
    """Alignment options, per-file metadata, a glob, threads and the national document given as
    ``builtin:NAME`` give what the two-step path gives with the same settings."""
    files = sorted(corpus_dir.glob("*.txt"))
    meta = {files[0].name: {"id": "renamed", "locality": "某地"}}
    expected = tmp_path / "save.json"
    docs = policy_trace.load_many([corpus_dir], pattern="*.txt", file_metadata=meta, manifest=False, progress=False)
    policy_trace.compare(national, docs, threshold=0.5, metric="jaro", threads=1, progress=False).save(expected)
    got = tmp_path / "report_files.json"
    report = policy_trace.report_files(
        "builtin:guobanfa-2017-4",
        [corpus_dir],
        got,
        pattern="*.txt",
        file_metadata=meta,
        manifest=False,
        threshold=0.5,
        metric="jaro",
        threads=1,
        progress=False,
    )
    assert got.read_bytes() == expected.read_bytes()
    assert "renamed" in report.to_json()
    default = tmp_path / "default.json"
    policy_trace.report_files(national, [corpus_dir], default, progress=False)
    assert default.read_bytes() != got.read_bytes()


def test_national_as_path(corpus_dir: Path, tmp_path: Path) -> None:
    national_file = corpus_dir / "henan-2017-implementing-opinions.txt"
    others = [p for p in sorted(corpus_dir.glob("*.txt")) if p != national_file]
    expected, got = tmp_path / "save.csv", tmp_path / "report_files.csv"
    policy_trace.compare(policy_trace.load(national_file), policy_trace.load_many(others), progress=False).save(expected)
    policy_trace.report_files(national_file, others, got, progress=False)
    assert got.read_bytes() == expected.read_bytes()


def test_bad_file_is_named(national: policy_trace.Document, corpus_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"%PDF-1.4\x00\x01\x02binary")
    out = tmp_path / "out.json"
    with pytest.raises(policy_trace.NotTextError, match="scan.txt"):
        policy_trace.report_files(national, [corpus_dir / "binhai-2020-key-tasks.txt", bad], out, progress=False)
    with pytest.raises(policy_trace.DocumentIOError, match="missing.txt"):
        policy_trace.report_files(national, [tmp_path / "missing.txt"], out, progress=False)
    assert not out.exists()


def test_bad_extension_fails_before_loading(national: policy_trace.Document, tmp_path: Path) -> None:
    # The missing file is never read: the extension is refused first.
    with pytest.raises(policy_trace.InvalidOptionError, match=r"out\.pdf"):
        policy_trace.report_files(national, [tmp_path / "missing.txt"], tmp_path / "out.pdf", progress=False)


def test_metadata_errors_as_load_many(national: policy_trace.Document, corpus_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    with pytest.raises(policy_trace.InvalidOptionError, match="nope.txt"):
        policy_trace.report_files(national, [corpus_dir], out, file_metadata={"nope.txt": {"id": "x"}}, progress=False)
    with pytest.raises(policy_trace.InvalidOptionError, match="binhai-2020-key-tasks.txt.*level"):
        policy_trace.report_files(
            national, [corpus_dir], out, file_metadata={"binhai-2020-key-tasks.txt": {"level": "galactic"}}, progress=False
        )
    # Two files with one document id: both named, as load_many names them.
    twin = tmp_path / "twin"
    twin.mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(corpus_dir / "binhai-2020-key-tasks.txt", twin / name)
    with pytest.raises(policy_trace.InvalidOptionError, match=r"b\.txt.*already the id of .*a\.txt"):
        policy_trace.report_files(national, [twin], out, metadata={"id": "same"}, progress=False)
    assert not out.exists()


def test_unwritable_output(national: policy_trace.Document, corpus_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(policy_trace.DocumentIOError, match="out.json"):
        policy_trace.report_files(national, [corpus_dir], tmp_path / "no" / "dir" / "out.json", progress=False)


def test_national_type_error(corpus_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="national"):
        policy_trace.report_files(42, [corpus_dir], tmp_path / "out.json")  # type: ignore[arg-type]


def test_progress_callback_counts_every_document(national: policy_trace.Document, corpus_dir: Path, tmp_path: Path) -> None:
    from policy_trace import _load, _native

    jobs = _load.plan([corpus_dir])
    seen: list[list[str]] = []
    counts: list[int] = []
    _native.report_files(national, jobs, tmp_path / "out.json", seen.append, progress=counts.append)
    assert sum(counts) == len(jobs) == 5
    assert len(seen) == 1 and len(seen[0]) == 5

    def fail(_n: int) -> None:
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError, match="stop"):
        _native.report_files(national, jobs, tmp_path / "out2.json", seen.append, progress=fail)
    assert not (tmp_path / "out2.json").exists()
