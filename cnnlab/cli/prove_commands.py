"""The ``cnnlab prove`` sub-app: symbolic proofs of the convolution identities.

Built only when ``cnnlab prove`` runs (``cnnlab.cli.prove`` mounts it lazily).
"""


from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from cnnlab.cli.output import MISTAKE, USAGE, command_errors, emit, fail

EXAMPLES = """
[b]Examples[/b]

  cnnlab prove list

  cnnlab prove commutativity --size 3x3 --kernel 2x2

  cnnlab prove transpose --size 4x4 --kernel 3x3 --stride 2 --pad 1 --channels 2:3

  cnnlab prove gradient --size 4x4 --kernel 2x2 --stride 2

  cnnlab prove one-by-one --channels 3:2

  cnnlab prove pooling --mode avg --size 4x4 --f 2 --s 1

  cnnlab prove claim "W (*)~ X == X (*)~ W"          (refuted, smallest counterexample)

  cnnlab prove transpose --latex > proof.tex          (also --markdown, --json, --sweep)

  cnnlab prove transpose --stride 2 --pad 1 --svg C.svg   (C drawn: which weight sits where)

[b]Claims[/b]: (*) is ⊗ (cross-correlation), (*)~ is ⊗̃ (full padding), rot180(…), T(…)
transpose, * · @ matrix product, + −, == ; names X W G(δ, dY) Y dX dW, and C x z dz dx for
z = C·x. Sizes: at most 32 per side, kernels 9, channels 8, 60,000 nonzero entries of C.
"""

HELP = "Prove the convolution identities symbolically (NNDL ch. 5), or refute a claim."

