"""The one domain-error hierarchy of cnnlab.

The library raises these; the CLI turns them into a one-line message on stderr and exit code 1.
A user's mistake never reaches them as a traceback.
"""


class CnnlabError(Exception):
    """Base class of every error cnnlab raises for bad input."""


class SpecError(CnnlabError, ValueError):
    """A layer string, shape string or network file could not be parsed."""


class ShapeError(CnnlabError, ValueError):
    """Shapes do not work out: a window that does not fit, a channel mismatch, ..."""


class LayerArgumentError(CnnlabError, ValueError):
    """A layer was given values it cannot take (stride 0, negative kernel, ...)."""


def quoted(text: str, limit: int = 60) -> str:
    """``repr`` of what a user wrote, shortened so that an error stays one readable line.

    >>> quoted("conv:f=3")
    "'conv:f=3'"
    >>> quoted("9" * 100, 10)
    "'9999999999…' (100 characters)"
    """
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}"[:-1] + f"…' ({len(text):,} characters)"


class ExerciseError(CnnlabError, ValueError):
    """An exercise id that does not exist, or an exercise file that does not follow the schema."""


class SheetError(CnnlabError, ValueError):
    """An answer sheet that cannot be read: bad TOML, an unknown field, a value of a wrong type."""
