"""The example notebook (examples/quickstart.ipynb) runs top to bottom, headless."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from conftest import REPO, system_has_cjk_font

NOTEBOOK = REPO / "examples" / "quickstart.ipynb"


def test_quickstart_runs_and_draws_the_heat_map() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    # The committed notebook carries no outputs: they are made here.
    assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code")
    # Raises CellExecutionError (naming the cell and the error) when a cell fails.
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    heat_map = [cell for cell in nb.cells if cell.cell_type == "code" and "plot_coverage()" in cell.source]
    assert len(heat_map) == 1
    assert any("image/png" in output.get("data", {}) for output in heat_map[0].outputs)
    # The comparison's cell shows its HTML table; the side-by-side cell marks shared text.
    outputs = [output for cell in nb.cells if cell.cell_type == "code" for output in cell.outputs]
    html = "".join(output.get("data", {}).get("text/html", "") for output in outputs)
    assert '<table class="policy-trace-comparison">' in html
    assert "<mark>" in html
    assert not [output for output in outputs if output.output_type == "error"]
    # No warning (a deprecation…) reached the notebook's standard error, but the one saying that
    # the heat map labels with ids, on a system without a CJK font.
    stderr = "".join(output.get("text", "") for output in outputs if output.get("name") == "stderr")
    if system_has_cjk_font():
        assert stderr == ""
    else:
        assert "CJKFontWarning" in stderr
        assert stderr.count("Warning") == 1
