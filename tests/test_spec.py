"""The layer language and network files: parsing, round trips, errors that point at the token."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnnlab.arith import Padding, PadMode
from cnnlab.errors import SpecError
from cnnlab.layers import Activation, Conv2d, ConvTranspose2d, Linear, Pool2d, PoolMode
from cnnlab.network import Block, Join, LayerNode, walk
from cnnlab.shape import Layout, Shape, parse_shape
from cnnlab.spec import KINDS, load_network, parse_items, parse_layer, parse_network


def test_conv_with_every_key_and_aliases():
    text = "conv:kernel=3x5,filters=16,stride=2,pad=1/2/0/1,dilation=2,groups=2,bias=no"
    layer = parse_layer(text)
    assert layer == Conv2d(16, (3, 5), (2, 2), Padding(PadMode.EXPLICIT, (1, 2, 0, 1)), (2, 2), 2,
                           False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pool:max,f=2,s=2", Pool2d(PoolMode.MAX, (2, 2), (2, 2))),
        ("maxpool:f=3,s=2,ceil", Pool2d(PoolMode.MAX, (3, 3), (2, 2), ceil_mode=True)),
        ("avgpool:f=2", Pool2d(PoolMode.AVG, (2, 2))),
        ("fc:120", Linear(120)),
        ("dense:n=10,nobias", Linear(10, bias=False)),
        ("DECONV:f=4,k=8,s=2,p=1,op=1", ConvTranspose2d(8, (4, 4), (2, 2), Padding.symmetric(1),
                                                       output_padding=(1, 1))),
        ("dropout:0.5", Activation("dropout", "0.5")),
        ("relu", Activation("relu")),
    ],
)
def test_layer_kinds(text, expected):
    assert parse_layer(text) == expected


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("valid", PadMode.VALID),
        ("same", PadMode.SAME),
        ("full", PadMode.FULL),
        ("tf-same", PadMode.TF_SAME),
        ("SAME-TF", PadMode.TF_SAME),
    ],
)
def test_padding_modes(text, mode):
    assert parse_layer(f"conv:f=3,k=1,p={text}").padding.mode is mode


pairs = st.tuples(st.integers(1, 7), st.integers(1, 7))
paddings = st.one_of(
    st.sampled_from([Padding(m) for m in PadMode if m is not PadMode.EXPLICIT]),
    st.tuples(*[st.integers(0, 3)] * 4).map(lambda a: Padding(PadMode.EXPLICIT, a)),
)


@given(
    k=st.integers(1, 512), f=pairs, s=pairs, p=paddings, d=pairs, g=st.sampled_from([1, 2, 4]),
    bias=st.booleans(),
)
def test_conv_round_trips_through_its_spec(k, f, s, p, d, g, bias):
    layer = Conv2d(k, f, s, p, d, g, bias)
    assert parse_layer(layer.spec()) == layer


@given(mode=st.sampled_from(list(PoolMode)), f=pairs, s=st.none() | pairs, ceil=st.booleans())
def test_pool_round_trips_through_its_spec(mode, f, s, ceil):
    layer = Pool2d(mode, f, s, ceil_mode=ceil)
    parsed = parse_layer(layer.spec())
    assert (parsed.mode, parsed.kernel, parsed.step, parsed.ceil_mode) == (
        mode, f, layer.step, ceil,
    )


def test_every_kind_example_parses():
    for kind in KINDS:
        layer = parse_layer(kind.example)
        assert parse_layer(layer.spec()) == layer


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("conv:f=3,q=2", "unknown key 'q' for conv; it accepts f, k, s, p, d, g, bias and the"),
        ("conv:f=3", r"missing key k= \(number of filters"),
        ("conv:k=8", r"missing key f= \(kernel size"),
        ("conv:f=3,k=8,s=0", "s=0: must be >= 1"),
        ("conv:f=-3,k=8", "f=-3: must be >= 1"),
        ("conv:f=3,k=8,p=1/2", "explicit padding takes 4 numbers"),
        ("conv:f=3,k=8,p=lots", "expected valid, same, full, tf-same"),
        ("conv:f=3,k=8,,s=1", "empty argument"),
        ("conv:f=3,k=8,f=5", "key f is given twice"),
        ("conv:", "nothing after ':'"),
        ("conv:f=3,k=", "k= has no value"),
        ("convolution:f=3", r"unknown layer kind 'convolution' \(did you mean conv\?\)"),
        ("blah", "unknown layer kind 'blah'; known kinds: conv, dwconv, convT"),
        ("pool:f=2", "say max or avg"),
        ("pool:max,avg,f=2", "give one mode"),
        ("fc:ten", "n=ten: expected a whole number"),
        ("dropout:1.5", "expected a number between 0 and 1"),
        ("relu:3", "unexpected '3' for relu"),
    ],
)
def test_errors_quote_the_token_and_say_what_is_accepted(text, message):
    with pytest.raises(SpecError, match=message) as caught:
        parse_layer(text)
    assert f"cannot read layer {text!r}" in str(caught.value)


def test_sequence_with_repeats():
    items = parse_items(["2*[conv:f=3,k=8,p=1 relu]", "3*bn"])
    assert [item.text for item in items] == ["conv:f=3,k=8,p=1", "relu"] * 2 + ["bn"] * 3


def test_blocks_parse_into_branches():
    (block,) = parse_items(["concat[conv:f=1,k=8", "|", "conv:f=1,k=4 conv:f=3,k=8,p=1]"])
    assert isinstance(block, Block) and block.join is Join.CONCAT
    assert [len(b) for b in block.branches] == [1, 2]
    (res,) = parse_items(["res[ conv:f=3,k=8,p=1 bn | conv:f=1,k=8 ]"])
    assert res.join is Join.ADD and res.text == "res (projection shortcut)"
    (identity,) = parse_items(["res[conv:f=3,k=8,p=1]"])
    assert identity.branches[1] == () and identity.text == "res (identity shortcut)"


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        (["concat[conv:f=1,k=8 | relu"], r"'concat\[' is never closed"),
        (["relu ]"], r"'\]' without a matching '\['"),
        (["relu | relu"], "'|' outside a block"),
        (["concat[relu]"], "needs two branches or more"),
        (["res[]"], "needs at least one layer"),
        (["res[relu | relu | relu]"], "at most two branches"),
        (["loop[relu]"], r"unknown block 'loop\['"),
        (["0*relu"], "repeat count must be >= 1"),
        (["relu", "conv:f=3,q=1"], "argument 3: cannot read layer 'conv:f=3,q=1'"),
    ],
)
def test_sequence_errors(texts, message):
    with pytest.raises(SpecError, match=message):
        parse_items(texts, [f"argument {i + 2}" for i in range(len(texts))])


@pytest.mark.parametrize(
    ("text", "layout", "expected"),
    [
        ("39x39x3", Layout.NHWC, (Shape(3, 39, 39), None)),
        ("39×39×3", Layout.NHWC, (Shape(3, 39, 39), None)),
        ("8x32x32x3", Layout.NHWC, (Shape(3, 32, 32), 8)),
        ("3x224x224", Layout.NCHW, (Shape(3, 224, 224), None)),
        ("784", Layout.NHWC, (Shape(784), None)),
    ],
)
def test_shapes(text, layout, expected):
    assert parse_shape(text, layout) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0x5x3", "every size must be a positive integer, got 0"),
        ("-1x5x3", "got -1"),
        ("32x32", "two numbers are ambiguous"),
        ("32xx3", "expected H×W×C"),
        ("1x2x3x4x5", "expected H×W×C"),
        ("axbxc", "'a' is not a whole number"),
    ],
)
def test_bad_shapes(text, message):
    with pytest.raises(SpecError, match=message):
        parse_shape(text)


NETWORK = """
name = "tiny"
source = "a test"
input = "16x16x3"
notes = "a note"
layers = [
  "conv:f=3,k=8,p=same relu",
  { layer = "conv:f=3,k=8,p=1", name = "CONV2" },
  { residual = ["conv:f=3,k=8,p=1", "bn"] },
  { concat = [["conv:f=1,k=4"], "conv:f=1,k=4 conv:f=3,k=4,p=1"] },
  { repeat = 2, layers = ["relu"] },
  { block = "down", k = 16 },
]

