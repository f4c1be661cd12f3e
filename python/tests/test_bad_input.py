"""The catalogue of bad input (docs/bad-input.md) from Python: what cannot be read raises a typed
exception naming the file; what can be read is parsed, with what went wrong in its diagnostics."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import policy_trace

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and symbolic links as on POSIX")


def test_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(policy_trace.DocumentIOError, match="named pipe") as info:
        policy_trace.load(fifo)
    assert str(fifo) in str(info.value)
    # A folder lists it rather than leaving it out unsaid.
    assert fifo in policy_trace.list_documents(tmp_path)


def test_an_unopenable_file_is_refused_by_name(tmp_path: Path) -> None:
    loop = tmp_path / "loop.txt"
    loop.symlink_to("loop.txt")
    with pytest.raises(policy_trace.DocumentIOError, match="symbolic links") as info:
        policy_trace.load(loop)
    assert str(loop) in str(info.value)


def test_bytes_in_no_chinese_encoding_are_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"1. Caf\xe9 cr\xe8me br\xfbl\xe9e.\n2. Na\xefve r\xe9sum\xe9 fa\xe7ade d\xe9j\xe0 vu.\n")
    doc = policy_trace.load(path)
    assert "Café crème" in doc.text
    warnings = [d["message"] for d in doc.diagnostics if d["severity"] == "warning"]
    assert any("neither UTF-8 nor a Chinese encoding" in m for m in warnings), warnings


def test_mixed_encodings_are_decoded_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(
        "一、总体要求\n（一）深化商事制度改革，实行多证合一。\n".encode()
        + "（二）加强产权保护，完善政务信息资源共享管理办法。\n".encode("gbk")
    )
    doc = policy_trace.load(path)
    assert "完善政务信息资源共享管理办法" in doc.text
    assert any("mixed encodings" in d["message"] for d in doc.diagnostics)


def test_a_national_document_without_clauses_names_its_file(tmp_path: Path) -> None:
    path = tmp_path / "title-only.txt"
    path.write_text("国务院办公厅关于测试的意见\n国办发〔2099〕1号\n", encoding="utf-8")
    national = policy_trace.load(path)
    local = policy_trace.parse("（一）深化商事制度改革，实行多证合一。")
    with pytest.raises(policy_trace.EmptyReferenceError, match="title-only.txt"):
        policy_trace.align(national, local)


def test_odd_text_is_parsed_and_kept() -> None:
    for text in [
        "1. Promote reform (of the business system.\n2. Protect \"property rights.\n",
        "一、总体要求\n（一）深化商事制度改革（省市场监管局牵头。\n（二）“加强产权保护。《完善信息共享\n",
        "三、最后一部分\n（二）第二项措施。\n二、回到前面\n（一）第一项措施。\n",
        "甲" * 200_000,
    ]:
        doc = policy_trace.parse(text)
        kept = "".join(node.text for node in doc.iter_nodes())
        for word in ["reform", "加强产权保护", "第一项措施", "甲甲甲"]:
            if word in text:
                assert word in kept, (word, text[:40])


def test_a_fifo_among_the_files_of_a_folder_is_refused_not_skipped(tmp_path: Path) -> None:
    (tmp_path / "henan.txt").write_text("一、总体要求\n（一）深化商事制度改革。\n", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    for pattern in [None, "*.txt"]:
        with pytest.raises(policy_trace.DocumentIOError, match="pipe.txt: is a named pipe"):
            policy_trace.load_dir(tmp_path, pattern=pattern)


def test_a_fifo_manifest_is_refused(tmp_path: Path) -> None:
    (tmp_path / "henan.txt").write_text("一、总体要求\n（一）深化商事制度改革。\n", encoding="utf-8")
    os.mkfifo(tmp_path / "manifest.json")
    with pytest.raises(policy_trace.DocumentIOError, match="manifest.json: not a regular file"):
        policy_trace.load_dir(tmp_path)
