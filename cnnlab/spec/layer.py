"""Read one layer token of the layer language, e.g. ``conv:f=5,s=2,k=20``."""

from __future__ import annotations

from cnnlab.errors import LayerArgumentError, SpecError, quoted
from cnnlab.layers.base import Layer
from cnnlab.spec.kinds import Args, Kind, find_kind, kind_names


def accepted(kind: Kind) -> str:
    """``'f, k, s, p, d, g, bias and the word nobias'`` for error messages."""
    text = ", ".join(key.name for key in kind.keys) or "no keys"
    if kind.words:
        words = ", ".join(kind.words)
        text += f" and the word{'s' * (len(kind.words) > 1)} {words}"
    return text


def _unknown_kind(name: str) -> SpecError:
    import difflib  # only on this error path

    lowered = name.lower()
    prefixes = [k for k in kind_names() if lowered.startswith(k.lower())]
    close = prefixes or difflib.get_close_matches(lowered, [k.lower() for k in kind_names()], n=1)
    suggestion = max(close, key=len) if close else None
    if suggestion is not None:
        suggestion = next(k for k in kind_names() if k.lower() == suggestion.lower())
    hint = f" (did you mean {suggestion}?)" if suggestion else ""
    known = ", ".join(kind_names())
    return SpecError(f"unknown layer kind {quoted(name)}{hint}; known kinds: {known}")


def _read_args(kind: Kind, body: str) -> Args:
    args = Args(kind.name)
    aliases = {name: key.name for key in kind.keys for name in (key.name, *key.aliases)}
    for part in body.split(","):
        part = part.strip()
        if not part:
            raise SpecError("empty argument (a comma too many?)")
        if "=" in part:
            name, _, value = part.partition("=")
            key = aliases.get(name.strip().lower())
            if key is None:
                raise SpecError(
                    f"unknown key {quoted(name)} for {kind.name}; it accepts {accepted(kind)}"
                )
            if key in args.values:
                raise SpecError(f"key {key} is given twice")
            if not value.strip():
                raise SpecError(f"{name}= has no value")
            args.values[key] = value.strip()
        elif part.lower() in kind.words:
            args.words.add(part.lower())
        elif kind.positional and kind.positional not in args.values:
            args.values[kind.positional] = part
        else:
            raise SpecError(
                f"unexpected {quoted(part)} for {kind.name}; it accepts {accepted(kind)}"
            )
    return args


def parse_layer(text: str, defaults: dict[str, str] | None = None) -> Layer:
    """Build the layer a token describes.

    ``defaults`` fills keys the token leaves out, for kinds that take them (``cnnlab draw``
    gives ``k``, which does not change a picture).

    >>> parse_layer("CONV:F=3,K=10,P=SAME").spec()
    'conv:f=3,k=10,p=same'
    >>> parse_layer("fc:120").spec()
    'fc:120'
    """
    name, colon, body = text.partition(":")
    kind = find_kind(name.strip())
    try:
        if kind is None:
            raise _unknown_kind(name.strip())
        if colon and not body.strip():
            raise SpecError(f"nothing after ':'; {kind.name} accepts {accepted(kind)}")
        args = _read_args(kind, body) if colon else Args(kind.name)
        names = {key.name for key in kind.keys}
        for key, value in (defaults or {}).items():
            if key in names:
                args.values.setdefault(key, value)
        return kind.build(args)
    except (SpecError, LayerArgumentError) as error:
        raise SpecError(f"cannot read layer {quoted(text)}: {error}") from None
