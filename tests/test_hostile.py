"""The hostile battery: what users really type, each ending in one ``error:`` line, never a
traceback, a hang or an exit 0.

Every case asserts the exit code, that stderr is exactly one line ``error: …`` containing an
expected fragment, that stdout is empty (or, under ``--json``, one JSON error object), and
that it ends within ``LIMIT`` seconds (an interval timer interrupts a CliRunner case; the
cases that could block the process — a FIFO, a device, huge repeats — run in a subprocess
with a timeout and a memory limit).
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cnnlab.cli import app
from cnnlab.limits import MAX_FILE_BYTES
from cnnlab.spec.kinds import KINDS

LIMIT = 5.0
runner = CliRunner()


class TookTooLong(Exception):
    pass


def _alarm(signum, frame):
    raise TookTooLong(f"no answer within {LIMIT} s")


def run(args: list[str], cwd: Path | None = None):
    """Invoke the CLI in-process, interrupted if it runs past ``LIMIT`` seconds."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, LIMIT)
    try:
        if cwd is not None:
            here = os.getcwd()
            os.chdir(cwd)
        try:
            return runner.invoke(app, args, env={"COLUMNS": "80"})
        finally:
            if cwd is not None:
                os.chdir(here)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def assert_one_line_error(result, code: int, fragment: str) -> None:
    """Exit ``code``, no traceback, one ``error:`` line on stderr mentioning ``fragment``."""
    assert not isinstance(result.exception, TookTooLong), "hung"
    assert result.exit_code == code, (result.exit_code, result.output, result.exception)
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert fragment.lower() in lines[0].lower(), lines[0]
    assert len(lines[0]) < 600, "an error line a person can read"


# ---- the layer language: every kind, every key, every wrong value --------------------------

_NUMBER_KEYS = {"f", "k", "s", "d", "g", "m", "o", "n"}
_BAD_NUMBERS = ["1.5", "-3", "1x2x3", "9" * 13, "0"]
_BAD_VALUES = {
    "p": ["abc", "1/2/3", "-1", "1.5", "9" * 13, "1/2/3/x"],
    "op": ["abc", "-1", "1.5", "9" * 13],
    "bias": ["maybe", "2", "yes please"],
    "table": ["abc", "0+x", "0++1", "-1"],
    "ceil": ["maybe", "3"],
}
_BAD_RATE = ["abc", "1.5", "-0.1", "nan", "1"]


def _layer_cases() -> list[tuple[str, str]]:
    cases = []
    for kind in KINDS:
        cases.append((f"{kind.name}:zz=1", "unknown key 'zz'"))
        cases.append((f"{kind.name}:", "nothing after ':'"))
        cases.append((f"{kind.name}:nonsenseword", "cannot read layer"))
        for key in kind.keys:
            if key.name in _NUMBER_KEYS:
                bad = _BAD_NUMBERS
            elif kind.name in ("dropout", "leakyrelu"):
                bad = _BAD_RATE
            else:
                bad = _BAD_VALUES.get(key.name, ["abc"])
            cases += [(f"{kind.name}:{key.name}={value}", "cannot read layer") for value in bad]
            cases.append((f"{kind.name}:{key.name}=", "has no value"))
            cases.append((f"{kind.name}:{key.name}=1,{key.name}=1", "given twice"))
    return cases


@pytest.mark.parametrize(("layer", "fragment"), _layer_cases())
def test_every_kind_and_key_refuses_wrong_values(layer, fragment):
    assert_one_line_error(run(["shape", "16x16x4", layer]), 1, fragment)


