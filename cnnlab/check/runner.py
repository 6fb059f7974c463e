"""``check_file``: find the course functions in a student file and judge each in a sandbox.

Order of work: load by syntax tree; pick the convention; check each function's signature; run
every function in its own child (two at a time: the machine's cores), then re-judge a function
that failed while one of its helpers fails with the reference helper swapped in (no double
penalty), and say so.
"""

from __future__ import annotations

import ast
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from cnnlab.check import sandbox
from cnnlab.check.cases import Case, battery, resolve
from cnnlab.check.catalog import (
    SPECS,
    CheckError,
    Convention,
    FunctionSpec,
    guess_convention,
    specs_for,
)
from cnnlab.check.judge import function_report
from cnnlab.check.loader import NotGradable, Program, load
from cnnlab.check.report import CheckReport, FunctionReport, Status
from cnnlab.check.wire import encode

RESTARTS = 2
MIN_BUDGET = 0.5                                    # seconds: less is not worth a new child


@dataclass(frozen=True)
class Options:
    convention: Convention = Convention.AUTO
    only: tuple[str, ...] = ()
    mapping: tuple[tuple[str, str], ...] = ()     # (course name, student name)
    timeout: float = 10.0
    course_only: bool = False
    workers: int = max(2, min(4, os.cpu_count() or 2))     # children at once


def _accepts(node: ast.FunctionDef, count: int) -> bool:
    positional = len(node.args.posonlyargs) + len(node.args.args)
    required = positional - len(node.args.defaults)
    return required <= count and (positional >= count or node.args.vararg is not None)


def _signature(spec: FunctionSpec, node: ast.FunctionDef) -> str | None:
    if _accepts(node, len(spec.params)):
        return None
    theirs = ", ".join(a.arg for a in node.args.posonlyargs + node.args.args)
    return (f"signature: the course calls {spec.name}({', '.join(spec.params)}), "
            f"yours is {node.name}({theirs})")


def _job(program: Program, spec: FunctionSpec, names: dict[str, str], cases: list[Case],
         swap: list[str]) -> tuple[dict, dict]:
    """The child's job; a swapped-out forward means the reference forward's cache is sent."""
    arrays: dict = {}
    reference_cache = spec.forward in swap
    encoded = [{"args": [encode(a, arrays, f"c{k}") for a in (
        resolve(spec, case.args) if reference_cache else case.args)]}
        for k, case in enumerate(cases)]
    forward = names.get(spec.forward) if spec.forward and not reference_cache else None
    return {"source": program.source, "call": names[spec.name], "forward": forward,
            "swap": [h for h in swap if h in spec.helpers], "keep": list(spec.keep),
            "params": list(spec.params), "cases": encoded}, arrays


def _run(program: Program, spec: FunctionSpec, names: dict[str, str], cases: list[Case],
         swap: list[str], timeout: float) -> FunctionReport:
    job, arrays = _job(program, spec, names, cases, swap)
    run = sandbox.run(job, arrays, timeout)
    start = 0
    for _ in range(RESTARTS):                       # a case that killed its child: go on after it
        if run.timed_out or not (run.load and run.load["ok"]):
            break
        missing = [k for k in range(start, len(cases)) if run.cases[k] is None]
        budget = timeout - run.seconds              # the limit is per function, restarts included
        if not missing or missing[0] + 1 >= len(cases) or budget < MIN_BUDGET:
            break
        run.deaths[missing[0]] = run.returncode
        start = missing[0] + 1
        job, arrays = _job(program, spec, names, cases[start:], swap)
        rest = sandbox.run(job, arrays, budget)
        if not rest.load or not rest.load["ok"]:
            break
        run.cases[start:], run.outputs[start:] = rest.cases, rest.outputs
        run.seconds += rest.seconds
        run.returncode, run.timed_out = rest.returncode, rest.timed_out
    first = next((k for k in range(start, len(cases)) if run.cases[k] is None), None)
    if first is not None:
        run.deaths[first] = None if run.timed_out else run.returncode
    return function_report(spec, names[spec.name], cases, run, program, timeout)


