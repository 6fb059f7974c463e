"""Proofs in a notebook: ``%cnnlab prove …`` and the library's ``Proof`` display as Markdown with
typeset maths (and LaTeX for nbconvert), the same text ``cnnlab prove --markdown`` prints."""

import json
import re

import pytest
from typer.testing import CliRunner

pytest.importorskip("IPython")

from cnnlab.cli import app  # noqa: E402
from cnnlab.render.proof_views import ProofView  # noqa: E402

runner = CliRunner()
LINE = "prove transpose --size 4x4 --kernel 3x3"


@pytest.fixture(scope="module")
def shell(tmp_path_factory):
    from IPython.core.interactiveshell import InteractiveShell

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("IPYTHONDIR", str(tmp_path_factory.mktemp("ipython")))
        ip = InteractiveShell.instance()
        ip.history_manager.enabled = False
        ip.extension_manager.load_extension("cnnlab")
        yield ip


def cli(*args):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_proof_displays_as_the_markdown_and_latex_of_the_cli(shell):
    view = shell.run_line_magic("cnnlab", LINE)
    assert isinstance(view, ProofView)
    formats, _ = shell.display_formatter.format(view)
    assert set(formats) == {"text/plain", "text/markdown", "text/latex"}  # maths, not a <pre>
    assert formats["text/markdown"].rstrip("\n") == cli(*LINE.split(), "--markdown").rstrip("\n")
    assert formats["text/latex"].rstrip("\n") == cli(*LINE.split(), "--latex").rstrip("\n")
    assert "$$ z = C x \\implies \\delta x = C^{\\top} \\delta z $$" in formats["text/markdown"]
    assert formats["text/plain"] == f"<ProofView {view.proof!r}>"
    assert re.fullmatch(r"Proof\(transpose, input x 4×4×1, kernel W 3×3, .*, C 4×16, "
                        r"36 nonzero: holds, [\d,]+ entries checked\)", repr(view.proof))


def test_json_and_the_library_object(shell):
    data = shell.run_line_magic("cnnlab", f"{LINE} --json")
    assert data == json.loads(cli(*LINE.split(), "--json"))
    from cnnlab.symbolic.transpose import prove_transpose

    proof = prove_transpose()
    formats, _ = shell.display_formatter.format(proof)
    assert formats["text/markdown"] == ProofView(proof).markdown()
    assert formats["text/plain"] == repr(proof) and repr(proof).startswith("Proof(transpose, ")


@pytest.mark.parametrize(("line", "message"), [
    ("prove transpose --size 4x", "error: cannot read size '4x': expected MxN (e.g. 3x3) or N"),
    ("prove transpose --bogus",
     "error: No such option: --bogus (see cnnlab prove transpose --help)"),
    ("prove nosuch", "error: No such command 'nosuch'. (see cnnlab prove --help)"),
])
def test_prove_mistakes_are_one_line(shell, capsys, line, message):
    assert shell.run_line_magic("cnnlab", line) is None
    out, err = capsys.readouterr()
    assert (out, err) == ("", message + "\n")
    assert runner.invoke(app, line.split()).stderr == message + "\n"  # the CLI's own line


def test_the_cli_still_exits_with_the_sub_commands_codes():
    assert runner.invoke(app, ["prove", "transpose", "--bogus"]).exit_code == 2
    assert runner.invoke(app, ["prove", "transpose", "--size", "4x"]).exit_code == 1
    assert runner.invoke(app, ["prove", "transpose", "--size", "3x3"]).exit_code == 0
