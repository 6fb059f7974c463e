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


def _table(report: CheckReport) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for name, justify in (("function", "left"), ("status", "left"), ("course tests", "left"),
                          ("all cases", "right"), ("time", "right")):
        table.add_column(name, justify=justify)
    for function in report.found:
        passed, ran = function.counts
        course = _course(function) or ""
        table.add_row(
            function.name, Text(function.status.value, style=STYLE[function.status]),
            Text(course, style="green" if course == "pass" else "red"),
            f"{passed}/{ran}" if ran else "", f"{function.seconds:.1f} s" if ran else "")
    return table


def _details(function: FunctionReport) -> Text:
    text = Text()
    text.append(f"\n{function.name}", style="bold")
    if function.student_name and function.student_name != function.name:
        text.append(f" (your {function.student_name})")
    text.append(f": {function.status.value}\n", style=STYLE[function.status])
    if function.hint:
        where = f" at {function.hint_where}" if function.hint_where else ""
        text.append(f"  likely mistake{where}: ", style="bold yellow")
        text.append(f"{function.hint}\n")
    for note in function.notes:
        text.append(f"  note: {note}\n", style="dim")
    failing = [c for c in function.cases if not c.passed and c.status is not Status.NOT_RUN]
    for case in failing[:SHOWN_CASES]:
        text.append(f"  ✗ {case.name}", style="red")
        text.append(f"  (inputs: {case.seed})\n", style="dim")
        text.append(f"    {case.message}" + (f" ({case.at})" if case.at else "") + "\n")
        if case.max_difference is not None:
            text.append(f"    shapes {case.expected_shapes} as expected; tolerance "
                        f"{case.tolerance}", style="dim")
            if case.rel_error is not None:
                text.append(f"; rel_error {case.rel_error:.2e}", style="dim")
            text.append("\n")
    if len(failing) > SHOWN_CASES:
        text.append(f"  … and {len(failing) - SHOWN_CASES} more failing cases (--json for all)\n",
                    style="dim")
    return text


def check_view(report: CheckReport) -> RenderableType:
    """Table of functions, then what went wrong in each that did not pass, then the totals."""
    head = Text(f"{report.file}  ({report.convention}", style="bold")
    head.append(", course tests only)" if report.course_only else ")")
    if report.not_gradable:
        return Group(head, Text(f"not gradable: {report.not_gradable}", style="red"))
    parts: list[RenderableType] = [head, _table(report)]
    missing = [f.name for f in report.functions if f.status is Status.MISSING]
    if missing:
        parts.append(Text(f"not in the file: {', '.join(missing)}", style="dim"))
    parts += [_details(f) for f in report.found if f.status is not Status.PASS]
    parts += [Text(f"note: skipped {note}", style="dim") for note in report.notes]
    ran = sum(f.counts[1] for f in report.found)
    passed = sum(f.counts[0] for f in report.found)
    summary = (f"\n{report.passed} of {len(report.found)} functions pass; {passed} of {ran} "
               "checks passed")
    parts.append(Text(summary, style="green" if report.ok else "red"))
    return Group(*parts)
