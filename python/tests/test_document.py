"""The Document and Node classes, on the bundled corpus and references."""

from __future__ import annotations

import importlib.metadata
import json
import re
from pathlib import Path

import pytest

import policy_trace
from conftest import CORPUS_FILES, REPO

NODE_KINDS = {"chapter", "article", "item", "sub_item", "paragraph"}


def test_version_is_the_crate_version() -> None:
    cargo = (REPO / "Cargo.toml").read_text(encoding="utf-8")
    match = re.search(r'^\[workspace\.package\][^\[]*?^version = "([^"]+)"', cargo, re.M | re.S)
    assert match is not None
    assert policy_trace.__version__ == match.group(1)
    assert importlib.metadata.version("policy-trace") == policy_trace.__version__


def test_all_names_exist() -> None:
    for name in policy_trace.__all__:
        assert hasattr(policy_trace, name), name


def test_load_sets_id_and_source(corpus_dir: Path) -> None:
    for file in CORPUS_FILES.values():
        doc = policy_trace.load(corpus_dir / file)
        assert doc.id == Path(file).stem
        assert doc.source["name"] == str(corpus_dir / file)
        assert doc.source["encoding"] == "UTF-8"
        assert doc.kind in ("standalone", "forwarding")
        assert doc.clause_count() > 0


def test_load_accepts_str_paths_and_options(corpus_dir: Path) -> None:
    path = corpus_dir / CORPUS_FILES["tianjin"]
    doc = policy_trace.load(str(path), id="tj", locality="天津市", level="provincial", date="2017-06-30")
    assert doc.id == "tj"
    assert doc.metadata["locality"] == "天津市"
    assert doc.metadata["level"] == "provincial"
    assert doc.metadata["date_written"] == "2017-06-30"


def test_qingdao_metadata(corpus: dict[str, policy_trace.Document]) -> None:
    meta = corpus["qingdao"].metadata
    assert meta["doc_number"] == "青政发〔2020〕9号"
    assert meta["issuer"] == "青岛市人民政府"
    assert meta["date_written"] == "2020-08-20"
    assert set(meta) >= {"title", "doc_number", "issuer", "date_written", "date_published", "locality", "level", "extra"}


def test_binhai_doc_number(corpus: dict[str, policy_trace.Document]) -> None:
    assert corpus["binhai"].metadata["doc_number"] == "津滨政发〔2020〕20号"


def test_henan_has_eight_chapters(corpus: dict[str, policy_trace.Document]) -> None:
    chapters = [node for node in corpus["henan"].nodes if node.kind == "chapter"]
    assert [node.number for node in chapters] == list(range(1, 9))
    assert all(node.marker for node in chapters)


def test_national_reference(national: policy_trace.Document) -> None:
    # 国办发〔2017〕4号 has 20 numbered articles (（一）…（二十）) and 40 paragraphs under them.
    assert national.clause_count() >= 40
    assert len(national.clauses()) == national.clause_count()
    assert national.metadata["doc_number"] == "国办发〔2017〕4号"
    assert national.metadata["level"] == "national"
    assert national.source["name"] == "builtin:guobanfa-2017-4"
    assert policy_trace.reference("builtin:guobanfa-2017-4") == national


def test_reference_names() -> None:
    names = policy_trace.reference_names()
    assert "guobanfa-2017-4" in names
    for name in names:
        assert policy_trace.reference(name).id == name


def test_list_documents(corpus_dir: Path) -> None:
    paths = policy_trace.list_documents(corpus_dir)
    assert [path.name for path in paths] == sorted(CORPUS_FILES.values())
    assert all(isinstance(path, Path) for path in paths)


def test_to_dict_is_the_json(corpus_doc: policy_trace.Document) -> None:
    as_dict = corpus_doc.to_dict()
    assert as_dict == json.loads(corpus_doc.to_json())
    assert as_dict["format_version"] == 1
    assert as_dict["id"] == corpus_doc.id
    assert as_dict["metadata"] == corpus_doc.metadata


def test_json_round_trip(corpus_doc: policy_trace.Document) -> None:
    again = policy_trace.Document.from_json(corpus_doc.to_json())
    assert again == corpus_doc
    assert again.to_json() == corpus_doc.to_json()


def test_tree_shape(corpus_doc: policy_trace.Document) -> None:
    every = list(corpus_doc.iter_nodes())
    assert {node.kind for node in every} <= NODE_KINDS
    clauses = corpus_doc.clauses()
    assert clauses == [node for node in every if node.kind == "paragraph"]
    assert len({node.id for node in every}) == len(every), "node ids are unique"
    for node in every:
        assert corpus_doc.node(node.id) == node
        assert node.document == corpus_doc
        if node.kind != "paragraph":
            assert node.text == ""
    assert corpus_doc.node("no such node") is None


def test_children_follow_the_top_level(corpus_doc: policy_trace.Document) -> None:
    def walk(nodes: list[policy_trace.Node]) -> list[policy_trace.Node]:
        return [n for node in nodes for n in (node, *walk(node.children))]

    assert walk(corpus_doc.nodes) == list(corpus_doc.iter_nodes())


def test_char_ranges_slice_back(corpus: dict[str, policy_trace.Document]) -> None:
    checked = 0
    for name in ("binhai", "henan", "qingdao", "tianjin"):
        doc = corpus[name]
        for node in doc.clauses():
            start, end = node.char_range
            span = doc.text[start:end]
            # Paragraph text joins hard wraps and leaves out the responsibility parenthetical,
            # so only single-line paragraphs without one are the same text as their span.
            if "\n" not in span and node.responsibility is None:
                assert span == node.text, node.id
                checked += 1
    assert checked > 50


