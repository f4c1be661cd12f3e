"""Shared fixtures. Tests read only the repository's own data (data/corpus, data/reference)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import policy_trace

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "data" / "corpus"
REFERENCE = REPO / "data" / "reference"

# The five bundled corpus documents, by short name.
CORPUS_FILES = {
    "binhai": "binhai-2020-key-tasks.txt",
    "guangdong": "guangdong-2017-forwarding-notice.txt",
    "henan": "henan-2017-implementing-opinions.txt",
    "qingdao": "qingdao-2020-new-economy-opinions.txt",
    "tianjin": "tianjin-2017-implementing-opinions.txt",
}


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    assert CORPUS.is_dir(), f"the bundled corpus is missing: {CORPUS}"
    return CORPUS


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    assert REFERENCE.is_dir(), f"the bundled references are missing: {REFERENCE}"
    return REFERENCE


@pytest.fixture(scope="session")
def corpus(corpus_dir: Path) -> dict[str, policy_trace.Document]:
    """The five corpus documents, loaded once per session."""
    return {name: policy_trace.load(corpus_dir / file) for name, file in CORPUS_FILES.items()}


@pytest.fixture(params=sorted(CORPUS_FILES))
def corpus_doc(request: pytest.FixtureRequest, corpus: dict[str, policy_trace.Document]) -> policy_trace.Document:
    """Each corpus document in turn."""
    name: str = request.param
    return corpus[name]


@pytest.fixture(scope="session")
def national() -> policy_trace.Document:
    """国办发〔2017〕4号, the built-in national reference."""
    return policy_trace.reference("guobanfa-2017-4")


def system_has_cjk_font() -> bool:
    """Whether the system has a font with Chinese glyphs, asked of fontconfig (independently of
    matplotlib and of `policy_trace.plot.find_cjk_font`)."""
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
    except FileNotFoundError:
        return False
    return bool(out.strip())
