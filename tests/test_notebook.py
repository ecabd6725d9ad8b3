"""The analysis notebook runs from top to bottom, draws its plots, and its saved outputs are those
a fresh run gives (so the copy in the repository cannot go stale).

After a change to the extraction, refresh the saved outputs with ``python -m tests.test_notebook``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from .support import REPO

NOTEBOOK = REPO / "notebooks" / "cross_plan_analysis.ipynb"
PLOTS = 4  # most cited, timeline, units, percentage targets


def execute(path: Path = NOTEBOOK) -> nbformat.NotebookNode:
    """Run every cell in a fresh kernel started in the notebook's folder; raises on any error."""
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return notebook


def text_outputs(notebook: nbformat.NotebookNode) -> list[list[str]]:
    """What each code cell printed or returned, as text (images left out: their bytes vary
    with the matplotlib version)."""
    return [[output.get("text") or output.get("data", {}).get("text/plain", "")
             for output in cell.outputs]
            for cell in notebook.cells if cell.cell_type == "code"]


def images(notebook: nbformat.NotebookNode) -> int:
    return sum("image/png" in output.get("data", {})
               for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs)


@pytest.fixture(scope="module")
def fresh() -> nbformat.NotebookNode:
    return execute()


def test_notebook_runs_and_draws_its_plots(fresh: nbformat.NotebookNode) -> None:
    assert images(fresh) == PLOTS
    assert not [o for cell in fresh.cells if cell.cell_type == "code" for o in cell.outputs
                if o.output_type == "error" or o.get("name") == "stderr"]


def test_saved_outputs_are_those_of_a_fresh_run(fresh: nbformat.NotebookNode) -> None:
    saved = nbformat.read(NOTEBOOK, as_version=4)
    assert images(saved) == PLOTS
    assert text_outputs(saved) == text_outputs(fresh), \
        "the saved notebook is stale: refresh it with `python -m tests.test_notebook`"


if __name__ == "__main__":
    nbformat.write(execute(), NOTEBOOK)
    sys.exit(0)
