"""`load_dir`, `load_many` and `read_manifest`: files, folders, globs and caller metadata."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import policy_trace
from conftest import CORPUS, CORPUS_FILES

TEXT = "一、总体要求\n（一）深化商事制度改革。实行“多证合一”。\n"


def manifest() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, dict[str, str]]] = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    return data["documents"]


def test_load_dir_honours_the_manifest() -> None:
    docs = policy_trace.load_dir(CORPUS)
    assert [d.id for d in docs] == sorted(Path(f).stem for f in CORPUS_FILES.values())
    entries = manifest()
    for doc in docs:
        entry = entries[doc.id + ".txt"]
        assert doc.metadata["locality"] == entry["locality"]
        assert doc.metadata["level"] == entry["level"]
    # The same documents as load() with the manifest's options, which is what the CLI does.
    for doc in docs:
        entry = entries[doc.id + ".txt"]
        assert doc == policy_trace.load(CORPUS / f"{doc.id}.txt", locality=entry["locality"], level=entry["level"])


def test_read_manifest() -> None:
    assert policy_trace.read_manifest(CORPUS) == manifest()


def test_manifest_off_and_caller_metadata_wins(tmp_path: Path) -> None:
    docs = policy_trace.load_dir(CORPUS, manifest=False)
    assert docs == [policy_trace.load(CORPUS / f"{d.id}.txt") for d in docs]
    assert docs != policy_trace.load_dir(CORPUS)
    docs = policy_trace.load_dir(
        CORPUS,
        metadata={"level": "municipal", "date": "2017-03-01"},
        file_metadata={"henan-2017-implementing-opinions.txt": {"locality": "河南", "title": "河南的意见"}},
    )
    by_id = {d.id: d for d in docs}
    assert all(d.metadata["level"] == "municipal" for d in docs)
    henan = by_id["henan-2017-implementing-opinions"]
    assert henan.metadata["locality"] == "河南"
    # The manifest still supplies what the caller does not.
    assert by_id["qingdao-2020-new-economy-opinions"].metadata["locality"] == "青岛市"


def test_pattern_and_nested_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "notes.md").write_text(TEXT, encoding="utf-8")
    (tmp_path / "manifest.json").write_text(
        json.dumps({"documents": {"sub/b.txt": {"locality": "天津", "level": "province", "date": "2017-03-01"}}}),
        encoding="utf-8",
    )
    assert [d.id for d in policy_trace.load_dir(tmp_path)] == ["a"]
    docs = policy_trace.load_dir(tmp_path, pattern="**/*.txt", file_metadata={"a.txt": {"locality": "北京"}})
    assert [d.id for d in docs] == ["a", "b"]
    assert docs[0].metadata["locality"] == "北京"
    assert docs[1].metadata["locality"] == "天津"
    assert docs[1].metadata["level"] == "provincial"
    assert [d.id for d in policy_trace.load_dir(tmp_path, pattern="*.md")] == ["notes"]


def test_load_many(tmp_path: Path) -> None:
    shutil.copy(CORPUS / CORPUS_FILES["henan"], tmp_path / "henan.txt")
    files = [CORPUS / CORPUS_FILES["tianjin"], tmp_path / "henan.txt"]
    docs = policy_trace.load_many(
        files, metadata={"level": "provincial"}, file_metadata={"henan.txt": {"locality": "河南省"}}
    )
    assert [d.id for d in docs] == ["tianjin-2017-implementing-opinions", "henan"]
    assert docs[1].metadata["locality"] == "河南省"
    assert all(d.metadata["level"] == "provincial" for d in docs)
    # A folder among the paths is loaded as load_dir loads it.
    docs = policy_trace.load_many([CORPUS])
    assert docs == policy_trace.load_dir(CORPUS)
    with pytest.raises(TypeError, match="list of paths"):
        policy_trace.load_many(str(CORPUS))


def test_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(policy_trace.DocumentIOError, match="no such directory"):
        policy_trace.load_dir(tmp_path / "missing")
    with pytest.raises(policy_trace.DocumentIOError, match=r"no file matches '\*\.doc'"):
        policy_trace.load_dir(CORPUS, pattern="*.doc")
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(policy_trace.NotTextError, match="empty.txt"):
        policy_trace.load_dir(tmp_path)
    (tmp_path / "empty.txt").write_text(TEXT, encoding="utf-8")
    with pytest.raises(policy_trace.InvalidOptionError, match=r"empty\.txt.*unknown level"):
        policy_trace.load_dir(tmp_path, metadata={"level": "galactic"})
    with pytest.raises(policy_trace.InvalidOptionError, match="unknown metadata key 'province'"):
        policy_trace.load_dir(tmp_path, metadata={"province": "天津"})
    with pytest.raises(policy_trace.InvalidOptionError, match="'other.txt', which is not among the files"):
        policy_trace.load_dir(tmp_path, file_metadata={"other.txt": {"locality": "天津"}})
    with pytest.raises(policy_trace.DocumentIOError, match="missing.txt"):
        policy_trace.load_many([tmp_path / "missing.txt"])
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "empty.txt").write_text(TEXT, encoding="utf-8")
    with pytest.raises(policy_trace.InvalidOptionError, match="document id 'empty' is already"):
        policy_trace.load_dir(tmp_path, pattern="**/*.txt")


@pytest.mark.parametrize(
    ("content", "message"),
    [("{", "not valid JSON"), ('{"docs": {}}', 'no "documents" object'), ('{"documents": {"a.txt": 3}}', "a.txt")],
)
def test_bad_manifest(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "manifest.json").write_text(content, encoding="utf-8")
    with pytest.raises(policy_trace.ParseError, match=message) as info:
        policy_trace.load_dir(tmp_path)
    assert "manifest.json" in str(info.value)
    assert [d.id for d in policy_trace.load_dir(tmp_path, manifest=False)] == ["a"]


def test_manifest_with_unknown_level(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "manifest.json").write_text('{"documents": {"a.txt": {"level": "galactic"}}}', encoding="utf-8")
    with pytest.raises(policy_trace.InvalidOptionError, match=r"a\.txt.*galactic"):
        policy_trace.load_dir(tmp_path)


def test_progress_bar(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = policy_trace.load_dir(CORPUS, progress=True)
    assert len(docs) == 5
    err = capsys.readouterr().err
    assert "5/5" in err
    policy_trace.load_dir(CORPUS, progress=False)
    policy_trace.load_dir(CORPUS)  # auto: five documents, not a long run
    assert capsys.readouterr().err == ""
    with pytest.raises(TypeError, match="progress must be"):
        policy_trace.load_dir(CORPUS, progress="yes")  # type: ignore[arg-type]


def test_load_files_gives_what_load_gives_one_by_one(tmp_path: Path) -> None:
    from policy_trace._native import load_files

    paths = [CORPUS / name for name in CORPUS_FILES.values()]
    jobs = [(path, {"locality": f"地方{i}", "date": "2020-01-02"}) for i, path in enumerate(paths)]
    docs = load_files(jobs, tld="cn")
    assert [d.id for d in docs] == [p.stem for p in paths]
    assert docs == [policy_trace.load(p, tld="cn", locality=meta["locality"], date=meta["date"]) for p, meta in jobs]
    # The first file that fails, in the order given, is the one named.
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b"")
    with pytest.raises(policy_trace.NotTextError, match="a.txt"):
        load_files([(paths[0], {}), (tmp_path / "a.txt", {}), (tmp_path / "b.txt", {})])
    with pytest.raises(policy_trace.InvalidOptionError, match=r"b\.txt.*unknown level"):
        load_files([(tmp_path / "b.txt", {"level": "galactic"})])
    with pytest.raises(policy_trace.InvalidOptionError, match='b\\.txt.*unknown option "province"'):
        load_files([(tmp_path / "b.txt", {"province": "天津"})])
