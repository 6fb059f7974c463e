"""``cnnlab check``: the report as a Rich view, as JSON data, and as Gradescope's results.json."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from cnnlab.check.report import CaseReport, CheckReport, FunctionReport, Status

STYLE = {Status.PASS: "green", Status.FAIL: "red", Status.ERROR: "red",
         Status.TIMEOUT: "red", Status.MISSING: "dim", Status.NOT_RUN: "dim"}
SHOWN_CASES = 3


def _case_data(case: CaseReport) -> dict[str, Any]:
    data = asdict(case)
    data["status"] = case.status.value
    data["expected_shapes"] = [list(s) for s in case.expected_shapes]
    data["got_shapes"] = [list(s) for s in case.got_shapes]
    return data


def _course(function: FunctionReport) -> str | None:
    verdict = function.course_passed
    return None if verdict is None else ("pass" if verdict else "fail")


def function_data(function: FunctionReport) -> dict[str, Any]:
    passed, ran = function.counts
    return {"name": function.name, "student_name": function.student_name,
            "status": function.status.value, "course_tests": _course(function),
            "cases_passed": passed, "cases_run": ran, "mistake": function.mistake,
            "hint": function.hint,
            "hint_where": function.hint_where, "notes": function.notes,
            "seconds": round(function.seconds, 3),
            "cases": [_case_data(c) for c in function.cases]}


def check_data(report: CheckReport) -> dict[str, Any]:
    """The ``--json`` document: file, convention, functions (with every case), totals."""
    return {"file": report.file, "convention": report.convention,
            "course_only": report.course_only, "not_gradable": report.not_gradable,
            "notes": report.notes, "functions": [function_data(f) for f in report.functions],
            "passed": report.passed, "failed": report.failed}


def _markdown(function: FunctionReport) -> str:
    passed, ran = function.counts
    lines = [f"**{function.status.value}**: {passed} of {ran} cases passed"]
    if function.course_passed is not None:
        lines[0] += f" (course tests: {_course(function)})"
    if function.hint:
        where = f" ({function.hint_where})" if function.hint_where else ""
        lines.append(f"\nLikely mistake{where}: {function.hint}")
    lines += [f"\n- {note}" for note in function.notes]
    for case in [c for c in function.cases if not c.passed and c.message][:SHOWN_CASES]:
        lines.append(f"\n- `{case.name}` (seed: {case.seed}): {case.message}")
    return "\n".join(lines)


def gradescope_data(report: CheckReport) -> dict[str, Any]:
    """Gradescope's autograder ``results.json``: one test per course function, 1 point each."""
    if report.not_gradable:
        return {"score": 0, "output": f"not gradable: {report.not_gradable}", "tests": []}
    tests = []
    for number, function in enumerate(report.functions, start=1):
        ok = function.status is Status.PASS
        output = "not found in the file" if function.status is Status.MISSING else _markdown(
            function)
        tests.append({"name": function.name, "number": str(number), "score": int(ok),
                      "max_score": 1, "status": "passed" if ok else "failed",
                      "output": output, "output_format": "md"})
    return {"score": sum(t["score"] for t in tests), "tests": tests}


TABLE_HEADERS = (("function", "left"), ("status", "left"), ("course tests", "left"),
                 ("all cases", "right"), ("time", "right"))


def check_rows(report: CheckReport) -> list[list[str]]:
    """One row per function found: name, status, the course's verdict, cases passed, time.
    The terminal (rich) and the notebook (HTML) draw these cells."""
    rows = []
    for function in report.found:
        passed, ran = function.counts
        rows.append([function.name, function.status.value, _course(function) or "",
                     f"{passed}/{ran}" if ran else "", f"{function.seconds:.1f} s" if ran else ""])
    return rows


def _table(report: CheckReport) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for name, justify in TABLE_HEADERS:
        table.add_column(name, justify="right" if justify == "right" else "left")
    for function, row in zip(report.found, check_rows(report), strict=True):
        table.add_row(row[0], Text(row[1], style=STYLE[function.status]),
                      Text(row[2], style="green" if row[2] == "pass" else "red"), *row[3:])
    return table


