"""``cnnlab zoo`` lists from the registry and the files' headers: those must be what analysing
each file gives (the analysis is the oracle), and listing must not analyse anything."""

import json

import pytest
from typer.testing import CliRunner

import cnnlab.complexity
import cnnlab.complexity.analysis
from cnnlab.cli import app
from cnnlab.complexity import analyse
from cnnlab.zoo import MODELS, list_models, load_model

runner = CliRunner()


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.name)
def test_the_listing_is_what_the_analysis_gives(model):
    (listed,) = [listing for m, listing in list_models() if m is model]
    report = analyse(load_model(model.name))
    assert (listed.params, listed.time) == (report.params, report.time)
    assert listed.network.input == report.network.input
    assert (listed.network.source, listed.network.notes) == (report.network.source,
                                                             report.network.notes)


def test_examples_can_be_left_out():
    names = [m.name for m, _ in list_models(examples=False)]
    assert "resnet50" in names and "nndl-5-4" not in names


def test_zoo_analyses_nothing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("cnnlab zoo analysed a model")

    monkeypatch.setattr(cnnlab.complexity, "analyse", refuse)
    monkeypatch.setattr(cnnlab.complexity.analysis, "analyse", refuse)
    result = runner.invoke(app, ["zoo", "--json"])
    assert result.exit_code == 0, result.output
    models = {m["name"]: m for m in json.loads(result.output)}
    assert models["resnet50"]["macs"] == 4_089_184_256
    assert models["vgg16"]["input"]["text"] == "224×224×3"
