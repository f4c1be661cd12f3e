"""`compare()` and the `Comparison` class: reports, files, pandas tables and the networkx graph."""

from __future__ import annotations

import copy
import json
import pickle
import sys
from pathlib import Path

import networkx as nx
import pytest

import policy_trace
from conftest import CORPUS

COVERAGE_COLUMNS = ["measure_id", "measure_text", "locality", "doc_id", "kind", "score", "local_clause_ids"]
KINDS = {"verbatim", "adapted", "partial", "forwarded", "omitted"}


def corpus_with_manifest() -> list[policy_trace.Document]:
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))["documents"]
    return [
        policy_trace.load(CORPUS / name, locality=meta["locality"], level=meta["level"])
        for name, meta in sorted(manifest.items())
    ]


@pytest.fixture(scope="module")
def comparison(national: policy_trace.Document) -> policy_trace.Comparison:
    return policy_trace.compare(national, corpus_with_manifest())


def test_alignments(comparison: policy_trace.Comparison, national: policy_trace.Document) -> None:
    assert len(comparison.alignments) == 5
    assert comparison.national["id"] == national.id
    assert len(comparison.measures) == 40
    for alignment in comparison.alignments:
        assert isinstance(alignment, policy_trace.Alignment)
        assert alignment.national["id"] == national.id
    # One alignment from compare is the same as align() with the whole set of locals' weights,
    # so only the order and ids are checked here.
    assert [a.local["id"] for a in comparison.alignments] == [d.id for d in corpus_with_manifest()]


def test_threads_do_not_change_results(comparison: policy_trace.Comparison, national: policy_trace.Document) -> None:
    # The settings (threads included) are part of a Comparison's equality; the results are not
    # allowed to depend on them.
    one = policy_trace.compare(national, corpus_with_manifest(), threads=1)
    assert one.to_json() == comparison.to_json()
    assert one.alignments == comparison.alignments


def test_coverage(comparison: policy_trace.Comparison) -> None:
    table = comparison.coverage()
    assert list(table.columns) == COVERAGE_COLUMNS
    assert len(table) == 40 * 5
    assert table["locality"].nunique() == 5
    assert set(table["kind"]) <= KINDS
    assert ((table["score"] >= 0) & (table["score"] <= 1)).all()
    report = json.loads(comparison.report().to_json())
    expected = {
        (m["measure"]["id"], cell["doc"]): (cell["kind"] or "omitted", cell["local_ids"])
        for m in report["measures"]
        for cell in m["cells"]
    }
    got = {
        (row.measure_id, row.doc_id): (row.kind, row.local_clause_ids) for row in table.itertuples(index=False)
    }
    assert got == expected
    # The alignments agree too.
    for alignment in comparison.alignments:
        rows = table[table["doc_id"] == alignment.local["id"]]
        kinds = [m["kind"] or "omitted" for m in alignment.measures]
        assert list(rows["kind"]) == kinds


def test_guangdong_forwards_everything(comparison: policy_trace.Comparison) -> None:
    table = comparison.coverage()
    guangdong = table[table["locality"] == "广东省"]
    assert len(guangdong) == 40
    assert (guangdong["kind"] == "forwarded").all()


def test_coverage_matrix(comparison: policy_trace.Comparison) -> None:
    matrix = comparison.coverage_matrix()
    assert matrix.shape == (40, 5)
    assert matrix.index.name == "measure_id"
    assert list(matrix.index) == [m["id"] for m in comparison.measures]
    assert (matrix["广东省"] == "forwarded").all()
    table = comparison.coverage()
    for row in table.itertuples(index=False):
        assert matrix.loc[row.measure_id, row.locality] == row.kind


def test_links_novel_omitted(comparison: policy_trace.Comparison) -> None:
    links = comparison.links()
    assert list(links.columns) == [
        "local_doc",
        "local_id",
        "local_text",
        "national_id",
        "national_text",
        "kind",
        "score",
        "evidence_count",
    ]
    assert len(links) == sum(len(a.links) for a in comparison.alignments)
    assert (links["evidence_count"] >= 1).all()
    assert len(comparison.novel()) == sum(len(a.novel) for a in comparison.alignments)
    assert len(comparison.omitted()) == sum(len(a.omitted) for a in comparison.alignments)


