"""`policy_trace.dask.align_many` on a LocalCluster of two worker processes gives the result of
the in-process `compare`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import distributed
import pytest

import policy_trace
from conftest import CORPUS
from policy_trace.dask import align_many


@pytest.fixture(scope="module")
def client() -> Iterator[distributed.Client]:
    # Two worker processes of one thread each, and one Rust thread per task.
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        env={"RAYON_NUM_THREADS": "1"},
    ) as cluster, distributed.Client(cluster) as client:
        yield client


def test_paths_loaded_on_workers_match_compare(client: distributed.Client, national: policy_trace.Document) -> None:
    expected = policy_trace.compare(national, policy_trace.load_dir(CORPUS))
    got = align_many(client, national, [CORPUS], partition_size=2)
    assert got == expected
    assert got.report().to_json() == expected.report().to_json()
    assert got.to_json() == expected.to_json()
    assert got.graph_json() == expected.graph_json()
    # Both workers took part.
    assert len(client.scheduler_info()["workers"]) == 2


def test_documents_and_options(
    client: distributed.Client, national: policy_trace.Document, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = policy_trace.load_dir(CORPUS)
    expected = policy_trace.compare(national, docs, metric="jaro", threshold=0.3)
    got = align_many(client, national, docs, partition_size=3, metric="jaro", threshold=0.3, progress=True)
    assert "aligning" in capsys.readouterr().err
    assert got == expected
    assert got.report().to_json() == expected.report().to_json()
    # A mix of documents and files keeps the order given.
    mixed: list[policy_trace.Document | Path] = [docs[0], CORPUS / f"{docs[1].id}.txt"]
    got = align_many(client, national, mixed, file_metadata={f"{docs[1].id}.txt": {"locality": "某地"}})
    assert [a.local["id"] for a in got.alignments] == [docs[0].id, docs[1].id]
    assert got.alignments[1].local["locality"] == "某地"


def test_errors(client: distributed.Client, national: policy_trace.Document) -> None:
    with pytest.raises(policy_trace.InvalidOptionError, match="metric"):
        align_many(client, national, [CORPUS], metric="nope")
    with pytest.raises(policy_trace.DocumentIOError, match="missing.txt"):
        align_many(client, national, [CORPUS / "missing.txt"])
    with pytest.raises(policy_trace.InvalidOptionError, match="partition_size"):
        align_many(client, national, [CORPUS], partition_size=0)
