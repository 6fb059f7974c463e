"""docs/cnnlab-in-jupyter.ipynb, executed top to bottom by a real Jupyter kernel (nbclient +
ipykernel), then its outputs checked against published numbers (REFERENCE.md)."""

from pathlib import Path

import pytest

nbclient = pytest.importorskip("nbclient")
nbformat = pytest.importorskip("nbformat")
pytest.importorskip("ipykernel")

NOTEBOOK = Path(__file__).parents[1] / "docs" / "cnnlab-in-jupyter.ipynb"


@pytest.fixture(scope="module")
def cells(tmp_path_factory):
    """The executed notebook's code cells by id (the kernel starts in an empty folder)."""
    folder = tmp_path_factory.mktemp("kernel")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    with pytest.MonkeyPatch.context() as mp:  # the kernel's profile and connection files
        mp.setenv("IPYTHONDIR", str(folder / ".ipython"))
        mp.setenv("JUPYTER_RUNTIME_DIR", str(folder / ".runtime"))
        client = nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                                         resources={"metadata": {"path": str(folder)}})
        client.execute()
    return {cell.id: cell for cell in notebook.cells if cell.cell_type == "code"}


def html_of(cell):
    (output,) = [o for o in cell.outputs if o.output_type == "execute_result"]
    assert {"text/html", "text/markdown", "text/plain"} <= set(output.data)
    return output.data["text/html"]


def test_every_cell_ran_without_a_traceback(cells):
    for cell in cells.values():
        assert cell.execution_count is not None, cell.id
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.id


def test_shape_magic_shows_ngs_table(cells, html_tables):
    tables, text = html_tables.read_html(html_of(cells["shape"]))
    (table,) = tables
    shapes = [row[2] for row in table.body]
    assert shapes == ["39×39×3", "37×37×10", "17×17×20", "7×7×40", "1960", "10"]
    assert table.foot[0][4] == "44,950"
    assert "input 39×39×3 (H×W×C)" in text


def test_library_report_displays_and_gives_integers(cells, html_tables):
    tables, _ = html_tables.read_html(html_of(cells["library"]))
    params = [row[4] for row in tables[0].body[1:] if row[4] not in ("", "0")]
    assert params == ["608", "3,216", "48,120", "10,164", "850"]  # REFERENCE.md, Ng's LeNet-5
    (result,) = cells["library-numbers"].outputs
    assert result.data["text/plain"] == "([608, 3216, 48120, 10164, 850], 62958)"


def test_bottleneck_comparison(cells, html_tables):
    tables, _ = html_tables.read_html(html_of(cells["complexity"]))
    a, b, comparison = tables
    assert a.foot[0][3] == "5,898,240,000"  # NNDL 5-4, REFERENCE.md
    assert b.foot[0][3] == "1,638,400,000"
    assert comparison.body[0][:3] == ["time", "5,898,240,000", "1,638,400,000"]
    assert comparison.body[2][:3] == ["activations", "2,560,000", "3,200,000"]


def test_json_magic_returns_data(cells):
    (result,) = cells["json"].outputs
    assert result.data["text/plain"] == "(4089184256, 25557032)"  # torchvision's ResNet-50


def test_a_mistake_is_one_line_on_stderr(cells):
    (output,) = cells["mistake"].outputs
    assert output.output_type == "stream" and output.name == "stderr"
    assert output.text.count("\n") == 1
    assert output.text.startswith("error: layer 1 'conv:f=7,k=4' (input 5×5×3): window does ")


def test_check_here_names_the_wrong_function_and_its_line(cells, html_tables):
    tables, text = html_tables.read_html(html_of(cells["check"]))
    rows = {row[0]: row[1:4] for row in tables[0].body}
    assert rows == {"zero_pad": ["pass", "pass", "4/4"], "conv_backward": ["fail", "pass", "4/6"]}
    count = cells["student"].execution_count
    line = cells["student"].source.splitlines().index(
        "        dA_prev[i] = dA_prev_pad[i, pad:-pad, pad:-pad, :]") + 1
    assert f"likely mistake at In [{count}], line {line}: crops the padding" in text
    assert "1 of 2 functions pass" in text


def test_the_fixed_function_passes(cells, html_tables):
    tables, text = html_tables.read_html(html_of(cells["check-again"]))
    assert [row[:4] for row in tables[0].body] == [["conv_backward", "pass", "pass", "6/6"]]
    assert "1 of 1 functions pass; 6 of 6 checks passed" in text


def test_the_proof_is_typeset_maths(cells):
    (output,) = [o for o in cells["prove"].outputs if o.output_type == "execute_result"]
    assert "text/html" not in output.data  # Markdown with $$…$$: Jupyter typesets it
    markdown = output.data["text/markdown"]
    assert "$$ z = C x \\implies \\delta x = C^{\\top} \\delta z $$" in markdown
    assert "✓ PROVED" in markdown
    assert output.data["text/latex"].startswith("% cnnlab prove: needs \\usepackage{amsmath")