def _names(options: Options, program: Program) -> tuple[Convention, dict[str, str]]:
    names = {spec: spec for spec in SPECS}
    for course, student in options.mapping:
        if course not in SPECS:
            raise CheckError(f"--map: {course!r} is not a course function; known: "
                             f"{', '.join(SPECS)}")
        names[course] = student
    present = {course for course, student in names.items() if student in program.defs}
    convention = options.convention
    if convention is Convention.AUTO:
        convention = guess_convention(present)
    return convention, names


def _swap_helpers(report: FunctionReport, spec: FunctionSpec,
                  reports: dict[str, FunctionReport]) -> list[str]:
    if report.status not in (Status.FAIL, Status.ERROR):
        return []                                   # passed, or hung: a second hang costs double
    helpers = spec.helpers + ((spec.forward,) if spec.forward else ())
    return [h for h in helpers if h in reports and reports[h].status not in
            (Status.PASS, Status.MISSING)]


def _judge_all(program: Program, specs: list[FunctionSpec], names: dict[str, str],
               options: Options) -> dict[str, FunctionReport]:
    cases = {}
    for spec in specs:
        every = battery(spec)
        cases[spec.name] = [c for c in every if c.course] if options.course_only else every
    reports: dict[str, FunctionReport] = {}
    with ThreadPoolExecutor(max_workers=options.workers) as pool:
        futures = {s.name: pool.submit(_run, program, s, names, cases[s.name], [],
                                       options.timeout) for s in specs}
        reports = {name: future.result() for name, future in futures.items()}
        again = {s.name: swap for s in specs if (swap := _swap_helpers(reports[s.name], s,
                                                                        reports))}
        futures = {name: pool.submit(_run, program, SPECS[name], names, cases[name], swap,
                                     options.timeout) for name, swap in again.items()}
    for name, future in futures.items():
        reports[name] = _helped(reports[name], future.result(), again[name])
    return reports


def _helped(own: FunctionReport, swapped: FunctionReport, helpers: list[str]) -> FunctionReport:
    theirs = ", ".join(helpers)
    if swapped.status is not Status.PASS and own.name.endswith("backward_naive"):
        own.notes.append(f"could not be judged independently: its cache comes from your "
                         f"{theirs}, which fails its own cases (and with the reference's cache "
                         f"it fails too)")
        return own
    if swapped.status is Status.PASS:
        swapped.notes.append(f"right once the reference {theirs} replaces yours: the failures "
                             f"come from your {theirs}, not from {own.name}")
    else:
        swapped.notes.append(f"judged with the reference {theirs} in place of yours (which "
                             f"fails), so what is left is {own.name}'s own")
    swapped.seconds += own.seconds
    return swapped


def check_program(program: Program, options: Options) -> CheckReport:
    """Judge every course function found in ``program``."""
    convention, names = _names(options, program)
    unknown = [n for n in options.only if n not in SPECS]
    if unknown:
        raise CheckError(f"--only: unknown function {unknown[0]!r}; known: {', '.join(SPECS)}")
    specs = [s for s in specs_for(convention) if not options.only or s.name in options.only]
    report = CheckReport(program.path, convention.value, notes=list(program.skipped),
                         course_only=options.course_only)
    runnable = []
    for spec in specs:
        node = program.defs.get(names[spec.name])
        if node is None:
            report.functions.append(FunctionReport(spec.name, Status.MISSING))
        elif problem := _signature(spec, node):
            report.functions.append(FunctionReport(spec.name, Status.ERROR, node.name,
                                                   hint=problem))
        else:
            report.functions.append(FunctionReport(spec.name, Status.NOT_RUN, node.name))
            runnable.append(spec)
    judged = _judge_all(program, runnable, names, options)
    report.functions = [judged.get(f.name, f) for f in report.functions]
    return report


def check_file(path: str | Path, options: Options | None = None) -> CheckReport:
    """Check the student file ``path`` (.py or .ipynb); an ungradable file is reported, not
    raised (a path that is not a readable .py/.ipynb raises ``CheckError``)."""
    options = options or Options()
    try:
        program = load(path)
    except NotGradable as error:
        return CheckReport(str(path), options.convention.value, not_gradable=str(error))
    try:
        return check_program(program, options)
    except CheckError as error:
        if "no course function found" in str(error):
            return CheckReport(str(path), options.convention.value, not_gradable=str(error))
        raise
