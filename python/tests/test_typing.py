"""The hand-written stubs match the built module, and the package type-checks."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO

ALLOWLIST = REPO / "python" / "stubtest-allowlist.txt"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, check=False)


def test_stubtest() -> None:
    args = ["mypy.stubtest", "policy_trace._native"]
    if ALLOWLIST.exists():
        args += ["--allowlist", str(ALLOWLIST)]
    result = run(*args)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict() -> None:
    # [tool.mypy] in pyproject.toml: strict, over python/policy_trace and python/tests.
    result = run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr
