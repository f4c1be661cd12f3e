"""The coverage heat map of a ``Comparison``: measures × localities, coloured by adoption kind.

``Comparison.plot_coverage()`` calls :func:`plot_coverage`. matplotlib is imported when first
needed (``pip install 'policy-trace[plot]'``).

Chinese labels need a font with CJK glyphs. :func:`find_cjk_font` looks for one among the fonts
matplotlib knows, then among the system's fonts (``fonts-noto-cjk`` on Debian, WenQuanYi, Source
Han, SimHei, Microsoft YaHei, PingFang…). Without one, the plot labels rows and columns with
ASCII ids instead of Chinese names and warns once with :class:`CJKFontWarning`: it never draws
boxes in place of missing glyphs.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from policy_trace._native import Comparison

__all__ = ["KIND_COLOURS", "CJKFontWarning", "find_cjk_font", "plot_coverage"]

# Adoption kinds, from the strongest to none, and their colours (colour-blind-safe: the
# "Okabe-Ito" blue and orange, plus greys).
KIND_COLOURS: Mapping[str, str] = {
    "verbatim": "#0b4f8a",
    "adapted": "#4a90c8",
    "partial": "#a9cce8",
    "forwarded": "#e69f00",
    "omitted": "#eeeeee",
}

# Family names of CJK fonts, preferred in this order (Simplified Chinese first).
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "STHeiti",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "AR PL UMing CN",
    "Droid Sans Fallback",
    "Arial Unicode MS",
)

# A font "has CJK" when it covers these characters (common in policy text and locality names).
PROBE = "中国政策省市区县办发号实施意见"

LabelMode = Literal["auto", "names", "ids"]


class CJKFontWarning(UserWarning):
    """No font with Chinese glyphs was found: the heat map labels rows and columns with ids."""


def _matplotlib() -> Any:
    try:
        import matplotlib
    except ImportError as e:
        raise ImportError("this needs matplotlib: pip install 'policy-trace[plot]'") from e
    return matplotlib


def _covers(path: str, text: str) -> bool:
    """Whether the font file at `path` (its first face) has a glyph for every character of `text`."""
    from matplotlib import ft2font

    try:
        charmap = ft2font.FT2Font(path).get_charmap()
    except (OSError, RuntimeError, ValueError):
        return False
    return all(ord(c) in charmap for c in text)


@functools.cache
def find_cjk_font() -> str | None:
    """The family name of a font with Chinese glyphs, or ``None`` when the system has none.

    Looks at the fonts matplotlib knows (the preferred families of ``CJK_FAMILIES`` first, then
    any that covers common Chinese characters), then at system fonts matplotlib's cache does not
    list yet (a font installed after the cache was built), which it registers. The answer is
    cached; ``find_cjk_font.cache_clear()`` looks again.
    """
    _matplotlib()
    from matplotlib import font_manager

    fm = font_manager.fontManager
    by_name: dict[str, str] = {}
    for entry in fm.ttflist:
        by_name.setdefault(entry.name, entry.fname)
    for family in CJK_FAMILIES:
        if family in by_name and _covers(by_name[family], PROBE):
            return family
    for name, path in sorted(by_name.items()):
        if _covers(path, PROBE):
            return name
    known = {entry.fname for entry in fm.ttflist}
    for path in sorted(font_manager.findSystemFonts()):
        if path not in known and _covers(path, PROBE):
            fm.addfont(path)
            return str(font_manager.FontProperties(fname=path).get_name())
    return None


_warned = False


def _warn_no_cjk_font() -> None:
    global _warned
    if _warned:
        return
    _warned = True
    warnings.warn(
        "no font with Chinese glyphs was found, so the coverage plot labels rows and columns with ids;"
        " install one (Debian/Ubuntu: apt-get install fonts-noto-cjk) and restart Python",
        CJKFontWarning,
        stacklevel=3,
    )


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def plot_coverage(
    comparison: Comparison,
    *,
    ax: Axes | None = None,
    labels: LabelMode = "auto",
    score_alpha: bool = True,
    annotate: bool = False,
    measure_text: int = 14,
) -> Axes:
    """Draws the coverage heat map: one row per national measure (in document order), one column
    per local document (in the order compared), each cell coloured by the adoption kind.

    - ``ax``: the Axes to draw on (default: a new figure sized to the matrix).
    - ``labels``: ``"names"`` labels columns with localities and rows with measure ids and the
      start of their text; ``"ids"`` with document and measure ids only (ASCII); ``"auto"``
      (default) uses names when a CJK font is found (:func:`find_cjk_font`), and otherwise ids
      with a :class:`CJKFontWarning`, given once per session. ``"names"`` without a CJK font
      also falls back to ids and warns.
    - ``score_alpha``: fades adopted cells with a low alignment score (alpha 0.35 to 1).
    - ``annotate``: writes each adopted cell's score in it.
    - ``measure_text``: how many characters of a measure's text follow its id in ``"names"``
      mode (0: the id only).

    Returns the Axes, so that the caller can restyle it; the figure is ``ax.figure``.
    """
    if labels not in ("auto", "names", "ids"):
        from policy_trace import InvalidOptionError

        raise InvalidOptionError(f"labels must be 'auto', 'names' or 'ids', not {labels!r}")
    _matplotlib()
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_rgba
    from matplotlib.patches import Patch

    report = comparison.report().to_dict()
    docs = [loc["doc"] for loc in report["localities"]]
    measures = [m["measure"] for m in report["measures"]]

    font = find_cjk_font() if labels != "ids" else None
    names = font is not None
    if labels != "ids" and font is None:
        _warn_no_cjk_font()

    columns = [_column_label(doc, i, names) for i, doc in enumerate(docs)]
    rows = [_row_label(m, names, measure_text) for m in measures]

    image = []
    for m in report["measures"]:
        row = []
        for cell in m["cells"]:
            kind = cell["kind"] or "omitted"
            r, g, b, _ = to_rgba(KIND_COLOURS[kind])
            alpha = 1.0
            if score_alpha and cell["kind"] is not None:
                alpha = 0.35 + 0.65 * max(0.0, min(1.0, float(cell["score"])))
            row.append((r, g, b, alpha))
        image.append(row)

    if ax is None:
        width = 2.5 + 0.9 * max(len(columns), 1) + (0.14 * measure_text if names else 0.0)
        height = 1.5 + 0.24 * max(len(rows), 1)
        _, ax = plt.subplots(figsize=(width, height), layout="constrained")
    assert ax is not None
    text_props: dict[str, Any] = {"fontfamily": font} if names else {}
    ax.imshow(image, aspect="auto", interpolation="nearest")
    ax.set_xticks(range(len(columns)), columns, rotation=45, ha="right", **text_props)
    ax.set_yticks(range(len(rows)), rows, **text_props)
    ax.tick_params(length=0)
    national = report["national"]
    title = national.get("doc_number") if names else None
    ax.set_title(f"Coverage of {title or national['id']}", **text_props)
    if annotate:
        for i, m in enumerate(report["measures"]):
            for j, cell in enumerate(m["cells"]):
                if cell["kind"] is not None:
                    colour = "white" if cell["kind"] in ("verbatim", "adapted") else "black"
                    ax.text(j, i, f"{float(cell['score']):.2f}", ha="center", va="center", fontsize=7, color=colour)
    handles = [Patch(facecolor=colour, edgecolor="#999999", label=kind) for kind, colour in KIND_COLOURS.items()]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, title="kind")
    return ax


def _column_label(doc: Mapping[str, Any], index: int, names: bool) -> str:
    if names and doc.get("locality"):
        return str(doc["locality"])
    doc_id = str(doc["id"])
    # Without a CJK font even an id with Chinese characters would draw as boxes.
    return doc_id if names or doc_id.isascii() else f"doc{index + 1}"


def _row_label(measure: Mapping[str, Any], names: bool, measure_text: int) -> str:
    measure_id = str(measure["id"])
    if not names or measure_text <= 0:
        return measure_id
    return f"{measure_id} {_shorten(str(measure['text']), measure_text)}"

