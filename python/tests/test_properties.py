"""Property tests (hypothesis) of the invariants the Rust property tests and fuzz targets check,
seen from Python: parsing never raises on any text or bytes and accounts for every character,
a document aligned with itself gives one verbatim link per clause and nothing else, scores lie in
[0, 1], and documents, alignments and reports survive JSON and pickle round trips."""

from __future__ import annotations

import json
import pickle

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policy_trace

FRAGMENTS = [
    "一、",
    "（一）",
    "（二）",
    "1．",
    "（1）",
    "①",
    "第一章",
    "第三条",
    "总体要求",
    "深化商事制度改革。",
    "（省发展改革委牵头负责）",
    "国办发〔2017〕4号",
    "现将",
    "转发给你们，请认真贯彻执行。",
    "广东省人民政府办公厅",
    "2017年5月10日",
    "序号",
    "附件：",
    "<p>",
    "</div>",
    "&nbsp;",
    "<script>x</script>",
    "\n",
    "\r\n",
    "。",
    "“",
    "（",
]

policy_like = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=60).map("".join)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# Diagnostics that say what became of the text in their range.
ACCOUNTING = {"chrome", "duplicate", "metadata", "signature", "table", "forwarding", "unplaced"}


def _accounted(doc: policy_trace.Document) -> None:
    """Every character that is not white space lies in a node, a diagnostic range, an
    attachment or a citation (code-point ranges, as Python sees them)."""
    spans = [node.char_range for node in doc.iter_nodes()]
    spans += [n.responsibility["char_range"] for n in doc.iter_nodes() if n.responsibility]
    spans += [d["char_range"] for d in doc.diagnostics if d["char_range"] and d["kind"] in ACCOUNTING]
    spans += [a["char_range"] for a in doc.attachments]
    spans += [c["char_range"] for c in doc.citations]
    for at, ch in enumerate(doc.text):
        if ch.isspace() or ch in "\ufeff\u200b":
            continue
        assert any(start <= at < end for start, end in spans), (at, ch, doc.text)


@SETTINGS
@given(st.text())
def test_parse_never_raises_on_any_text(text: str) -> None:
    doc = policy_trace.parse(text)
    assert isinstance(doc.text, str)
    for node in doc.iter_nodes():
        start, end = node.char_range
        assert 0 <= start <= end <= len(doc.text)


@SETTINGS
@given(st.binary(max_size=600))
def test_parse_never_raises_on_any_bytes(data: bytes) -> None:
    doc = policy_trace.parse(data)
    assert isinstance(doc.text, str)


@SETTINGS
@given(policy_like)
def test_every_character_is_accounted_for_and_round_trips(text: str) -> None:
    doc = policy_trace.parse(text)
    _accounted(doc)
    assert policy_trace.Document.from_json(doc.to_json()) == doc
    assert pickle.loads(pickle.dumps(doc)) == doc


MARKERS = ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）", "（八）"]
ideograph = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)


@st.composite
def distinct_clauses(draw: st.DrawFn) -> list[str]:
    """1 to 8 clauses of 30 ideographs, no ideograph used twice: no clause shares a phrase with
    another (a clause of stock words, or of a dozen characters, may weigh too little to be linked
    at all, by design)."""
    count = draw(st.integers(min_value=1, max_value=len(MARKERS)))
    chars = draw(st.lists(ideograph, min_size=30 * count, max_size=30 * count, unique=True))
    return ["".join(chars[i * 30 : (i + 1) * 30]) for i in range(count)]


@SETTINGS
@given(distinct_clauses())
def test_a_document_aligned_with_itself(clauses: list[str]) -> None:
    text = "一、总体要求\n" + "".join(f"{m}{c}。\n" for m, c in zip(MARKERS, clauses, strict=False))
    doc = policy_trace.parse(text, id="doc")
    alignment = policy_trace.align(doc, doc)
    ids = [c.id for c in doc.clauses()]
    assert [(link["local"]["id"], link["national"]["id"]) for link in alignment.links] == [(i, i) for i in ids]
    assert all(link["kind"] == "verbatim" for link in alignment.links)
    assert alignment.novel == [] and alignment.omitted == []


@SETTINGS
@given(policy_like, policy_like)
def test_scores_lie_in_0_1_and_results_round_trip(national_text: str, local_text: str) -> None:
    national = policy_trace.parse(national_text, id="n")
    local = policy_trace.parse(local_text, id="l")
    try:
        comparison = policy_trace.compare(national, [local])
    except policy_trace.EmptyReferenceError:
        return
    alignment = comparison.alignments[0]
    for link in alignment.links:
        assert 0.0 <= link["score"] <= 1.0
    for measure in alignment.measures:
        assert 0.0 <= measure["score"] <= 1.0
    assert 0.0 <= alignment.ratio() <= 1.0
    assert policy_trace.Alignment.from_json(alignment.to_json()) == alignment
    assert pickle.loads(pickle.dumps(alignment)) == alignment
    again = pickle.loads(pickle.dumps(comparison))
    assert again.to_json() == comparison.to_json()
    report = comparison.report()
    assert policy_trace.Report.from_json(report.to_json()) == report
    for locality in json.loads(report.to_json())["localities"]:
        assert locality["reconciliation"]["balanced"]
