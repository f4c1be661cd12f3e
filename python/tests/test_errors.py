"""The exception hierarchy, and the errors each failure raises."""

from __future__ import annotations

import inspect
import pickle
from pathlib import Path

import pytest

import policy_trace
from policy_trace import _native

EXCEPTIONS = [
    obj
    for obj in vars(policy_trace).values()
    if inspect.isclass(obj) and issubclass(obj, BaseException) and not issubclass(obj, Warning)
]


def test_exceptions_are_exported() -> None:
    names = {exc.__name__ for exc in EXCEPTIONS}
    assert names == {
        "PolicyTraceError",
        "ParseError",
        "FormatVersionError",
        "DocumentIOError",
        "NotTextError",
        "UnknownReferenceError",
        "EmptyReferenceError",
        "DerivationCycleError",
        "TemplateError",
        "InvalidOptionError",
        "InternalError",
    }
    assert names <= set(policy_trace.__all__)


@pytest.mark.parametrize("exc", EXCEPTIONS, ids=lambda exc: exc.__name__)
def test_every_exception_is_a_policy_trace_error(exc: type[BaseException]) -> None:
    assert issubclass(exc, policy_trace.PolicyTraceError)
    assert issubclass(exc, Exception)
    assert exc.__module__ == "policy_trace"
    assert exc.__doc__


@pytest.mark.parametrize("exc", EXCEPTIONS, ids=lambda exc: exc.__name__)
def test_exceptions_pickle(exc: type[BaseException]) -> None:
    error = exc("x.txt: the file is empty")
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is exc
    assert again.args == error.args


def test_the_one_warning() -> None:
    warnings = {obj for obj in vars(policy_trace).values() if inspect.isclass(obj) and issubclass(obj, Warning)}
    assert warnings == {policy_trace.CJKFontWarning}
    assert issubclass(policy_trace.CJKFontWarning, UserWarning)
    assert "CJKFontWarning" in policy_trace.__all__


def test_format_version_error_is_a_parse_error() -> None:
    assert issubclass(policy_trace.FormatVersionError, policy_trace.ParseError)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.txt"
    with pytest.raises(policy_trace.DocumentIOError) as info:
        policy_trace.load(path)
    assert str(path) in str(info.value)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(policy_trace.DocumentIOError, match="directory") as info:
        policy_trace.load(tmp_path)
    assert str(tmp_path) in str(info.value)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("scan.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b" \r\n\t\n", "white space"),
        ("nul.txt", "一、总体要求".encode() + b"\x00\x00binary", "NUL"),
    ],
)
def test_not_text(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(policy_trace.NotTextError, match=reason) as info:
        policy_trace.load(path)
    assert str(path) in str(info.value)


def test_unknown_reference() -> None:
    with pytest.raises(policy_trace.UnknownReferenceError, match="guobanfa-2017-4") as info:
        policy_trace.reference("guobanfa-1999-1")
    assert "guobanfa-1999-1" in str(info.value)


def test_list_documents_of_a_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(policy_trace.DocumentIOError, match="missing"):
        policy_trace.list_documents(tmp_path / "missing")


def test_invalid_level() -> None:
    with pytest.raises(policy_trace.InvalidOptionError, match="level.*planetary"):
        policy_trace.parse("（一）深化改革。", level="planetary")


def test_invalid_json() -> None:
    with pytest.raises(policy_trace.ParseError, match="JSON"):
        policy_trace.Document.from_json("{not json")


def test_other_format_version(national: policy_trace.Document) -> None:
    data = national.to_dict()
    data["format_version"] = 99
    with pytest.raises(policy_trace.FormatVersionError, match="99"):
        policy_trace.Document.from_json(__import__("json").dumps(data))


def test_bad_pickle_payloads(national: policy_trace.Document) -> None:
    with pytest.raises(policy_trace.ParseError):
        policy_trace.Document._from_bytes(b"")
    with pytest.raises(policy_trace.ParseError):
        policy_trace.Document._from_bytes(b"\x01garbage")
    with pytest.raises(policy_trace.FormatVersionError):
        policy_trace.Document._from_bytes(b"\x63" + national.__reduce__()[1][0][1:])
    with pytest.raises(policy_trace.ParseError, match="no node"):
        policy_trace.Node._from_path(national, [999])


@pytest.mark.parametrize("in_thread_pool", [False, True], ids=["calling-thread", "rayon-worker"])
def test_a_rust_panic_becomes_internal_error(national: policy_trace.Document, in_thread_pool: bool) -> None:
    # A panic in Rust (here from the hidden test-only hook, since nothing in the library panics
    # on purpose) reaches Python as InternalError, a PolicyTraceError: `except Exception` and
    # `except PolicyTraceError` catch it, unlike pyo3's own PanicException (a BaseException).
    with pytest.raises(policy_trace.InternalError, match="deliberate panic") as info:
        _native._test_panic("deliberate panic", in_thread_pool)
    assert isinstance(info.value, policy_trace.PolicyTraceError)
    assert "please report it" in str(info.value)
    try:
        _native._test_panic("caught by except Exception")
    except Exception as exc:  # noqa: BLE001 - the point of the test
        assert type(exc) is policy_trace.InternalError
    # The interpreter, the GIL released around the panicking call, the thread pool and the
    # objects made before are fine afterwards.
    assert policy_trace.parse("一、总体要求\n（一）深化商事制度改革。实行“多证合一”。").clause_count() == 1
    assert policy_trace.align(national, national).links
    assert policy_trace.compare(national, [national], threads=2).alignments[0].links
