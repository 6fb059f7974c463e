"""The README's worked examples of the reference layers run and print what their comments say."""

import contextlib
import io
import pathlib
import re

import pytest

README = pathlib.Path(__file__).resolve().parents[1] / "README.md"
SECTION = README.read_text(encoding="utf-8").split("## numpy reference layers", 1)[1]
BLOCKS = re.findall(r"```python\n(.*?)```", SECTION.split("\n## ", 1)[0], re.S)


def test_the_section_has_its_examples():
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_reference_example_runs_as_written(index):
    namespace = {}
    for code in BLOCKS[:index + 1]:         # later blocks may use the earlier blocks' imports
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, "README.md", "exec"), namespace)
    promised = re.findall(r"print\(.*\)\s+# (.+)", BLOCKS[index])
    lines = printed.getvalue().splitlines()
    assert len(lines) == len(promised)
    for line, comment in zip(lines, promised, strict=True):
        assert comment.startswith(line), (line, comment)
