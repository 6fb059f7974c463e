"""The ptflops row says which ptflops it reproduces: version 0.7.5 with count_functional=False.
Its default also counts ReLU and pooling through the functional hooks, a second time."""

from typer.testing import CliRunner

from cnnlab.cli import app
from cnnlab.complexity import analyse
from cnnlab.complexity.flop_counters import Tool, reconcile
from cnnlab.zoo import load_model

PTFLOPS_DEFAULT_RESNET50 = 4_132_436_968        # ptflops 0.7.5, count_functional=True


def test_the_default_counts_activations_and_pooling_twice():
    (count,) = [c for c in reconcile(analyse(load_model("resnet50"))) if c.tool is Tool.PTFLOPS]
    twice = sum(value for name, value in count.parts if name in ("activations", "pooling"))
    assert count.total + twice == PTFLOPS_DEFAULT_RESNET50


def test_explain_states_the_version_and_the_flag():
    result = CliRunner().invoke(app, ["complexity", "--explain"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "ptflops 0.7.5" in text and "count_functional=False" in text
    assert "4,132,436,968" in text