LANGUAGE = [
    ("convolution", "unknown layer kind"),
    ("conv;f=3,k=2", "unknown layer kind"),
    ("conv:f=3", "missing key k="),
    ("conv:k=3", "missing key f="),
    ("pool:f=2", "say max or avg"),
    ("pool:max,avg,f=2", "one mode"),
    ("fc", "missing key n="),
    ("fc:10,20", "unexpected '20'"),
    ("rbf", "missing key n="),
    ("tableconv:f=5", "missing key table="),
    ("adaptivepool:max", "missing key o="),
    ("0*relu", "repeat count must be >= 1"),
    ("-1*relu", "repeat count must be >= 1"),
    ("0*[ relu ]", "repeat count must be >= 1"),
    ("99999999999999*relu", "at most 12 digits"),
    ("1000000000*relu", "expands to 1,000,000,000 layers"),
    ("1000000000*[ relu ]", "expands to 1,000,000,000 layers"),
    ("20001*relu", "expands to 20,001 layers"),
    ("100*[ 100*[ 100*[ relu ] ] ]", "expands to 1,000,000 layers"),
    ("2*[ " * 30 + "relu" + " ]" * 30, "expands to 1,073,741,824 layers"),
    ("res[ " * 40 + "relu" + " ]" * 40, "nested more than 32 deep"),
    ("res[ " * 330 + "relu" + " ]" * 330, "nested more than 32 deep"),
    ("concat[ " * 1000, "nested more than 32 deep"),
    ("res[ relu", "is never closed"),
    ("relu ]", "without a matching '['"),
    ("relu | relu", "'|' outside a block"),
    ("concat[ relu ]", "two branches or more"),
    ("add[ relu ]", "two branches or more"),
    ("res[ ]", "at least one layer"),
    ("res[ relu | relu | relu ]", "at most two branches"),
    ("2*[ relu | relu ]", "only separates branches"),
    ("foo[ relu ]", "unknown block 'foo['"),
    ("res[conv:f=3,k=32,p=1]", "addition needs every branch"),
    ("concat[ conv:f=3,k=4 | conv:f=1,k=4 ]", "concatenation needs the same"),
    ("add[ conv:f=1,k=4 | conv:f=1,k=5 ]", "addition needs every branch"),
    ("conv:f=17,k=2", "window does not fit"),
    ("conv:f=3,k=2,d=9", "window does not fit"),
    ("conv:f=3,k=5,g=2", "groups"),
    ("dwconv:f=3,k=6", "divisible"),
    ("convT:f=3,k=2,s=2,op=2", "output_padding"),
    ("convT:f=1,k=2,p=9", "no output"),
    ("pool:max,f=20", "window does not fit"),
    ("maxpool:f=2,p=2", "at most half the window"),
    ("avgpool:f=3,p=full", "at most half the window"),
    ("pool:max,f=2,p=0/2/0/0", "at most half the window"),
    ("maxpool:f=3,s=2,p=2,ceil", "at most half the window"),
    ("flatten conv:f=1,k=2", "needs an H×W×C input"),
    ("fc:10 pool:max,f=2", "needs an H×W×C input"),
    ("tableconv:f=5,table=lenet5", "table"),
    ("tableconv:f=3,table=0+9/1", "table"),
    ("conv:f=3,k=2 ,", "cannot read layer"),
    ("conv:f=3,,k=2", "empty argument"),
    ("x" * 10_000, "characters)"),
    ("conv:f=" + "9" * 5000 + ",k=2", "at most 12 digits"),
]


@pytest.mark.parametrize(("layers", "fragment"), LANGUAGE)
def test_layer_language_mistakes(layers, fragment):
    assert_one_line_error(run(["shape", "16x16x4", layers]), 1, fragment)


@pytest.mark.parametrize(("layers", "fragment"), LANGUAGE[::4])
def test_the_same_mistakes_in_complexity(layers, fragment):
    assert_one_line_error(run(["complexity", "16x16x4", layers]), 1, fragment)


# ---- shapes and options -----------------------------------------------------------------

SHAPES = [
    ("", "cannot read shape"),
    ("x", "cannot read shape"),
    ("3x3", "two numbers are ambiguous"),
    ("0x3x3", "positive"),
    ("-1x3x3", "positive"),
    ("1x2x3x4x5", "cannot read shape"),
    ("3.5x3x3", "not a whole number"),
    ("axbxc", "not a whole number"),
    ("3xx3", "cannot read shape"),
    ("3x3x", "cannot read shape"),
    ("9" * 13 + "x3x3", "at most 12 digits"),
    ("9" * 5000 + "x3x3", "characters)"),
    ("0x8x8x3", "positive"),
]


