"""Progress bars for long runs (``progress=`` of ``load_dir``, ``load_many`` and ``compare``).

``progress=True`` shows a ``tqdm.auto`` bar (a widget in Jupyter, text on a terminal) and needs
tqdm (``pip install 'policy-trace[progress]'``); ``False`` shows none. ``None``, the default,
shows one when the run is long (at least ``AUTO_MIN_ITEMS`` documents), the session is
interactive (an IPython shell such as a Jupyter kernel, or standard error on a terminal) and tqdm is installed: scripts,
batch jobs and tests stay quiet.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any

__all__ = ["AUTO_MIN_ITEMS", "Bar", "bar", "interactive"]

AUTO_MIN_ITEMS = 50
"""The number of documents from which ``progress=None`` shows a bar in an interactive session."""


def interactive() -> bool:
    """Whether a person is probably watching: an IPython shell (a Jupyter kernel, IPython in a
    terminal), or standard error on a terminal."""
    ipython = sys.modules.get("IPython")
    get_ipython = getattr(ipython, "get_ipython", None)
    if get_ipython is not None and get_ipython() is not None:
        return True
    stream = sys.stderr
    return stream is not None and hasattr(stream, "isatty") and stream.isatty()


class Bar:
    """A progress bar, or nothing. Use as a context manager; ``update(n)`` advances it."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    @property
    def shown(self) -> bool:
        """Whether a tqdm bar is drawn."""
        return self._inner is not None

    def update(self, n: int) -> None:
        if self._inner is not None:
            self._inner.update(n)

    def set_description(self, text: str) -> None:
        if self._inner is not None:
            self._inner.set_description(text)

    def __enter__(self) -> Bar:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._inner is not None:
            self._inner.close()


def bar(progress: bool | None, *, total: int, desc: str, unit: str = "doc") -> Bar:
    """A bar for `total` items when `progress` asks for one (see the module's description).

    Raises ``ImportError`` naming the extra when ``progress=True`` and tqdm is missing, and
    ``TypeError`` when `progress` is not a bool or None.
    """
    if progress is not None and not isinstance(progress, bool):
        raise TypeError(f"progress must be True, False or None, not {progress!r}")
    if progress is False or (progress is None and (total < AUTO_MIN_ITEMS or not interactive())):
        return Bar(None)
    try:
        from tqdm.auto import tqdm
    except ImportError as e:
        if progress is None:
            return Bar(None)
        raise ImportError("progress=True needs tqdm: pip install 'policy-trace[progress]'") from e
    return Bar(tqdm(total=total, desc=desc, unit=unit))
