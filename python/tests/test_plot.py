"""`Comparison.plot_coverage()`: the heat map, its CJK labels, and the fallback to ids."""

from __future__ import annotations

import io
import sys
import warnings
from collections.abc import Iterator

import matplotlib
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.colors import to_rgba

import policy_trace
from policy_trace import plot

from conftest import CORPUS, system_has_cjk_font


@pytest.fixture(scope="module")
def comparison(national: policy_trace.Document) -> policy_trace.Comparison:
    return policy_trace.compare(national, policy_trace.load_dir(CORPUS))


@pytest.fixture(autouse=True)
def fresh_state() -> Iterator[None]:
    """Each test looks for fonts afresh and may be warned again."""
    plot.find_cjk_font.cache_clear()
    plot._warned = False
    yield
    plot.find_cjk_font.cache_clear()
    plot._warned = False
    plt.close("all")


def draw(ax: matplotlib.axes.Axes) -> list[str]:
    """Renders the figure to PNG and returns the messages of the warnings drawing gave
    (matplotlib warns "Glyph … missing from font(s)" where it would draw a box)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        buffer = io.BytesIO()
        figure = ax.get_figure(root=True)
        assert figure is not None
        figure.savefig(buffer, format="png")
    assert buffer.getvalue().startswith(b"\x89PNG")
    return [str(w.message) for w in caught]


def report_columns(comparison: policy_trace.Comparison) -> list[str]:
    return [loc["doc"]["id"] for loc in comparison.report().to_dict()["localities"]]


def labels(ax: matplotlib.axes.Axes) -> tuple[list[str], list[str]]:
    return [t.get_text() for t in ax.get_xticklabels()], [t.get_text() for t in ax.get_yticklabels()]


def test_heat_map_cells(comparison: policy_trace.Comparison) -> None:
    ax = comparison.plot_coverage(labels="ids", score_alpha=False)
    image = ax.get_images()[0].get_array()
    assert image is not None
    assert image.shape == (40, 5, 4)
    table = comparison.coverage()
    # Columns in the coverage report's order.
    columns = report_columns(comparison)
    for row in table.itertuples(index=False):
        i = [m["id"] for m in comparison.measures].index(row.measure_id)
        j = columns.index(row.doc_id)
        assert tuple(image[i, j]) == pytest.approx(to_rgba(plot.KIND_COLOURS[row.kind]))
    cols, rows = labels(ax)
    assert cols == columns
    assert rows == [m["id"] for m in comparison.measures]
    assert draw(ax) == []


def test_score_alpha_and_annotations(comparison: policy_trace.Comparison) -> None:
    ax = comparison.plot_coverage(labels="ids", annotate=True)
    image = ax.get_images()[0].get_array()
    assert image is not None
    table = comparison.coverage()
    adopted = table[table["kind"] != "omitted"]
    assert len(ax.texts) == len(adopted)
    alphas = {round(float(a), 6) for a in image[..., 3].ravel()}
    assert 1.0 in alphas and min(alphas) >= 0.35 and len(alphas) > 2


def test_chinese_labels_render_or_fall_back(comparison: policy_trace.Comparison) -> None:
    """With a CJK font on the system the labels are Chinese and draw without missing glyphs;
    without one the plot says so once and uses ids. Either way, no boxes."""
    has_font = system_has_cjk_font()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax = comparison.plot_coverage()
    font_warnings = [w for w in caught if issubclass(w.category, policy_trace.CJKFontWarning)]
    cols, rows = labels(ax)
    if has_font:
        font = plot.find_cjk_font()
        assert font is not None
        assert font_warnings == []
        assert "广东省" in cols and "天津市滨海新区" in cols
        assert all(not label.isascii() for label in rows)
        assert {t.get_fontfamily()[0] for t in ax.get_xticklabels()} == {font}
    else:
        assert plot.find_cjk_font() is None
        assert len(font_warnings) == 1
        assert all(label.isascii() for label in cols + rows)
    missing = [m for m in draw(ax) if "missing from font" in m]
    assert missing == []


def test_no_cjk_font_falls_back_to_ids_and_warns_once(
    comparison: policy_trace.Comparison, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plot, "find_cjk_font", lambda: None)
    with pytest.warns(policy_trace.CJKFontWarning, match="fonts-noto-cjk"):
        ax = comparison.plot_coverage()
    cols, rows = labels(ax)
    assert cols == report_columns(comparison)
    assert rows == [m["id"] for m in comparison.measures]
    assert ax.get_title() == "Coverage of guobanfa-2017-4"
    assert [m for m in draw(ax) if "missing from font" in m] == []
    # Once per session: the second plot is silent.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        comparison.plot_coverage(labels="names")
    # A document id in Chinese is replaced by its position rather than drawn as boxes.
    local = policy_trace.parse(comparison.local_documents[0].text, id="天津")
    ax = policy_trace.compare(comparison.national_document, [local]).plot_coverage()
    assert labels(ax)[0] == ["doc1"]


def test_find_cjk_font_looks_at_system_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    """A CJK font missing from matplotlib's cache (installed after it was built) is found too."""
    if not system_has_cjk_font():
        assert plot.find_cjk_font() is None
        return
    from matplotlib import font_manager

    fm = font_manager.fontManager
    without = [f for f in fm.ttflist if not plot._covers(f.fname, plot.PROBE)]
    monkeypatch.setattr(fm, "ttflist", without)
    font = plot.find_cjk_font()
    assert font is not None
    assert any(f.name == font for f in fm.ttflist)


def test_ax_and_bad_option(comparison: policy_trace.Comparison) -> None:
    fig, ax = plt.subplots()
    assert comparison.plot_coverage(ax=ax, labels="ids") is ax
    with pytest.raises(policy_trace.InvalidOptionError, match="labels"):
        comparison.plot_coverage(labels="chinese")  # type: ignore[arg-type]


def test_missing_matplotlib_names_the_extra(
    comparison: policy_trace.Comparison, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A None entry in sys.modules makes `import matplotlib` raise ImportError.
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ImportError, match=r"pip install 'policy-trace\[plot\]'"):
        comparison.plot_coverage()