@pytest.mark.parametrize(("shape", "fragment"), SHAPES)
@pytest.mark.parametrize("command", ["shape", "complexity"])
def test_bad_input_shapes(command, shape, fragment):
    assert_one_line_error(run([command, shape, "relu"]), 1, fragment)


OPTIONS = [
    (["shape", "8x8x3"], 2, "no layers given"),
    (["shape", "8x8x3", ""], 1, "argument 2 is empty"),
    (["shape", "8x8x3", "relu", "  "], 1, "argument 3 is empty"),
    (["shape"], 2, "give an input shape"),
    (["shape", "8x8x3", "relu", "--bogus"], 2, "no such option"),
    (["shape", "8x8x3", "relu", "-z"], 2, "no such option"),
    (["shape", "8x8x3", "relu", "--batch", "0"], 2, "batch"),
    (["shape", "8x8x3", "relu", "--batch", "-4"], 2, "batch"),
    (["shape", "8x8x3", "relu", "--batch", "x"], 2, "batch"),
    (["shape", "8x8x3", "relu", "--layout", "hwc"], 2, "layout"),
    (["shape", "8x8x3", "relu", "--depth", "-1"], 2, "depth"),
    (["shape", "8x8x3", "relu", "--depth", "deep"], 2, "depth"),
    (["shape", "8x8x3", "relu", "--columns", "shape,nope"], 2, "unknown column 'nope'"),
    (["shape", "8x8x3", "relu", "--columns", ","], 2, "no column named"),
    (["shape", "8x8x3", "relu", "--columns", "params,params"], 2, "each column once"),
    (["shape", "--n", "6"], 2, "needs both --n"),
    (["shape", "--f", "3"], 2, "needs both --n"),
    (["shape", "--n", "0", "--f", "3"], 1, "must be >= 1"),
    (["shape", "--n", "x", "--f", "3"], 1, "whole number"),
    (["shape", "--n", "6", "--f", "0"], 1, "must be >= 1"),
    (["shape", "--n", "6", "--f", "3", "--s", "0"], 1, "must be >= 1"),
    (["shape", "--n", "6", "--f", "3", "--d", "0"], 1, "must be >= 1"),
    (["shape", "--n", "6", "--f", "3", "--p", "abc"], 1, "p=abc"),
    (["shape", "--n", "6", "--f", "3", "--p", "-1"], 1, "p=-1"),
    (["shape", "--n", "2", "--f", "4"], 1, "window does not fit"),
    (["shape", "--n", "6", "--f", "3", "--op", "-1"], 1, "op=-1"),
    (["shape", "--n", "6", "--f", "3", "--transposed", "--op", "3"], 1, "output_padding"),
    (["shape", "--n", "6", "--f", "3", "--s", "9" * 13], 1, "at most 12 digits"),
    (["shape", "--n", "6", "--f", "3", "8x8x3", "relu"], 2, "not both"),
    (["shape", "--file", "missing.toml"], 1, "cannot read network file"),
    (["shape", "--file", "net.toml", "8x8x3", "relu"], 2, "only an input shape may follow"),
    (["shape", "--file", "net.toml", "bad"], 1, "cannot read shape"),
    (["complexity"], 2, "give an input shape"),
    (["complexity", "8x8x3"], 2, "no layers given"),
    (["complexity", "8x8x3", ""], 1, "argument 2 is empty"),
    (["complexity", "8x8x3", "relu", "--bogus"], 2, "no such option"),
    (["complexity", "8x8x3", "relu", "--count", "gflops"], 1, "gflops"),
    (["complexity", "8x8x3", "relu", "--count", ""], 1, "count"),
    (["complexity", "8x8x3", "relu", "--dtype", "float8"], 1, "float8"),
    (["complexity", "8x8x3", "relu", "--scope", "everything"], 1, "everything"),
    (["complexity", "8x8x3", "relu", "--symbolic", "--notation", "greek"], 1, "greek"),
    (["complexity", "8x8x3", "relu", "--notation", "ng"], 2, "--notation only applies"),
    (["complexity", "8x8x3", "relu", "--batch", "0"], 2, "batch"),
    (["complexity", "8x8x3", "relu", "--depth", "-1"], 2, "depth"),
    (["complexity", "8x8x3", "relu", "--batch", "many"], 2, "batch"),
    (["complexity", "8x8x3", "relu", "--input", "8x8x3"], 2, "--input"),
    (["complexity", "8x8x3", "relu", "--model", "vgg16"], 2, "give one of"),
    (["complexity", "8x8x3", "relu", "--vs", ""], 1, "second design is empty"),
    (["complexity", "8x8x3", "relu", "--vs", "conv:f=9,k=2"], 1, "window does not fit"),
    (["complexity", "8x8x3", "relu", "--vs", "nosuchmodel"], 1, "nosuchmodel"),
    (["complexity", "8x8x3", "relu", "--vs", "1000000000*[ relu ]"], 1, "expands to"),
    (["complexity", "8x8x3", "relu", "--layout", "chw"], 2, "layout"),
    (["complexity", "--model", "nosuchnet"], 1, "nosuchnet"),
    (["complexity", "--model", ""], 2, "give an input shape"),
    (["complexity", "--model", "resnet50", "--input", "3x3"], 1, "ambiguous"),
    (["complexity", "--model", "vgg16", "--input", "8x8x3"], 1, "window does not fit"),
    (["complexity", "--model", "resnet50", "--example", "nndl-5-4"], 2, "give one of"),
    (["complexity", "--example", "nosuch"], 1, "nosuch"),
    (["complexity", "--example", "nndl-5-4", "--batch", "2"], 2, "one sample"),
    (["complexity", "--example", "nndl-5-4", "--input", "8x8x3"], 2, "its own input"),
    (["complexity", "--example", "nndl-5-4", "--vs", "relu"], 2, "compares"),
    (["complexity", "--explain", "--vs", "vgg16"], 2, "drop --vs"),
    (["complexity", "--explain", "--symbolic"], 2, "drop --symbolic"),
    (["complexity", "--file", "missing.toml"], 1, "cannot read network file"),
    (["complexity", "--file", "net.toml", "--input", "x"], 1, "cannot read shape"),
    (["complexity", "8x8x3", "relu", "--batch", "4", "--json", "--bogus"], 2, "no such option"),
    (["complexity", "4x8x8x3", "relu", "--batch", "8"], 2, "--batch"),
    (["complexity", "--model", "resnet50", "--input", "4x224x224x3", "--batch", "8"], 2,
     "--batch"),
    (["shape", "4x8x8x3", "relu", "--batch", "8"], 2, "--batch"),
    (["layers", "--bogus"], 2, "bogus"),
    (["zoo", "--bogus"], 2, "bogus"),
    (["nosuchcommand"], 2, "nosuchcommand"),
]


