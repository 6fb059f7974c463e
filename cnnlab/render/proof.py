"""Rich panels for ``cnnlab prove``: statement, symbols, the general argument, the instance,
the exact verification and a clear verdict."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cnnlab.symbolic.proof import Counterexample, Picture, Proof, Shown, SweepCase


def _symbols(proof: Proof) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
    table.add_column(style="cyan", no_wrap=True)
    table.add_column()
    for formula, meaning in proof.definitions:
        table.add_row(formula.text, meaning)
    return table


def _argument(proof: Proof) -> Group:
    lines = []
    for number, step in enumerate(proof.argument, 1):
        lines.append(Text(f"{number}. {step.says}"))
        if step.formula:
            lines.append(Text(f"     {step.formula.text}", style="bold"))
    return Group(*lines)


def matrix(shown: Shown) -> RenderableType:
    """One shown matrix: a borderless grid under its name and caption."""
    table = Table(box=box.SQUARE if len(shown.entries[0] if shown.entries else ()) <= 8
                  else None, show_header=False, padding=(0, 1), show_lines=False)
    for _ in shown.entries[0] if shown.entries else ():
        table.add_column(justify="center")
    for row in shown.entries:
        table.add_row(*row)
    title = Text.assemble((shown.name, "bold cyan"), f"  {shown.caption}")
    if any(shown.elided):
        title.append(f"  ({shown.elided[0]} rows, {shown.elided[1]} columns elided)", "dim")
    return Group(title, table)


def picture(pic: Picture) -> RenderableType:
    """The sparse structure of C: one character per entry, and what each character means."""
    rows, cols = pic.shape
    head = Text.assemble((pic.name, "bold cyan"),
                         f"  {rows}×{cols}, {pic.nonzeros:,} nonzero; row = output, column = "
                         "input, · = 0")
    body = Text("\n".join(pic.rows), style="green")
    if any(pic.elided):
        body.append(f"\n… {pic.elided[0]} more rows, {pic.elided[1]} more columns not drawn",
                    "dim")
    legend = "   ".join(f"{mark} = {value}" for mark, value in pic.legend)
    return Group(head, body, Text(legend, style="dim"))


def _checks(proof: Proof) -> Table:
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1))
    table.add_column("equation")
    table.add_column("entries compared", justify="right")
    table.add_column("result")
    for check in proof.checks:
        result = Text("every entry identical", "green") if check.holds else \
            Text(f"differs: {check.first_difference}", "red")
        table.add_row(check.equation.text, f"{check.checked_entries:,}", result)
    return table


def _counterexample(c: Counterexample) -> Panel:
    sizes = ", ".join(f"{k} {v}" for k, v in c.sizes.items())
    witness = ", ".join(f"{k} = {v}" for k, v in c.witness.items()) or "(all zero)"
    body = Group(
        Text(f"smallest instance: {sizes}; first entry that differs: {c.entry}"),
        Text(f"left side:  {c.lhs}"), Text(f"right side: {c.rhs}"), Text(c.reason),
        Text(f"witness: {witness}, every other symbol 0 → left {c.lhs_value}, right "
             f"{c.rhs_value}", style="bold"),
    )
    return Panel(body, title="counterexample", border_style="red", expand=False)


def _sweep(cases: tuple[SweepCase, ...], claim: bool) -> Text:
    held = sum(c.holds for c in cases)
    entries = sum(c.checked_entries for c in cases)
    keys = sorted({k for c in cases for k in c.sizes})
    style = "green" if held == len(cases) else "red"
    tail = "searched smallest first" if claim else "evidence; the argument above is the proof"
    return Text(f"sweep: {held} of {len(cases)} instances hold ({entries:,} entries compared; "
                f"varying {', '.join(keys)}) — {tail}", style=style)


def verdict_line(proof: Proof) -> str:
    """The last line: what was shown, in words."""
    if proof.identity != "claim":
        return ("✓ PROVED: the argument holds for every size; this instance is checked exactly"
                if proof.holds else "✗ FAILS on this instance: the layers disagree with it")
    if proof.holds:
        return f"✓ HOLDS on all {len(proof.sweep)} instances checked: evidence, not a proof"
    c = proof.counterexample
    where = "" if c is None else " by the counterexample " + ", ".join(
        f"{k} {v}" for k, v in c.sizes.items())
    return f"✗ REFUTED{where}"


def _verdict(proof: Proof) -> Text:
    return Text(verdict_line(proof), style="bold green" if proof.holds else "bold red")


def proof_view(proof: Proof) -> RenderableType:
    """The whole proof as one renderable."""
    sizes = ", ".join(f"{k} {v}" for k, v in proof.sizes.items())
    parts: list[RenderableType] = [Text(proof.statement.text, style="bold"), Text(""),
                                   _symbols(proof), Text("")]
    heading = "Method" if proof.identity == "claim" else "Argument (every size)"
    parts += [Text(heading, style="bold underline"), _argument(proof), Text("")]
    parts += [Text("Instance (computed by the reference layers)", style="bold underline"),
              Text(sizes)]
    parts += [matrix(m) for m in proof.shown]
    if proof.picture:
        parts.append(picture(proof.picture))
    parts += [Text(""), Text("Verification (exact, entry by entry)", style="bold underline"),
              _checks(proof)]
    if proof.counterexample:
        parts.append(_counterexample(proof.counterexample))
    if proof.sweep:
        parts.append(_sweep(proof.sweep, proof.identity == "claim"))
    parts += [Text(f"note: {n}", style="dim") for n in proof.notes]
    parts.append(_verdict(proof))
    return Panel(Group(*parts), title=f"[bold]{proof.title}[/bold]", subtitle=proof.reference,
                 border_style="green" if proof.holds else "red", expand=False)


def identities_view(rows: list[tuple[str, str, str, str]], aliases: dict[str, str]) -> Table:
    """``cnnlab prove list``: id, statement, reference; the other names in the caption."""
    others = ", ".join(f"{name} = {identity}" for name, identity in aliases.items())
    table = Table(box=box.SIMPLE_HEAD, caption=f"also by exercise number: {others}",
                  caption_justify="left")
    for name in ("identity", "statement", "reference"):
        table.add_column(name)
    for ident, _, statement, reference in rows:
        table.add_row(ident, statement, reference)
    return table
