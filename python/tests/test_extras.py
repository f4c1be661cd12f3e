"""Each optional dependency, when missing, gives an ImportError naming the extra to install."""

from __future__ import annotations

import importlib
import sys

import pytest

import policy_trace


def test_dask_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    # A None entry in sys.modules makes `import distributed` raise ImportError.
    monkeypatch.setitem(sys.modules, "distributed", None)
    monkeypatch.delitem(sys.modules, "policy_trace.dask", raising=False)
    with pytest.raises(ImportError, match=r"pip install 'policy-trace\[dask\]'"):
        importlib.import_module("policy_trace.dask")


def test_core_package_does_not_import_optional_dependencies() -> None:
    import subprocess

    code = (
        "import sys, policy_trace\n"
        "c = policy_trace.compare(policy_trace.reference('guobanfa-2017-4'), [])\n"
        "print(sorted(m for m in ('dask', 'distributed', 'pandas', 'networkx', 'matplotlib', 'tqdm') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_progress_extra(monkeypatch: pytest.MonkeyPatch, national: policy_trace.Document) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    with pytest.raises(ImportError, match=r"pip install 'policy-trace\[progress\]'"):
        policy_trace.compare(national, [national], progress=True)
    # Without tqdm, the automatic choice shows no bar rather than failing.
    assert policy_trace.compare(national, [national]) == policy_trace.compare(national, [national], progress=False)