@pytest.mark.parametrize(("args", "code", "fragment"), OPTIONS)
def test_options_misused(args, code, fragment, tmp_path):
    (tmp_path / "net.toml").write_text('input = "8x8x3"\nlayers = ["relu"]\n')
    result = run(args, tmp_path)
    if code == 2 and "Usage:" in result.stderr:  # typer's own usage errors: a framed message
        assert result.exit_code == 2 and "Traceback" not in result.output
        assert fragment.lower() in result.stderr.lower()
        return
    assert_one_line_error(result, code, fragment)


# ---- network files: every field with every wrong type -----------------------------------

_TYPES = ("5", "2.5", "true", '["x"]', "{ a = 1 }", "1979-05-27")
_RELU = 'layers = ["relu"]\n'


def _field_cases() -> list[tuple[str, str]]:
    cases = []
    for key in ("name", "source", "input", "layout"):
        for value in _TYPES:
            if value == '["x"]' and key == "notes":
                continue
            cases.append((f"{key} = {value}\n{_RELU}", f"{key}: expected"))
    for value in _TYPES:
        if value != "5":
            cases.append((f"batch = {value}\n{_RELU}", "batch: expected a whole number"))
        if value != '["x"]':
            cases.append((f"notes = {value}\n{_RELU}", "notes: expected a string or an array"))
        cases.append((f"layers = [{value}]", "layers[0]"))
        cases.append((f"layers = [{{ layer = {value} }}]", "layers[0].layer"))
        cases.append((f"layers = [{{ layer = \"relu\", name = {value} }}]", "name: expected"))
        cases.append((f"layers = [{{ concat = {value} }}]", "concat"))
        cases.append((f"layers = [{{ add = [{value}, \"relu\"] }}]", "add[0]"))
        cases.append((f"layers = [{{ residual = {value} }}]", "residual"))
        cases.append((f"layers = [{{ residual = \"relu\", shortcut = {value} }}]", "shortcut"))
        if value != "5":
            cases.append((f"layers = [{{ repeat = {value}, layers = [\"relu\"] }}]", "repeat"))
        cases.append((f"layers = [{{ repeat = 2, layers = {value} }}]", "layers"))
        cases.append((f"layers = [{{ block = {value} }}]", "block"))
        cases.append((f"{_RELU}blocks = {value}", "blocks"))
        cases.append((f"{_RELU}[blocks.b]\nlayers = {value}", "blocks.b"))
    for value in ("5", "2.5", "true", "1979-05-27", '"x"'):
        cases.append((f"{_RELU}[blocks]\nb = {value}", "blocks.b: expected a table"))
    return [case for case in cases if "layers = [\"x\"]" not in case[0]]


