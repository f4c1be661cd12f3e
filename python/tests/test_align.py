"""`align()` and the `Alignment` class: links, evidence ranges, JSON identical to the CLI's."""

from __future__ import annotations

import copy
import json
import pickle
import subprocess
from pathlib import Path

import pytest

import policy_trace
from conftest import CORPUS, REPO

KINDS = {"verbatim", "adapted", "partial", "forwarded"}
HENAN = CORPUS / "henan-2017-implementing-opinions.txt"


@pytest.fixture(scope="module")
def alignment(national: policy_trace.Document) -> policy_trace.Alignment:
    return policy_trace.align(national, policy_trace.load(HENAN))


def cli_binary() -> Path:
    """The CLI built by cargo: a release or debug build newer than the sources it is built from,
    else the debug build, built (or rebuilt) now with `cargo build -p policy-trace-cli`."""
    sources = [REPO / "crates" / "policy-trace" / "src", REPO / "crates" / "policy-trace-cli" / "src"]
    newest_source = max(p.stat().st_mtime for root in sources for p in root.rglob("*.rs"))
    for profile in ("release", "debug"):
        path = REPO / "target" / profile / "policy-trace"
        if path.is_file() and path.stat().st_mtime >= newest_source:
            return path
    subprocess.run(["cargo", "build", "-p", "policy-trace-cli"], cwd=REPO, check=True)
    path = REPO / "target" / "debug" / "policy-trace"
    assert path.is_file()
    return path


def test_links(alignment: policy_trace.Alignment) -> None:
    assert alignment.links
    for link in alignment.links:
        assert 0.0 <= link["score"] <= 1.0
        assert link["kind"] in KINDS
        assert link["local"]["doc"] == "henan-2017-implementing-opinions"
        assert link["national"]["doc"] == "guobanfa-2017-4"
        assert link["evidence"]


def test_evidence_ranges_slice_back(alignment: policy_trace.Alignment) -> None:
    for link in alignment.links:
        for evidence in link["evidence"]:
            start, end = evidence["local"]
            assert isinstance(evidence["local"], tuple)
            assert link["local"]["text"][start:end] == evidence["text"]
            n_start, n_end = evidence["national"]
            assert 0 <= n_start < n_end <= len(link["national"]["text"])


def test_summaries_and_measures(alignment: policy_trace.Alignment, national: policy_trace.Document) -> None:
    assert alignment.national["id"] == "guobanfa-2017-4"
    assert alignment.local["id"] == "henan-2017-implementing-opinions"
    assert len(alignment.measures) == national.clause_count()
    adopted = [m for m in alignment.measures if m["kind"] is not None]
    assert alignment.ratio() == pytest.approx(len(adopted) / len(alignment.measures))
    assert {m["national"]["id"] for m in alignment.measures if m["kind"] is None} == {
        c["id"] for c in alignment.omitted
    }
    linked = {link["local"]["id"] for link in alignment.links}
    assert all(c["id"] not in linked for c in alignment.novel)


def test_to_json_matches_cli(alignment: policy_trace.Alignment, national: policy_trace.Document) -> None:
    # The CLI loads the local file by the path it is given; so does `load`, so the source names agree.
    local = policy_trace.load(HENAN)
    result = subprocess.run(
        [str(cli_binary()), "align", str(HENAN)], cwd=REPO, capture_output=True, text=True, check=True
    )
    ours = policy_trace.align(national, local)
    assert ours.to_json(pretty=True) + "\n" == result.stdout
    assert json.loads(ours.to_json()) == json.loads(result.stdout)
    assert ours == alignment


def test_options_reach_the_core(national: policy_trace.Document) -> None:
    local = policy_trace.load(HENAN)
    default = policy_trace.align(national, local)
    strict = policy_trace.align(national, local, threshold=1e9, min_weight=1e9)
    assert not strict.links
    assert policy_trace.align(national, local, metric="jaro_winkler", order_weight=0.0).links
    assert len(default.links) > 0
    # No pair has a shared phrase that heavy: nothing is linked.
    assert not policy_trace.align(national, local, min_evidence=1e9).links
    assert len(policy_trace.align(national, local, min_evidence=0.0).links) >= len(default.links)
    with pytest.raises(policy_trace.InvalidOptionError, match="min_evidence"):
        policy_trace.align(national, local, min_evidence=float("nan"))


def test_unknown_metric(national: policy_trace.Document) -> None:
    with pytest.raises(policy_trace.InvalidOptionError, match="cosine"):
        policy_trace.align(national, national, metric="cosine")


def test_empty_national(national: policy_trace.Document) -> None:
    empty = policy_trace.parse("  ", id="empty")
    assert empty.clause_count() == 0
    with pytest.raises(policy_trace.EmptyReferenceError):
        policy_trace.align(empty, national)
    with pytest.raises(policy_trace.EmptyReferenceError):
        policy_trace.compare(empty, [national])


def test_json_round_trip(alignment: policy_trace.Alignment) -> None:
    again = policy_trace.Alignment.from_json(alignment.to_json())
    assert again == alignment
    assert alignment.to_dict() == json.loads(alignment.to_json())
    with pytest.raises(policy_trace.ParseError):
        policy_trace.Alignment.from_json("{")


def test_pickle_and_copy(alignment: policy_trace.Alignment) -> None:
    assert pickle.loads(pickle.dumps(alignment)) == alignment
    assert copy.deepcopy(alignment) == alignment
    assert copy.copy(alignment) == alignment


def test_repr(alignment: policy_trace.Alignment) -> None:
    assert "henan-2017-implementing-opinions" in repr(alignment)
    html = alignment._repr_html_()
    assert html.startswith("<table") and "Alignment" in html


def test_repr_html_escapes(national: policy_trace.Document) -> None:
    local = policy_trace.parse(national.text, id="x", title="<script>x</script>")
    html = policy_trace.align(national, local)._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