prove_app = typer.Typer(
    name="prove", help=HELP, no_args_is_help=True, epilog=EXAMPLES, rich_markup_mode="rich",
    pretty_exceptions_enable=False, add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class PoolMode(StrEnum):
    max = "max"
    avg = "avg"


Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of panels.")]
Latex = Annotated[bool, typer.Option("--latex", help="Print LaTeX to paste into homework.")]
Markdown = Annotated[bool, typer.Option("--markdown", help="Print Markdown with $…$ math.")]
Sweep = Annotated[bool, typer.Option("--sweep", help="Also check a range of sizes, strides, "
                                                     "paddings, dilations, channels.")]
Size = Annotated[str, typer.Option("--size", help="Input X, MxN.")]
Kernel = Annotated[str, typer.Option("--kernel", help="Kernel W, UxV.")]
Stride = Annotated[str, typer.Option("--stride", help="Stride, s or s_hxs_w.")]
Pad = Annotated[str, typer.Option("--pad", help="Padding: p, p_hxp_w or top/bottom/left/right.")]
Dilation = Annotated[str, typer.Option("--dilation", help="Dilation, d or d_hxd_w.")]


def _finish(build: Callable[[], Any], as_json: bool, latex: bool, markdown: bool,
            sweep: bool) -> None:
    """Run the proof, then print it as panels, JSON, LaTeX or Markdown."""
    if as_json + latex + markdown > 1:
        raise fail("choose one of --json, --latex and --markdown", USAGE, as_json)
    with command_errors(as_json):
        proof = build()
        if sweep:
            from cnnlab.symbolic.sweep import with_sweep

            proof = with_sweep(proof)
    if latex or markdown:
        if latex:
            from cnnlab.render.proof_latex import proof_latex as write
        else:
            from cnnlab.render.proof_markdown import proof_markdown as write
        emit(None, write(proof).rstrip("\n"), False)
        return
    from cnnlab.render.proof_data import proof_data

    emit(lambda: proof_data(proof), lambda: _view(proof), as_json)


def _view(proof):
    from cnnlab.render.proof_views import ProofView

    return ProofView(proof)


def _setting(size: str, kernel: str, stride: str, pad: str, dilation: str, channels: str):
    from cnnlab.symbolic import params
    from cnnlab.symbolic.transpose import ConvSetting

    _, c_in, c_out = params.channels(channels)
    return ConvSetting(size=params.size(size), kernel=params.size(kernel, "kernel",
                                                                    params.MAX_KERNEL),
                       stride=params.size(stride, "stride"), padding=params.padding(pad),
                       dilation=params.size(dilation, "dilation"), c_in=c_in, c_out=c_out)


@prove_app.command("list")
def list_identities(as_json: Json = False) -> None:
    """What can be proved, with the textbook reference."""
    from cnnlab.symbolic.registry import ALIASES, IDENTITIES

    rows = [(i.id, i.title, i.statement.text, i.reference) for i in IDENTITIES]
    rows.append(("claim", "Your own claim", "LHS == RHS in the claim language",
                 "proved on instances, or refuted by the smallest counterexample"))
    data = {"identities": [dict(zip(("id", "title", "statement", "reference"), r, strict=True))
                           for r in rows], "aliases": ALIASES}

    def view():
        from cnnlab.render.proof import identities_view

        return identities_view(rows, ALIASES)

    emit(data, view, as_json)


@prove_app.command(epilog=EXAMPLES)
def commutativity(size: Size = "3x3", kernel: Kernel = "2x2", as_json: Json = False,
                  latex: Latex = False, markdown: Markdown = False, sweep: Sweep = False) -> None:
    """NNDL 5-2: rot180(W) ⊗̃ X = rot180(X) ⊗̃ W (wide convolution commutes)."""
    def build():
        from cnnlab.symbolic import params
        from cnnlab.symbolic.commutativity import prove_commutativity

        return prove_commutativity(params.size(size),
                                   params.size(kernel, "kernel", params.MAX_KERNEL))

    _finish(build, as_json, latex, markdown, sweep)


@prove_app.command(epilog=EXAMPLES)
def transpose(size: Size = "4x4", kernel: Kernel = "3x3", stride: Stride = "1", pad: Pad = "0",
              dilation: Dilation = "1",
              channels: Annotated[str, typer.Option(help="C_in:C_out.")] = "1:1",
              svg: Annotated[Path | None, typer.Option(
                  "--svg", metavar="FILE", help="Also draw C as an SVG (one channel).")] = None,
              as_json: Json = False, latex: Latex = False, markdown: Markdown = False,
              sweep: Sweep = False) -> None:
    """NNDL 5-7: forward z = C·x, backward δx = Cᵀ·δz (any stride, padding, dilation, channels)."""
    def build():
        from cnnlab.symbolic.transpose import prove_transpose

        proof = prove_transpose(_setting(size, kernel, stride, pad, dilation, channels))
        return proof if svg is None else _draw(proof, svg, as_json)

    _finish(build, as_json, latex, markdown, sweep)


def _draw(proof, svg: Path, as_json: bool):
    """Write C as an SVG; the proof's notes say where."""
    from dataclasses import replace

    from cnnlab.render.proof_svg import proof_svg

    text = proof_svg(proof)
    try:
        svg.write_text(text, encoding="utf-8")
    except OSError as error:
        raise fail(f"cannot write {svg}: {error.strerror}", MISTAKE, as_json, "OSError") from None
    return replace(proof, notes=(*proof.notes, f"C drawn in {svg}."))


@prove_app.command(epilog=EXAMPLES)
def gradient(size: Size = "3x3", kernel: Kernel = "2x2", stride: Stride = "1", pad: Pad = "0",
             dilation: Dilation = "1", as_json: Json = False, latex: Latex = False,
             markdown: Markdown = False,
             sweep: Sweep = False) -> None:
    """Y = W ⊗ X + b: ∂L/∂W = G ⊗ X, ∂L/∂X = rot180(W) ⊗̃ G, ∂L/∂b = Σ G."""
    def build():
        from cnnlab.symbolic.gradient import prove_gradient

        return prove_gradient(_setting(size, kernel, stride, pad, dilation, "1:1"))

    _finish(build, as_json, latex, markdown, sweep)


@prove_app.command("one-by-one", epilog=EXAMPLES)
def one_by_one(size: Size = "2x2",
               channels: Annotated[str, typer.Option(help="C_in:C_out.")] = "3:2",
               as_json: Json = False, latex: Latex = False, markdown: Markdown = False,
               sweep: Sweep = False) -> None:
    """NNDL 5-3: a 1×1 convolution is one fully connected layer applied at every pixel."""
    def build():
        from cnnlab.symbolic import params
        from cnnlab.symbolic.one_by_one import prove_one_by_one

        _, c_in, c_out = params.channels(channels)
        return prove_one_by_one(params.size(size), c_in, c_out)

    _finish(build, as_json, latex, markdown, sweep)


@prove_app.command(epilog=EXAMPLES)
def pooling(mode: Annotated[PoolMode, typer.Option(help="max or avg.")] = PoolMode.max,
            size: Size = "4x4", f: Annotated[str, typer.Option("--f", help="Window, f or "
                                                                          "f_hxf_w.")] = "2",
            s: Annotated[str | None, typer.Option("--s", help="Stride (default f).")] = None,
            pad: Pad = "0",
            as_json: Json = False, latex: Latex = False, markdown: Markdown = False,
            sweep: Sweep = False) -> None:
    """Pooling backward is the transpose of its (local) linear map."""
    def build():
        from cnnlab.symbolic import params
        from cnnlab.symbolic.pooling import PoolSetting, prove_pooling

        window = params.size(f, "window", params.MAX_KERNEL)
        stride = params.size(s, "stride") if s is not None else None
        return prove_pooling(PoolSetting("average" if mode is PoolMode.avg else "max",
                                         params.size(size), window, stride, params.padding(pad)))

    _finish(build, as_json, latex, markdown, sweep)


@prove_app.command(epilog=EXAMPLES)
def claim(expression: Annotated[str, typer.Argument(metavar="CLAIM",
                                                    help='e.g. "W (*)~ X == X (*)~ W"')],
          size: Size = "3x3", kernel: Kernel = "2x2",
          stride: Annotated[int, typer.Option(min=1, max=4, help="Stride of the layer.")] = 1,
          pad: Annotated[int, typer.Option(min=0, max=4, help="Padding of the layer.")] = 0,
          as_json: Json = False, latex: Latex = False, markdown: Markdown = False) -> None:
    """Your own claim: proved on instances, or refuted by the smallest counterexample."""
    def build():
        from cnnlab.symbolic import params
        from cnnlab.symbolic.claim import prove_claim
        from cnnlab.symbolic.claim_eval import Instance

        return prove_claim(expression, Instance(params.size(size, limit=8),
                                                params.size(kernel, "kernel", 8), stride, pad))

    _finish(build, as_json, latex, markdown, False)


def _register_exercise_numbers() -> None:
    """NNDL's exercise numbers as hidden names: 5-2 (print) and 5-1 (online draft) for
    commutativity, 5-3 for one-by-one, 5-7 and 5-6 for transpose."""
    from cnnlab.symbolic.registry import ALIASES

    commands = {"commutativity": commutativity, "one-by-one": one_by_one, "transpose": transpose}
    for number, identity in ALIASES.items():
        if identity in commands:
            prove_app.command(number, hidden=True, epilog=EXAMPLES)(commands[identity])


_register_exercise_numbers()