NETWORK_FILES = [
    ('layers = ["relu"]\nbatch = -1', "batch: expected a whole number from 1"),
    ('layers = ["relu"]\nbatch = 0', "batch: expected a whole number from 1"),
    ('layers = ["relu"]\nbatch = "eight"', "got the string 'eight'"),
    ('layers = ["relu"]\nbatch = 10000000000000', "batch: expected a whole number"),
    ('input = "4x8x8x3"\nbatch = 8\nlayers = ["relu"]', "conflicts with the batch 4"),
    ('layers = ["relu"]\nlayout = "hwc"', "layout: expected nhwc or nchw"),
    ('layers = ["relu"]\ninput = "3x3"', "input: cannot read shape"),
    ('layers = ["relu"]\ninput = ""', "input: cannot read shape"),
    ('layers = ["relu"]\nnotes = [1]', "notes[0]: expected a string"),
    ('layers = ["relu"]\ncolour = "red"', "unknown key 'colour'"),
    ('name = "x"', "no layers"),
    ("layers = []", "no layers in it"),
    ('layers = ""', "no layers in it"),
    ("", "no layers"),
    ("layers = [", "not valid TOML"),
    ("layers = " + "[" * 2000 + "]" * 2000, "nested too deep"),
    ('layers = ["relu"]\nlayers = ["relu"]', "not valid TOML"),
    ("layers = [{}]", "exactly one of"),
    ('layers = [{ name = "x" }]', "exactly one of"),
    ('layers = [{ layer = "relu", concat = [["relu"], ["relu"]] }]', "together"),
    ('layers = [{ layer = "relu", residual = ["relu"] }]', "together"),
    ('layers = [{ lyr = "relu" }]', "unknown key 'lyr'"),
    ('layers = [{ layer = "relu", shortcut = ["relu"] }]', "'shortcut' does not go with layer"),
    ('layers = [{ layer = "relu", layers = ["relu"] }]', "'layers' does not go with layer"),
    ('layers = [{ repeat = 2, layers = ["relu"], name = "x" }]', "'name' does not go with"),
    ('layers = [{ layer = "relu bn", name = "two" }]', "a name labels one layer"),
    ('layers = [{ layer = "3*relu", name = "three" }]', "a name labels one layer"),
    ('layers = [{ layer = "", name = "none" }]', "a name labels one layer"),
    ('layers = [{ concat = [["relu"]] }]', "two branches or more"),
    ('layers = [{ add = [] }]', "two branches or more"),
    ("layers = [{ residual = [] }]", "residual: needs at least one layer"),
    ('layers = [{ repeat = 2 }]', "repeat needs the layers"),
    ('layers = [{ repeat = 0, layers = ["relu"] }]', "repeat: expected a whole number from 1"),
    ('layers = [{ repeat = 1000000000, layers = ["relu"] }]', "expands to 1,000,000,000 layers"),
    ('layers = [{ repeat = 100000, layers = [{ repeat = 100000, layers = ["relu"] }] }]',
     "expands to 10,000,000,000 layers"),
    ('layers = ["1000000000*relu"]', "expands to 1,000,000,000 layers"),
    ('layers = [{ block = "nope" }]', "unknown block 'nope'; blocks: none defined"),
    ('layers = [{ block = "b" }]\n[blocks.b]\nlayers = ["fc:{n}"]', "needs a value for 'n'"),
    ('layers = [{ block = "b", n = [1] }]\n[blocks.b]\nlayers = ["fc:{n}"]', "n: expected"),
    ('layers = [{ block = "b", n = true }]\n[blocks.b]\nlayers = ["fc:{n}"]', "n: expected"),
    ('layers = [{ block = "b", n = 2.5 }]\n[blocks.b]\nlayers = ["fc:{n}"]', "whole number"),
    ('layers = [{ block = "b" }]\n[blocks.b]\nlayers = [{ block = "b" }]', "uses itself (b → b)"),
    ('layers = [{ block = "a" }]\n[blocks.a]\nlayers = [{ block = "b" }]\n'
     '[blocks.b]\nlayers = [{ block = "a" }]', "uses itself (a → b → a)"),
    ('layers = [{ block = "b" }]\n[blocks.b]\nfilters = 3\nlayers = ["relu"]',
     "blocks.b: unknown key 'filters'"),
    ('layers = [{ block = "b" }]\n[blocks.b]\nname = "x"', "blocks.b: unknown key"),
    ('layers = [{ block = "b" }]\n[blocks.b]', "blocks.b: no layers"),
    ('layers = ["conv:f=3,k=2,p=abc"]', "layers[0]: cannot read layer"),
    ('layers = ["relu", "res[ relu"]', "layers[1]: 'res[' is never closed"),
    ('layers = [{ residual = ["conv:f=3,k=9,p=1"] }]\ninput = "8x8x3"', "addition needs"),
]


