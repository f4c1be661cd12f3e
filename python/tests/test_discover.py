"""Corpus-wide discovery from Python: the same result as the CLI, typed errors."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

import policy_trace
from test_align import cli_binary


def test_documents_that_cite_the_national_one_derive_from_it(
    national: policy_trace.Document, corpus: dict[str, policy_trace.Document]
) -> None:
    docs = [national, corpus["henan"], corpus["tianjin"], corpus["guangdong"]]
    found = policy_trace.discover(docs)
    assert found["format_version"] == 1
    assert found["documents"] == 4
    parents = {link["child"]: link["parent"] for link in found["links"]}
    for name in ("henan", "tianjin"):
        assert parents[str(corpus[name].id)] == str(national.id)
    assert str(national.id) in found["roots"]
    # Clause-level evidence, with the kinds the aligner uses.
    henan = next(link for link in found["links"] if link["child"] == str(corpus["henan"].id))
    assert henan["clauses"] and {c["kind"] for c in henan["clauses"]} <= {"verbatim", "adapted", "partial", "forwarded"}


def test_same_result_as_the_cli(tmp_path: Path, corpus_dir: Path, corpus: dict[str, policy_trace.Document]) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("henan", "tianjin"):
        (folder / f"{name}.txt").write_bytes((corpus_dir / f"{corpus[name].id}.txt").read_bytes())
    result = subprocess.run([str(cli_binary()), "discover", str(folder)], capture_output=True, text=True, check=True)
    docs = [policy_trace.load(p, id=p.stem) for p in sorted(folder.glob("*.txt"))]
    assert policy_trace.discover(docs) == json.loads(result.stdout)


def test_options_are_checked(national: policy_trace.Document) -> None:
    with pytest.raises(policy_trace.InvalidOptionError, match="max_df_share"):
        policy_trace.discover([national], max_df_share=2.0)
    with pytest.raises(policy_trace.InvalidOptionError, match="two documents"):
        policy_trace.discover([national, national])