[blocks.down]
layers = ["conv:f=3,k={k},s=2,p=1", "bn"]
"""


def test_network_file():
    net = parse_network(NETWORK)
    assert (net.name, net.source, net.input, net.notes) == ("tiny", "a test", Shape(3, 16, 16),
                                                            ("a note",))
    texts = [getattr(item, "text", None) for item in net.items]
    assert texts == [
        "conv:f=3,k=8,p=same", "relu", "conv:f=3,k=8,p=1", "res (identity shortcut)",
        "concat (2 branches)", "relu", "relu", "conv:f=3,k=16,s=2,p=1", "bn",
    ]
    assert isinstance(net.items[2], LayerNode) and net.items[2].name == "CONV2"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("layers = [", "not valid TOML"),
        ('input = "8x8x1"', "no layers"),
        ('layers = ["relu"]\nsize = 3', "unknown key 'size'; accepted: name, source"),
        ('layers = [{ lyr = "relu" }]', r"layers\[0\]: unknown key 'lyr'"),
        ('layers = [{ block = "nope" }]', "unknown block 'nope'; blocks: none defined"),
        ('layers = [{ repeat = 0, layers = ["relu"] }]',
         r"layers\[0\]\.repeat: expected a whole number from 1"),
        ('layers = [{ concat = [["relu"]] }]', "two branches or more"),
        ('layers = ["relu", "conv:f=3,x=1"]', r"net.toml: layers\[1\]: cannot read layer"),
        ('layers = [{ block = "b" }]\n[blocks.b]\nlayers = ["fc:{n}"]', "needs a value for 'n'"),
        ('input = "3x3"\nlayers = ["relu"]', "input: cannot read shape"),
        ('layout = "hwcn"\nlayers = ["relu"]', "layout: expected nhwc or nchw"),
    ],
)
def test_network_file_errors_name_the_place(text, message):
    with pytest.raises(SpecError, match=message):
        parse_network(text, "net.toml")


def test_network_file_in_nchw_layout():
    net = parse_network('layout = "nchw"\ninput = "3x32x16"\nlayers = ["relu"]')
    assert net.input == Shape(3, 32, 16)


EXAMPLES = sorted((Path(__file__).parent.parent / "docs" / "examples").glob("*.toml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_documented_example_files_load_and_walk(path):
    report = walk(load_network(path))
    assert report.rows and report.params > 0


def test_documented_lenet5_like_example_has_the_published_total():
    net = load_network(Path(__file__).parent.parent / "docs" / "examples" / "lenet5-like.toml")
    report = walk(net)
    assert report.params == 62958
    assert [r.name for r in report.rows[:2]] == ["CONV1", "POOL1"]