def _deep_table(depth: int) -> str:
    return "layers = [" + "{ residual = [" * depth + '"relu"' + "] }" * depth + "]"


def _doubling_blocks(levels: int) -> str:
    text = 'layers = [{ block = "b0" }]\n'
    for i in range(levels):
        text += f'[blocks.b{i}]\nlayers = [{{ block = "b{i + 1}" }}, {{ block = "b{i + 1}" }}]\n'
    return text + f'[blocks.b{levels}]\nlayers = ["relu"]\n'


def _growing_values(levels: int) -> str:
    text = 'layers = [{ block = "b0", k = "x" }]\n'
    for i in range(levels):
        text += (f'[blocks.b{i}]\nlayers = [{{ block = "b{i + 1}", k = "{{k}}{{k}}" }}, '
                 f'{{ block = "b{i + 1}", k = "{{k}}1" }}]\n')
    return text + f'[blocks.b{levels}]\nlayers = ["fc:{{k}}"]\n'


NETWORK_FILES += [
    (_deep_table(40), "nested more than 32 deep"),
    (_deep_table(200), "nested"),
    (_doubling_blocks(30), "expands to"),
    (_growing_values(30), "expands to"),
]


@pytest.mark.parametrize(("text", "fragment"), NETWORK_FILES + _field_cases())
def test_network_file_mistakes(text, fragment, tmp_path):
    path = tmp_path / "net.toml"
    path.write_text(text, encoding="utf-8")
    assert_one_line_error(run(["shape", "8x8x3", "--file", str(path)]), 1, fragment)


@pytest.mark.parametrize(("text", "fragment"), NETWORK_FILES[::6])
def test_network_file_mistakes_in_complexity(text, fragment, tmp_path):
    path = tmp_path / "net.toml"
    path.write_text(text, encoding="utf-8")
    assert_one_line_error(run(["complexity", "--file", str(path)]), 1, fragment)