def detail_lines(function: FunctionReport) -> list[tuple[str, str]]:
    """What went wrong in a function that did not pass, as (kind, text) lines: ``title``,
    ``hint``, ``note``, ``case`` (a failing case), ``detail`` (its numbers), ``more``."""
    title = function.name
    if function.student_name and function.student_name != function.name:
        title += f" (your {function.student_name})"
    lines = [("title", f"{title}: {function.status.value}")]
    if function.hint:
        where = f" at {function.hint_where}" if function.hint_where else ""
        lines.append(("hint", f"likely mistake{where}: {function.hint}"))
    lines += [("note", f"note: {note}") for note in function.notes]
    failing = [c for c in function.cases if not c.passed and c.status is not Status.NOT_RUN]
    for case in failing[:SHOWN_CASES]:
        lines.append(("case", f"✗ {case.name}  (inputs: {case.seed})"))
        lines.append(("detail", case.message + (f" ({case.at})" if case.at else "")))
        if case.max_difference is not None:
            numbers = f"shapes {case.expected_shapes} as expected; tolerance {case.tolerance}"
            if case.rel_error is not None:
                numbers += f"; rel_error {case.rel_error:.2e}"
            lines.append(("numbers", numbers))
    if len(failing) > SHOWN_CASES:
        lines.append(("more", f"… and {len(failing) - SHOWN_CASES} more failing cases "
                              "(--json for all)"))
    return lines


_RICH = {"hint": "", "note": "dim", "case": "red", "detail": "", "numbers": "dim", "more": "dim"}
_INDENT = {"hint": "  ", "note": "  ", "case": "  ", "detail": "    ", "numbers": "    ",
           "more": "  "}


def _details(function: FunctionReport) -> Text:
    text = Text()
    for kind, line in detail_lines(function):
        if kind == "title":
            name, _, status = line.rpartition(": ")
            text.append(f"\n{name}", style="bold")
            text.append(f": {status}\n", style=STYLE[function.status])
        elif kind == "hint":
            label, _, hint = line.partition(": ")
            text.append(f"  {label}: ", style="bold yellow")
            text.append(f"{hint}\n")
        elif kind == "case":
            name, _, inputs = line.partition("  (")
            text.append(f"  {name}", style="red")
            text.append(f"  ({inputs}\n", style="dim")
        else:
            text.append(f"{_INDENT[kind]}{line}\n", style=_RICH[kind])
    return text


def heading(report: CheckReport) -> str:
    """``hw.py  (dlai)``: which file, which course's convention."""
    return f"{report.file}  ({report.convention}" + (
        ", course tests only)" if report.course_only else ")")


def summary_line(report: CheckReport) -> str:
    """How many functions and checks passed, counted over what ran."""
    ran = sum(f.counts[1] for f in report.found)
    passed = sum(f.counts[0] for f in report.found)
    return (f"{report.passed} of {len(report.found)} functions pass; {passed} of {ran} "
            "checks passed")


def missing(report: CheckReport) -> list[str]:
    return [f.name for f in report.functions if f.status is Status.MISSING]


def check_view(report: CheckReport) -> RenderableType:
    """Table of functions, then what went wrong in each that did not pass, then the totals."""
    head = Text(f"{report.file}  ({report.convention}", style="bold")
    head.append(", course tests only)" if report.course_only else ")")
    if report.not_gradable:
        return Group(head, Text(f"not gradable: {report.not_gradable}", style="red"))
    parts: list[RenderableType] = [head, _table(report)]
    if missing(report):
        parts.append(Text(f"not in the file: {', '.join(missing(report))}", style="dim"))
    parts += [_details(f) for f in report.found if f.status is not Status.PASS]
    parts += [Text(f"note: skipped {note}", style="dim") for note in report.notes]
    parts.append(Text("\n" + summary_line(report), style="green" if report.ok else "red"))
    return Group(*parts)
