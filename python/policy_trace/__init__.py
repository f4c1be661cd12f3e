"""Parse Chinese policy documents into trees of chapters, articles, items and paragraphs.

The work is done in Rust (``policy_trace._native``); this package re-exports it. The pure-Python
helpers behind ``Comparison.coverage()``, ``links()``, ``graph()``… (``policy_trace._pandas``),
``Comparison.plot_coverage()`` (``policy_trace.plot``) and progress bars
(``policy_trace._progress``) import pandas, networkx, matplotlib and tqdm lazily;
``policy_trace.dask`` runs comparisons on a Dask cluster. ``load_dir`` and ``load_many``
(``policy_trace._load``) load many files with metadata supplied by the caller;
``report_files`` (``policy_trace._report``) goes from files to a coverage report in one call.

>>> import policy_trace
>>> doc = policy_trace.parse("一、总体要求\\n（一）深化商事制度改革。实行“多证合一”。", id="demo")
>>> [node.id for node in doc.clauses()]
['1.1.p1']

Offsets seen from Python are ``char_range`` pairs: code-point offsets into ``Document.text``, so
``doc.text[start:end]`` is the text a node, sentence or citation stands for.
"""

from policy_trace._native import (
    Aligner,
    Alignment,
    Comparison,
    CorpusStats,
    DerivationCycleError,
    Document,
    DocumentIOError,
    EmptyReferenceError,
    FormatVersionError,
    InternalError,
    InvalidOptionError,
    Node,
    NotTextError,
    ParseError,
    PolicyTraceError,
    Report,
    TemplateError,
    UnknownReferenceError,
    __version__,
    align,
    discover,
    list_documents,
    load,
    parse,
    reference,
    reference_names,
)
from policy_trace._compare import compare
from policy_trace._load import load_dir, load_many, read_manifest
from policy_trace._report import report_files
from policy_trace.plot import CJKFontWarning

__all__ = [
    "Aligner",
    "Alignment",
    "CJKFontWarning",
    "Comparison",
    "CorpusStats",
    "DerivationCycleError",
    "Document",
    "DocumentIOError",
    "EmptyReferenceError",
    "FormatVersionError",
    "InternalError",
    "InvalidOptionError",
    "Node",
    "NotTextError",
    "ParseError",
    "PolicyTraceError",
    "Report",
    "TemplateError",
    "UnknownReferenceError",
    "__version__",
    "align",
    "compare",
    "discover",
    "list_documents",
    "load",
    "load_dir",
    "load_many",
    "parse",
    "read_manifest",
    "reference",
    "reference_names",
    "report_files",
]