FILE_BYTES = [
    (b"\xff\xfe" + 'layers = ["relu"]'.encode("utf-16-le"), "UTF-16"),
    (b"\xfe\xff" + 'layers = ["relu"]'.encode("utf-16-be"), "UTF-16"),
    (b'layers = ["relu"]\n# caf\xe9\n', "not UTF-8 text (byte 0xe9 at offset 23)"),
    (bytes(range(256)) * 4, "not UTF-8"),
    (b"\x00" * 100, "not valid TOML"),
    (b"#" + b"x" * MAX_FILE_BYTES, "at most 1,000,000"),
]


@pytest.mark.parametrize(("data", "fragment"), FILE_BYTES)
def test_files_that_are_not_network_files(data, fragment, tmp_path):
    path = tmp_path / "net.toml"
    path.write_bytes(data)
    assert_one_line_error(run(["shape", "8x8x3", "--file", str(path)]), 1, fragment)


def test_a_utf8_byte_order_mark_is_skipped(tmp_path):
    path = tmp_path / "net.toml"
    path.write_bytes(b"\xef\xbb\xbf" + b'input = "8x8x3"\nlayers = ["relu"]\n')
    result = run(["shape", "--file", str(path), "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["totals"]["params"] == 0


def test_a_directory_or_a_missing_file(tmp_path):
    assert_one_line_error(run(["shape", "--file", str(tmp_path)]), 1, "is a directory")
    missing = str(tmp_path / "nope.toml")
    assert_one_line_error(run(["shape", "--file", missing]), 1, "No such file")


def test_a_file_without_read_permission(tmp_path, monkeypatch):
    path = tmp_path / "net.toml"
    path.write_text(_RELU)
    real_open = os.open

    def refuse(name, *args, **kwargs):  # as root, chmod 000 would not stop the read
        if str(name) == str(path):
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    assert_one_line_error(run(["shape", "8x8x3", "--file", str(path)]), 1, "Permission denied")


# ---- what could hang or fill the memory: a separate process, a timeout, a memory cap ------


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 31, 1 << 31))


def _fifo(tmp_path: Path) -> str:
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)
    return str(path)


HANG_PRONE = [
    lambda tmp: ["shape", "8x8x3", "--file", _fifo(tmp)],
    lambda tmp: ["shape", "8x8x3", "--file", "/dev/zero"],
    lambda tmp: ["shape", "8x8x3", "1000000000*relu"],
    lambda tmp: ["shape", "8x8x3", "2*[ " * 30 + "relu" + " ]" * 30],
    lambda tmp: ["complexity", "8x8x3", "res[ " * 330 + "relu" + " ]" * 330],
]
HUGE_BUT_FINE = [
    lambda tmp: ["complexity", "999999x999999x3", "adaptivepool:o=999999999999"],
    lambda tmp: ["complexity", "999999x999999x3", "convT:f=999999,k=2,s=3,d=7"],
    lambda tmp: ["shape", "999999x999999x3", "conv:f=3,k=2,d=999", "pool:max,f=1,s=7"],
    lambda tmp: ["complexity", "999999999999x999999999999x3", "conv:f=3,k=999999999999", "gap",
                 "fc:999999999999", "--explain"],
]


