"""One resolver for what a command analyses: layers, a network file, a built-in model."""

from __future__ import annotations

import pytest

from cnnlab.errors import SpecError
from cnnlab.shape import Layout, Shape
from cnnlab.sources import resolve, resolve_design


def test_layers_need_an_input_and_keep_the_batch_written_with_it():
    source = resolve(["conv:f=3,k=8 relu"], input="4x8x8x3", name="tiny")
    assert (source.input, source.batch, source.network.name) == (Shape(3, 8, 8), 4, "tiny")
    assert [item.text for item in source.network.items] == ["conv:f=3,k=8", "relu"]
    with pytest.raises(SpecError, match="need an input shape"):
        resolve(["relu"])


def test_a_model_by_alias_and_an_input_override_in_nchw():
    source = resolve(model="ResNet-18", input="3x160x160", layout=Layout.NCHW)
    assert (source.model, source.input, source.network.input) == (
        "resnet18", Shape(3, 160, 160), Shape(3, 224, 224))


def test_a_network_file(tmp_path):
    path = tmp_path / "net.toml"
    path.write_text('input = "8x8x1"\nlayers = ["conv:f=3,k=2", "flatten"]\n', encoding="utf-8")
    source = resolve(file=path)
    assert (source.network.input, source.input, source.model) == (Shape(1, 8, 8), None, None)


@pytest.mark.parametrize("given", [{}, {"layers": ["relu"], "model": "vgg16"}])
def test_exactly_one_network(given):
    with pytest.raises(SpecError, match="give one network"):
        resolve(input="8x8x3", **given)


def test_a_design_is_a_model_if_one_has_that_name_else_layers():
    assert resolve_design(" vgg16 ").name == "vgg16"
    assert resolve_design("relu").items[0].text == "relu"  # a kind, not a model
    with pytest.raises(SpecError, match="unknown layer kind 'resnet5'.*nor is it a built-in model"):
        resolve_design("resnet5")
    with pytest.raises(SpecError, match="empty"):
        resolve_design("  ")