def test_report_formats(comparison: policy_trace.Comparison) -> None:
    report = comparison.report()
    assert report.to_dict()["national"]["id"] == "guobanfa-2017-4"
    assert report.to_csv().startswith("measure")
    assert "|" in report.to_markdown()
    assert report.to_html().lstrip().lower().startswith("<!doctype html")
    assert policy_trace.Report.from_json(report.to_json()) == report
    assert pickle.loads(pickle.dumps(report)) == report


def test_report_cells_hold_ranges_not_copies(comparison: policy_trace.Comparison) -> None:
    data = comparison.report().to_dict()
    assert data["format_version"] == 2
    links = 0
    for measure in data["measures"]:
        text = measure["measure"]["text"]
        for cell in measure["cells"]:
            for link in cell["links"]:
                assert set(link) == {"local", "score", "kind", "evidence"}
                for span in link["evidence"]:
                    assert set(span) == {"local", "national"}
                    (ls, le), (ns, ne) = span["local"], span["national"]
                    assert 0 <= ls < le <= len(link["local"]["text"])
                    assert 0 <= ns < ne <= len(text)
                links += 1
    assert links > 0


@pytest.mark.parametrize("suffix", [".html", ".csv", ".md", ".json"])
def test_save(comparison: policy_trace.Comparison, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"coverage{suffix}"
    comparison.save(path)
    text = path.read_text(encoding="utf-8")
    report = comparison.report()
    expected = {
        ".html": report.to_html(),
        ".csv": report.to_csv(),
        ".md": report.to_markdown(),
        ".json": report.to_json(pretty=True) + "\n",
    }[suffix]
    assert text == expected


def test_save_errors(comparison: policy_trace.Comparison, tmp_path: Path) -> None:
    with pytest.raises(policy_trace.InvalidOptionError, match="coverage.pdf"):
        comparison.save(tmp_path / "coverage.pdf")
    missing = tmp_path / "no" / "such" / "dir" / "coverage.csv"
    with pytest.raises(policy_trace.DocumentIOError, match="coverage.csv"):
        comparison.save(missing)


def test_unknown_metric(national: policy_trace.Document) -> None:
    with pytest.raises(policy_trace.InvalidOptionError, match="metric"):
        policy_trace.compare(national, corpus_with_manifest()[:1], metric="nope")


def test_graph(comparison: policy_trace.Comparison) -> None:
    data = json.loads(comparison.graph_json())
    g = comparison.graph()
    assert isinstance(g, nx.DiGraph)
    assert g.number_of_nodes() == len(data["nodes"])
    assert {node["key"] for node in data["nodes"]} == set(g.nodes)
    kinds = {attrs["type"] for _, _, attrs in g.edges(data=True)}
    assert {"derives_from", "cites"} <= kinds
    assert g.nodes["doc:guobanfa-2017-4"]["type"] == "document"
    derived = [(u, v, d) for u, v, d in g.edges(data=True) if d["type"] == "derives_from"]
    assert all(0.0 <= d["score"] <= 1.0 for _, _, d in derived)


def test_pickle_and_copy(comparison: policy_trace.Comparison) -> None:
    again = pickle.loads(pickle.dumps(comparison))
    assert again == comparison
    assert copy.deepcopy(comparison) == comparison
    assert again.graph_json() == comparison.graph_json()
    with pytest.raises(policy_trace.ParseError):
        policy_trace.Comparison._from_bytes(b"")


def test_to_json(comparison: policy_trace.Comparison) -> None:
    data = json.loads(comparison.to_json())
    assert data["format_version"] >= 1
    assert [a["local"]["id"] for a in data["alignments"]] == [a.local["id"] for a in comparison.alignments]


def test_repr(comparison: policy_trace.Comparison) -> None:
    assert "guobanfa-2017-4" in repr(comparison)
    html = comparison._repr_html_()
    assert html.startswith("<table") and "广东省" in html and "forwarded" in html


def test_repr_html_escapes(national: policy_trace.Document) -> None:
    local = policy_trace.parse(national.text, id="x", locality="<i>somewhere</i>")
    html = policy_trace.compare(national, [local])._repr_html_()
    assert "<i>" not in html and "&lt;i&gt;" in html


def test_missing_extras_name_the_extra(comparison: policy_trace.Comparison, monkeypatch: pytest.MonkeyPatch) -> None:
    # A None entry in sys.modules makes `import` raise ImportError.
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"policy-trace\[pandas\]"):
        comparison.coverage()
    monkeypatch.setitem(sys.modules, "networkx", None)
    with pytest.raises(ImportError, match=r"policy-trace\[graph\]"):
        comparison.graph()
