"""The documented limits hold exactly at their boundary, and the docs state the real values."""

from pathlib import Path

import pytest

from cnnlab.errors import SpecError
from cnnlab.limits import MAX_DEPTH, MAX_DIGITS, MAX_FILE_BYTES, MAX_LAYERS
from cnnlab.network import walk
from cnnlab.network.graph import Network
from cnnlab.shape import parse_shape
from cnnlab.spec import parse_items, parse_network
from cnnlab.spec.expand import Repeat, rows
from cnnlab.spec.sequence import parse_nodes

DOCS = (Path(__file__).parent.parent / "docs" / "LANGUAGE.md").read_text(encoding="utf-8")


def test_the_docs_state_the_limits_in_force():
    for value in (f"{MAX_LAYERS:,}", f"| {MAX_DEPTH} |", f"{MAX_DIGITS} digits",
                  f"{MAX_FILE_BYTES:,} bytes"):
        assert value in DOCS


def test_exactly_the_limit_of_layers_is_read_one_more_is_refused():
    assert len(parse_items([f"{MAX_LAYERS}*relu"])) == MAX_LAYERS
    with pytest.raises(SpecError, match=f"expands to {MAX_LAYERS + 1:,} layers"):
        parse_items([f"{MAX_LAYERS + 1}*relu"])


def test_a_block_row_counts_too():
    # 1 block row + 2 layers, 6,667 times = 20,001 rows
    with pytest.raises(SpecError, match="expands to 20,001 layers"):
        parse_items(["6667*[ res[ relu relu ] ]"])


def test_exactly_the_limit_of_nesting_is_read_one_more_is_refused():
    deep = "res[ " * MAX_DEPTH + "relu" + " ]" * MAX_DEPTH
    report = walk(Network(parse_items([deep])), parse_shape("4x4x2")[0])
    assert max(row.depth for row in report.rows) == MAX_DEPTH
    deeper = "res[ " * (MAX_DEPTH + 1) + "relu" + " ]" * (MAX_DEPTH + 1)
    with pytest.raises(SpecError, match=f"nested more than {MAX_DEPTH} deep"):
        parse_items([deeper])


def test_rows_are_counted_exactly_without_expanding():
    nodes = parse_nodes(["999999999999*[ 999999999999*[ conv:f=1,k=2 relu ] ]"])
    assert rows(nodes) == 2 * 999_999_999_999**2
    shared = Repeat(1, nodes)
    assert rows((shared,) * 1000) == 1000 * rows(nodes)


def test_network_file_blocks_used_many_times_are_read_once():
    levels = 25  # 2**25 uses of the innermost block if each were read again
    text = 'layers = [{ block = "b0" }]\n'
    for i in range(levels):
        text += f'[blocks.b{i}]\nlayers = [{{ block = "b{i + 1}" }}, {{ block = "b{i + 1}" }}]\n'
    text += f'[blocks.b{levels}]\nlayers = ["relu"]\n'
    with pytest.raises(SpecError, match=f"expands to {2**levels:,} layers"):
        parse_network(text)
