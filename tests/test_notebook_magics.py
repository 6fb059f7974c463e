"""``%load_ext cnnlab`` in an in-process IPython: the ``%cnnlab`` magic runs the CLI's commands
through the CLI's own parser; reports display as tables; the CLI never imports IPython."""

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

pytest.importorskip("IPython")

from cnnlab.cli import app  # noqa: E402
from cnnlab.network import Network, walk  # noqa: E402
from cnnlab.render.complexity_views import ComparisonView  # noqa: E402
from cnnlab.render.views import ShapeView, TextView  # noqa: E402
from cnnlab.shape import parse_shape  # noqa: E402
from cnnlab.spec import parse_items  # noqa: E402

runner = CliRunner()
LENET = "32x32x3 conv:f=5,k=8 pool:max,f=2 conv:f=5,k=16 pool:max,f=2 fc:120 fc:84 fc:10"


@pytest.fixture(scope="module")
def shell(tmp_path_factory):
    from IPython.core.interactiveshell import InteractiveShell

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("IPYTHONDIR", str(tmp_path_factory.mktemp("ipython")))
        ip = InteractiveShell.instance()
        ip.history_manager.enabled = False
        ip.run_line_magic("load_ext", "cnnlab")
        yield ip


def magic(shell, line):
    return shell.run_line_magic("cnnlab", line)


def test_shape_magic_returns_the_report_that_displays_as_the_table(shell):
    view = magic(shell, f"shape {LENET}")
    assert isinstance(view, ShapeView)
    shape, _ = parse_shape("32x32x3")
    report = walk(Network(parse_items(LENET.split()[1:])), shape)
    assert view.report == report
    formats, _ = shell.display_formatter.format(view)
    assert formats["text/html"] == ShapeView(report).html()
    assert formats["text/markdown"] == ShapeView(report).markdown()
    assert formats["text/plain"] == repr(view)
    assert "62,958" in formats["text/html"]  # Ng's LeNet-5-like total


@pytest.mark.parametrize("line", [
    "shape 5x5x3 conv:f=7,k=4",  # a mistake found by the library (exit 1)
    "shape 8x8x3 conv:f=3,q=1",
    "shape --bogus 8x8x3",  # a misused command line found by the command (exit 2)
    "shape --layout xx 8x8x3",  # found by the parser itself (exit 2)
    "shape --batch 0 8x8x3 relu",
    "complexity --model nosuchnet",
    "complexity 8x8x3 conv:f=3,k=4 --input 9x9x3",
    "nosuchcommand",
])
def test_a_mistake_is_the_cli_message_on_one_line(shell, line, capsys):
    cli = runner.invoke(app, line.split())
    assert cli.exit_code in (1, 2)
    cli_line = [x for x in cli.stderr.splitlines() if x.startswith("error:")]
    assert magic(shell, line) is None
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1 and err.startswith("error: ")
    assert "Traceback" not in err
    if cli_line:  # the parser's own errors are drawn in a box by the CLI: same words
        assert err.strip() == cli_line[0]
    else:
        words = err.removeprefix("error: ").split()
        assert " ".join(words) in " ".join(cli.stderr.replace("│", " ").split())


def test_unclosed_quote_is_one_line(shell, capsys):
    assert magic(shell, "shape 8x8x3 'conv:f=3") is None
    assert capsys.readouterr().err == (
        "error: cannot split the command line: No closing quotation\n"
    )


def test_json_gives_the_data_of_the_cli(shell):
    data = magic(shell, f"shape {LENET} --json")
    cli = runner.invoke(app, ["shape", *LENET.split(), "--json"])
    assert data == json.loads(cli.stdout)


def test_complexity_vs_and_formula_mode(shell):
    view = magic(shell, "complexity 100x100x256 conv:f=3,k=256,p=same "
                        "--vs 'conv:f=1,k=64 conv:f=3,k=256,p=same'")
    assert isinstance(view, ComparisonView)
    assert [(x.a, x.b) for x in view.comparison.lines[:2]] == [(5898240000, 1638400000),
                                                               (590080, 164160)]
    text = magic(shell, "cnnlab shape --n 6 --f 3 --p 1 --s 2")  # a leading 'cnnlab' is fine
    assert isinstance(text, TextView)
    assert "= ⌊(6 + 2·1 − 3)/2⌋ + 1 = 3" in repr(text)


def test_commands_without_a_table_display_their_text(shell):
    view = magic(shell, "zoo")
    assert isinstance(view, TextView)
    assert "resnet50" in repr(view)
    assert "<pre" in view.html() and "resnet50" in view.html()


def test_help_prints_and_returns_nothing(shell, capsys):
    assert magic(shell, "shape --help") is None
    assert "Usage: cnnlab shape" in capsys.readouterr().out
    assert magic(shell, "") is None
    assert "Usage: cnnlab" in capsys.readouterr().out


def test_variables_are_expanded_as_in_any_line_magic(shell):
    shell.user_ns["layers"] = "conv:f=3,k=8 relu"
    shell.run_cell("view = %cnnlab shape 8x8x3 $layers", store_history=False)
    assert shell.user_ns["view"].report.output.format() == "6×6×8"


def test_library_reports_display_as_tables(shell):
    from cnnlab.complexity import analyse
    from cnnlab.complexity.compare import compare
    from cnnlab.zoo import load_model

    a, b = analyse(load_model("nndl-5-4")), analyse(load_model("nndl-5-4-bottleneck"))
    for report, view in ((a.network, ShapeView(a.network)), (compare(a, b),
                                                             ComparisonView(compare(a, b)))):
        formats, _ = shell.display_formatter.format(report)
        assert formats["text/html"] == view.html()
        assert formats["text/plain"] == repr(report)
    assert "5,898,240,000" in shell.display_formatter.format(a)[0]["text/html"]


def run_python(code):
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_importing_cnnlab_inside_ipython_registers_the_display():
    out = run_python(
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "ip = InteractiveShell.instance()\n"
        "from cnnlab.zoo import load_model\n"
        "from cnnlab.network import walk\n"
        "print(sorted(ip.display_formatter.format(walk(load_model('lenet5')))[0]))\n"
    )
    assert out.strip() == "['text/html', 'text/markdown', 'text/plain']"


def test_the_cli_and_the_core_never_import_ipython():
    out = run_python(
        "import sys, atexit\n"
        "atexit.register(lambda: print(' '.join(sorted(sys.modules))))\n"
        "sys.argv = ['cnnlab', 'shape', '8x8x3', 'conv:f=3,k=4']\n"
        "from cnnlab.cli import main\n"
        "import cnnlab.complexity, cnnlab.network, cnnlab.render.views\n"
        "main()\n"
    )
    modules = out.splitlines()[-1].split()
    assert "cnnlab.cli.shape" in modules
    assert not [m for m in modules if m.split(".")[0] in ("IPython", "ipykernel", "traitlets")]
    assert not [m for m in modules if m.startswith(("cnnlab.notebook", "cnnlab.render.html"))]


def test_complexity_counts_the_batch_written_in_the_shape(shell):
    view = magic(shell, "complexity 2x16x16x8 conv:f=3,k=8")
    assert view.report.batch == 2
    assert view.report.forward == 2 * (14 * 14 * 8) * (3 * 3 * 8)  # MACs, counted by hand
    data = magic(shell, "complexity 2x16x16x8 conv:f=3,k=8 --json")
    assert data["batch"] == 2 and data["totals"]["time"] == view.report.forward
    assert "batch 2" in view.html() and f"{view.report.forward:,}" in view.html()
