"""Tables and graphs of a ``Comparison``: pandas DataFrames and a networkx DiGraph.

The ``Comparison`` methods ``coverage()``, ``coverage_matrix()``, ``links()``, ``novel()``,
``omitted()`` and ``graph()`` call the functions here. They only reshape what the Rust core
computed (the coverage report, the alignments, the derivation graph's JSON); pandas and networkx
are imported when first needed, and their absence raises ``ImportError`` naming the extra to
install.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from policy_trace._native import Comparison

__all__ = ["coverage", "coverage_matrix", "graph", "links", "novel", "omitted"]

COVERAGE_COLUMNS = ["measure_id", "measure_text", "locality", "doc_id", "kind", "score", "local_clause_ids"]
LINK_COLUMNS = ["local_doc", "local_id", "local_text", "national_id", "national_text", "kind", "score", "evidence_count"]
NOVEL_COLUMNS = ["doc_id", "locality", "clause_id", "heading", "text"]
OMITTED_COLUMNS = ["doc_id", "locality", "measure_id", "heading", "measure_text"]


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as e:
        raise ImportError("this needs pandas: pip install 'policy-trace[pandas]'") from e
    return pandas


def _networkx() -> Any:
    try:
        import networkx
    except ImportError as e:
        raise ImportError("this needs networkx: pip install 'policy-trace[graph]'") from e
    return networkx


def _locality(summary: Mapping[str, object]) -> str:
    """The locality of a document summary, or its id when the locality is not known."""
    locality = summary.get("locality")
    return str(locality) if locality else str(summary["id"])


def coverage(comparison: Comparison) -> pd.DataFrame:
    """One row per measure × local document, in measure order then document order.

    Columns: ``measure_id``, ``measure_text``, ``locality`` (the document's locality, or its id
    when not known), ``doc_id``, ``kind`` (``"omitted"`` when not adopted), ``score`` and
    ``local_clause_ids`` (a list of clause ids).
    """
    pd = _pandas()
    report = comparison.report().to_dict()
    localities = [_locality(loc["doc"]) for loc in report["localities"]]
    rows = []
    for measure in report["measures"]:
        clause = measure["measure"]
        for cell, locality in zip(measure["cells"], localities, strict=True):
            rows.append(
                (
                    clause["id"],
                    clause["text"],
                    locality,
                    cell["doc"],
                    cell["kind"] or "omitted",
                    float(cell["score"]),
                    list(cell["local_ids"]),
                )
            )
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


def coverage_matrix(comparison: Comparison) -> pd.DataFrame:
    """Measures × localities: index ``measure_id`` (national document order), one column per
    locality in the coverage report's order, values the kinds (``"omitted"`` when not adopted).

    When two local documents share a locality, the columns are their document ids instead.
    """
    table = coverage(comparison)
    column = "locality"
    pairs = table[["locality", "doc_id"]].drop_duplicates()
    if pairs["locality"].duplicated().any():
        column = "doc_id"
    columns = list(dict.fromkeys(table[column]))
    matrix = table.pivot(index="measure_id", columns=column, values="kind")
    return matrix.reindex(index=list(dict.fromkeys(table["measure_id"])), columns=columns)


def links(comparison: Comparison) -> pd.DataFrame:
    """Every link of every alignment, one row each: ``local_doc``, ``local_id``, ``local_text``,
    ``national_id``, ``national_text``, ``kind``, ``score``, ``evidence_count``."""
    pd = _pandas()
    rows = [
        (
            link["local"]["doc"],
            link["local"]["id"],
            link["local"]["text"],
            link["national"]["id"],
            link["national"]["text"],
            link["kind"],
            float(link["score"]),
            len(link["evidence"]),
        )
        for alignment in comparison.alignments
        for link in alignment.links
    ]
    return pd.DataFrame(rows, columns=LINK_COLUMNS)


def novel(comparison: Comparison) -> pd.DataFrame:
    """The local clauses linked to no national clause: ``doc_id``, ``locality``, ``clause_id``,
    ``heading``, ``text``."""
    pd = _pandas()
    rows = []
    for alignment in comparison.alignments:
        locality = _locality(alignment.local)
        for clause in alignment.novel:
            rows.append((clause["doc"], locality, clause["id"], clause["heading"], clause["text"]))
    return pd.DataFrame(rows, columns=NOVEL_COLUMNS)


def omitted(comparison: Comparison) -> pd.DataFrame:
    """The national clauses each local document does not take up: ``doc_id``, ``locality``,
    ``measure_id``, ``heading``, ``measure_text``."""
    pd = _pandas()
    rows = []
    for alignment in comparison.alignments:
        local = alignment.local
        locality = _locality(local)
        for clause in alignment.omitted:
            rows.append((local["id"], locality, clause["id"], clause["heading"], clause["text"]))
    return pd.DataFrame(rows, columns=OMITTED_COLUMNS)


def graph(comparison: Comparison) -> nx.DiGraph:
    """The derivation graph (``Comparison.graph_json()``) as a ``networkx.DiGraph``.

    Nodes are named by the JSON's ``key`` (``doc:<id>``, ``clause:<doc>#<clause>``, ``ext:<文号>``) and
    carry the other fields as attributes (``type`` is ``"document"`` or ``"clause"``). Edges carry
    theirs (``type`` is ``"contains"``, ``"derives_from"``, ``"cites"`` or ``"forwards"``); where
    the JSON has several edges between the same two nodes, the DiGraph keeps the last.
    """
    nx = _networkx()
    data = json.loads(comparison.graph_json())
    g = nx.DiGraph()
    g.graph["format_version"] = data["format_version"]
    for node in data["nodes"]:
        attrs = dict(node)
        key = attrs.pop("key")
        g.add_node(key, **attrs)
    for edge in data["edges"]:
        attrs = dict(edge)
        source = attrs.pop("source")
        target = attrs.pop("target")
        g.add_edge(source, target, **attrs)
    return g