@pytest.mark.parametrize("make_args", HUGE_BUT_FINE)
def test_huge_sizes_are_computed_at_once_in_a_real_process(make_args, tmp_path):
    done = subprocess.run([sys.executable, "-m", "cnnlab", *make_args(tmp_path)],
                          capture_output=True, text=True, timeout=20, preexec_fn=_limited,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


@pytest.mark.parametrize("make_args", HANG_PRONE)
def test_what_could_hang_ends_at_once_in_a_real_process(make_args, tmp_path):
    args = make_args(tmp_path)
    done = subprocess.run([sys.executable, "-m", "cnnlab", *args], capture_output=True,
                          text=True, timeout=20, preexec_fn=_limited, check=False)
    assert done.returncode == 1, done.stderr
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: ")


# ---- under --json: one JSON error object on stdout, the same line on stderr --------------


@pytest.mark.parametrize(
    ("args", "code"),
    [(["shape", "8x8x3", layer, "--json"], 1) for layer, _ in LANGUAGE[::5]]
    + [([*args, "--json"], code) for args, code, _ in OPTIONS[::5] if args[0] != "layers"],
)
def test_json_errors(args, code, tmp_path):
    (tmp_path / "net.toml").write_text('input = "8x8x3"\nlayers = ["relu"]\n')
    result = run(args, tmp_path)
    assert result.exit_code == code, result.output
    error = json.loads(result.stdout)["error"]
    assert error["exit_code"] == code
    assert result.stderr == f"error: {error['message']}\n"


def test_ctrl_c_ends_the_longest_command_left_at_once():
    """The longest command within the limits (--symbolic over 20,000 layers, ~15 s here) is
    interrupted: exit 130, one line, no traceback."""
    args = ["complexity", "32x32x16", "10000*[ conv:f=3,k=16,p=1 relu ]", "--symbolic"]
    child = subprocess.Popen([sys.executable, "-c", "from cnnlab.cli import main; main()", *args],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        child.wait(timeout=3)  # well past start-up: the handler is installed, the work is on
    except subprocess.TimeoutExpired:
        pass
    assert child.returncode is None, "finished before it could be interrupted"
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=10)
    assert child.returncode == 130
    assert err.strip() == "interrupted" and "Traceback" not in err


# ---- random token soup: whatever is typed, only cnnlab's own errors come out --------------

_WORDS = [kind.name for kind in KINDS] + [
    ":", ",", "=", "f", "k", "s", "p", "d", "g", "o", "op", "n", "m", "table", "bias", "same",
    "valid", "full", "tf-same", "max", "avg", "ceil", "nobias", "lenet5", "x", "/", "+", "-",
    "0", "1", "2", "3", "7", "99", "9999999999999", "0.5", " ", "[", "]", "|", "*", "2*[",
    "res[", "concat[", "add[", "3*", "é", "\t",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=30).map("".join),
       st.sampled_from(["8x8x3", "1x1x1", "64x64x16", "10"]))
def test_random_layer_text_raises_only_cnnlab_errors(text, shape):
    from cnnlab.errors import CnnlabError
    from cnnlab.network import Network, walk
    from cnnlab.shape import parse_shape
    from cnnlab.spec import parse_items

    try:
        walk(Network(parse_items([text])), parse_shape(shape)[0])
    except CnnlabError as error:
        assert "\n" not in str(error)


def _toml(value) -> str:
    """A TOML value written inline (strings JSON-quoted are valid TOML basic strings)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"


_KEYS = ["layer", "name", "concat", "add", "residual", "shortcut", "repeat", "layers", "block",
         "k", "zz"]
_SCALARS = (st.sampled_from(["relu", "conv:f=3,k=4,p=1", "fc:{k}", "b", "2*[ relu ]", "", "x"])
            | st.integers(-2, 3) | st.booleans() | st.just(2.5))
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(st.sampled_from(_KEYS), inner, max_size=3),
                       max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["layers", "batch", "input", "notes", "name"]), _VALUES),
       _VALUES)
def test_random_network_files_raise_only_cnnlab_errors(top, block):
    from cnnlab.errors import CnnlabError
    from cnnlab.network import walk
    from cnnlab.spec import parse_network

    text = "".join(f"{key} = {_toml(value)}\n" for key, value in top.items())
    text += f"[blocks.b]\nlayers = {_toml(block)}\n"
    try:
        walk(parse_network(text, "net.toml"), parse_shape_8())
    except CnnlabError as error:
        assert "\n" not in str(error)


def parse_shape_8():
    from cnnlab.shape import parse_shape

    return parse_shape("8x8x4")[0]


def test_ctrl_c_during_start_up_is_no_traceback_either():
    # -X importtime reports each finished import on stderr: once a cnnlab.cli module has been
    # imported, start-up is under way inside cnnlab (before that, Python itself is starting,
    # where no program can catch a Ctrl-C).
    child = subprocess.Popen([sys.executable, "-X", "importtime", "-m", "cnnlab", "zoo"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = []
    for line in child.stderr:
        seen.append(line)
        if "cnnlab.cli" in line:
            break
    child.send_signal(signal.SIGINT)
    out, rest = child.communicate(timeout=20)
    err = "".join(seen) + rest
    if child.returncode == 0:  # finished before the signal came: nothing to see
        return
    assert child.returncode in (130, -signal.SIGINT), err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
