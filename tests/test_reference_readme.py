"""The README's worked example of the reference layers runs and prints what its comments say."""

import contextlib
import io
import pathlib
import re

README = pathlib.Path(__file__).resolve().parents[1] / "README.md"


def test_readme_reference_example_runs_as_written():
    text = README.read_text(encoding="utf-8")
    section = text.split("## numpy reference layers", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {})
    promised = re.findall(r"print\(.*\)\s+# (\S+)", code)
    assert printed.getvalue().split() == [p.rstrip(",") for p in promised]
