"""`CorpusStats`, `Aligner` and `compare(progress=...)`: the phased comparison gives exactly
what one `compare` gives."""

from __future__ import annotations

import copy
import pickle

import pytest

import policy_trace
from conftest import CORPUS


@pytest.fixture(scope="module")
def docs() -> list[policy_trace.Document]:
    return policy_trace.load_dir(CORPUS)


def test_stats_add_up(national: policy_trace.Document, docs: list[policy_trace.Document]) -> None:
    whole = policy_trace.CorpusStats([national, *docs])
    parts = [policy_trace.CorpusStats([d]) for d in [national, *docs]]
    assert sum(parts) == whole
    assert policy_trace.CorpusStats.merged(list(reversed(parts))) == whole
    assert parts[0] + parts[1] == parts[1] + parts[0]
    assert whole.units == sum(p.units for p in parts)
    assert whole.distinct >= max(p.distinct for p in parts)
    assert policy_trace.CorpusStats().units == 0
    with pytest.raises(TypeError):
        "x" + whole  # type: ignore[operator]


def test_aligner_matches_compare(national: policy_trace.Document, docs: list[policy_trace.Document]) -> None:
    expected = policy_trace.compare(national, docs, threshold=0.3)
    aligner = policy_trace.Aligner(national, policy_trace.CorpusStats([national, *docs]), threshold=0.3)
    alignments = aligner.align_many(docs[:2]) + [aligner.align(d) for d in docs[2:]]
    got = aligner.comparison(alignments, docs)
    assert got == expected
    assert got.report().to_json() == expected.report().to_json()
    assert aligner.national_document == national
    with pytest.raises(policy_trace.InvalidOptionError, match="4 alignments for 5"):
        aligner.comparison(alignments[:4], docs)
    with pytest.raises(policy_trace.InvalidOptionError, match="alignment 0"):
        aligner.comparison(list(reversed(alignments)), docs)


def test_aligner_errors(national: policy_trace.Document) -> None:
    with pytest.raises(policy_trace.InvalidOptionError, match="metric"):
        policy_trace.Aligner(national, policy_trace.CorpusStats(), metric="nope")
    empty = policy_trace.parse("", id="empty")
    with pytest.raises(policy_trace.EmptyReferenceError, match="empty"):
        policy_trace.Aligner(empty, policy_trace.CorpusStats())


def test_pickle_and_copy(national: policy_trace.Document, docs: list[policy_trace.Document]) -> None:
    stats = policy_trace.CorpusStats([national, *docs])
    assert pickle.loads(pickle.dumps(stats)) == stats
    assert copy.deepcopy(stats) == stats
    aligner = policy_trace.Aligner(national, stats, metric="jaro", threads=1)
    again = pickle.loads(pickle.dumps(aligner))
    assert again.stats == stats
    assert copy.deepcopy(aligner).align(docs[0]) == aligner.align(docs[0])
    assert again.align_many(docs) == aligner.align_many(docs)
    assert again.comparison(again.align_many(docs), docs) == policy_trace.compare(
        national, docs, metric="jaro", threads=1
    )
    with pytest.raises(policy_trace.ParseError):
        policy_trace.CorpusStats._from_bytes(b"")
    with pytest.raises(policy_trace.FormatVersionError):
        policy_trace.Aligner._from_bytes(b"\xff")


@pytest.mark.parametrize("chunk_size", [1, 2, 5, 100])
def test_compare_with_progress_is_compare(
    national: policy_trace.Document,
    docs: list[policy_trace.Document],
    chunk_size: int,
    capsys: pytest.CaptureFixture[str],
) -> None:
    expected = policy_trace.compare(national, docs, progress=False)
    got = policy_trace.compare(national, docs, progress=True, chunk_size=chunk_size)
    assert got == expected
    assert got.report().to_json() == expected.report().to_json()
    err = capsys.readouterr().err
    assert "counting trigrams" in err and "aligning" in err and "5/5" in err


def test_progress_auto(
    national: policy_trace.Document, docs: list[policy_trace.Document], capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from policy_trace import _progress

    # Not interactive: no bar, however long the run.
    monkeypatch.setattr(_progress, "interactive", lambda: False)
    monkeypatch.setattr(_progress, "AUTO_MIN_ITEMS", 1)
    policy_trace.compare(national, docs)
    assert capsys.readouterr().err == ""
    # Interactive and long enough: a bar.
    monkeypatch.setattr(_progress, "interactive", lambda: True)
    policy_trace.compare(national, docs)
    assert "aligning" in capsys.readouterr().err
    # Interactive but short: none.
    monkeypatch.setattr(_progress, "AUTO_MIN_ITEMS", 50)
    policy_trace.compare(national, docs)
    assert capsys.readouterr().err == ""
    with pytest.raises(policy_trace.InvalidOptionError, match="chunk_size"):
        policy_trace.compare(national, docs, progress=False, chunk_size=0)
