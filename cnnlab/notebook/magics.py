"""``%cnnlab COMMAND ARGS...``: the CLI's commands under a notebook cell.

``%cnnlab shape 39x39x3 conv:f=3,k=10`` takes exactly the arguments of ``cnnlab shape`` (the
same parser) and returns the report, which displays itself as a table; ``r = %cnnlab ...``
keeps it (``r.report`` is the library's object). With ``--json`` it returns the JSON data as a
dict. A mistake prints ``error: …`` on one line (stderr) and returns None — never a traceback.
``$name`` and ``{expression}`` in the line are expanded by IPython as in any line magic.
"""

from __future__ import annotations

import sys
from typing import Any

from IPython.core.magic import Magics, line_magic, magics_class

from cnnlab.notebook.run import CommandError, names_a_file, run, split


@magics_class
class CnnlabMagics(Magics):
    """The ``%cnnlab`` line magic."""

    @line_magic
    def cnnlab(self, line: str) -> Any:
        """Run ``cnnlab LINE`` and display its report under the cell (``%cnnlab --help``)."""
        try:
            words = split(line)
            words = words[1:] if words[:1] == ["cnnlab"] else words
            if words[:1] == ["check"] and not names_a_file(words[1:]):
                from cnnlab.notebook.here import check_kernel

                results = check_kernel(words[1:], self.shell.user_ns, self.shell)
            else:
                results = run(words)
        except CommandError as error:
            print(f"error: {error}", file=sys.stderr)
            return None
        if not results:
            return None
        from IPython.display import display

        for result in results[:-1]:
            display(result)
        return results[-1]