def test_sentence_and_citation_ranges(corpus_doc: policy_trace.Document) -> None:
    text = corpus_doc.text
    for node in corpus_doc.clauses():
        for sentence in node.sentences:
            start, end = sentence["char_range"]
            assert text[start:end] == sentence["text"]
    for citation in corpus_doc.citations:
        start, end = citation["char_range"]
        if citation["title"]:
            assert citation["title"] in text[start:end]
        if citation["doc_number"]:
            assert citation["doc_number"] in text[start:end]
    for diagnostic in corpus_doc.diagnostics:
        assert diagnostic["severity"] in ("info", "warning")
        if diagnostic["char_range"] is not None:
            start, end = diagnostic["char_range"]
            assert 0 <= start <= end <= len(text)


def test_responsibility_ranges(corpus: dict[str, policy_trace.Document]) -> None:
    found = 0
    for doc in corpus.values():
        for node in doc.clauses():
            if node.responsibility is not None:
                start, end = node.responsibility["char_range"]
                assert doc.text[start:end] == node.responsibility["text"]
                found += 1
    assert found > 0


def test_attachments(corpus: dict[str, policy_trace.Document]) -> None:
    binhai = corpus["binhai"]
    assert binhai.attachments, "Binhai carries its task table as an attachment"
    for attachment in binhai.attachments:
        for row in attachment["rows"]:
            start, end = row["char_range"]
            # Rows span several lines, which the row text joins; the span starts with the row
            # number, then the text.
            assert row["text"][:10] in binhai.text[start:end]


def test_parse_text_and_bytes() -> None:
    text = "一、总体要求\n（一）深化商事制度改革。实行“多证合一”。\n"
    doc = policy_trace.parse(text, id="demo")
    assert doc.id == "demo"
    assert [node.id for node in doc.clauses()] == ["1.1.p1"]
    assert doc.clauses()[0].text == "深化商事制度改革。实行“多证合一”。"
    assert policy_trace.parse(text.encode("utf-8"), id="demo") == doc
    gbk = policy_trace.parse(text.encode("gbk"), id="demo")
    assert gbk.source["encoding"] in ("GBK", "gb18030")
    assert gbk.clauses()[0].text == doc.clauses()[0].text
    assert policy_trace.parse(bytearray(text.encode("utf-8")), id="demo") == doc  # type: ignore[arg-type]


def test_parse_options() -> None:
    doc = policy_trace.parse(
        "（一）深化商事制度改革。",
        id="x",
        source_name="memo.txt",
        locality="河南省",
        level="省",
        date="2017-08-19",
        title="河南省实施意见",
        tld="cn",
        detect_forwarding=False,
    )
    assert (doc.id, doc.source["name"]) == ("x", "memo.txt")
    meta = doc.metadata
    assert (meta["locality"], meta["level"], meta["date_written"], meta["title"]) == (
        "河南省",
        "provincial",
        "2017-08-19",
        "河南省实施意见",
    )


def test_parse_rejects_other_types() -> None:
    with pytest.raises(TypeError, match="str or bytes"):
        policy_trace.parse(42)  # type: ignore[arg-type]


def test_parse_never_fails_on_noise() -> None:
    for text in ("", " \n ", "\x00\x01", "<html><body></body></html>", "（" * 1000):
        assert isinstance(policy_trace.parse(text), policy_trace.Document)
    assert isinstance(policy_trace.parse(b"\xff\xfe\x00"), policy_trace.Document)


def test_equality(corpus: dict[str, policy_trace.Document], corpus_dir: Path) -> None:
    again = policy_trace.load(corpus_dir / CORPUS_FILES["henan"])
    assert again == corpus["henan"]
    assert again != corpus["tianjin"]
    assert again != "henan"
    assert again.clauses()[0] == corpus["henan"].clauses()[0]
    assert again.clauses()[0] != again.clauses()[1]
    with pytest.raises(TypeError):
        hash(again)


def test_frozen(national: policy_trace.Document) -> None:
    with pytest.raises(AttributeError):
        national.id = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        national.clauses()[0].text = "other"  # type: ignore[misc]


def test_forwarded_is_a_document_or_none(corpus_doc: policy_trace.Document) -> None:
    forwarded = corpus_doc.forwarded
    assert forwarded is None or isinstance(forwarded, policy_trace.Document)
    assert (forwarded is not None) == (corpus_doc.kind == "forwarding")


def test_repr(national: policy_trace.Document) -> None:
    text = repr(national)
    assert text.startswith("<Document ")
    assert "guobanfa-2017-4" in text
    assert f"clauses={national.clause_count()}" in text
    node = national.clauses()[0]
    assert repr(node).startswith(f'<Node id="{node.id}" kind=paragraph')


def test_repr_html_escapes_document_text() -> None:
    doc = policy_trace.parse(
        "（一）深化改革。",
        id="<b>id</b>",
        title="<script>alert('x')</script> & \"co\"",
    )
    html = doc._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;co&quot;" in html
    assert "&lt;b&gt;id&lt;/b&gt;" in html
    assert "<b>" not in html


def test_repr_html_summary(corpus: dict[str, policy_trace.Document]) -> None:
    html = corpus["qingdao"]._repr_html_()
    for value in ("青岛市人民政府", "青政发〔2020〕9号", "2020-08-20", str(corpus["qingdao"].clause_count())):
        assert value in html
