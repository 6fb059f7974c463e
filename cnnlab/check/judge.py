"""Turn one child run into a ``FunctionReport``: per-case verdicts, the function's status, and
the mistake recognised by behaviour (with the line it most likely lives on)."""

from __future__ import annotations

import signal

from cnnlab.check.cases import Case
from cnnlab.check.catalog import FunctionSpec
from cnnlab.check.compare import base, judge
from cnnlab.check.loader import Program
from cnnlab.check.mistakes import Mistake, Outcome, error_kind, recognise
from cnnlab.check.report import CaseReport, FunctionReport, Status
from cnnlab.check.sandbox import ChildRun
from cnnlab.check.witness import witness

UNJUDGEABLE = {"StdinClosed", "SystemExit"}


def _ended(run: ChildRun, timeout: float, case: int | None = None) -> tuple[Status, str]:
    code = run.deaths.get(case, run.returncode) if case is not None else run.returncode
    if code is None or (case is None and run.timed_out):
        return Status.TIMEOUT, f"no result within the {timeout:g} s limit: killed (a hang?)"
    if code < 0:
        name = signal.Signals(-code).name
        why = {"SIGXCPU": "used up its CPU time", "SIGKILL": "was killed",
               "SIGSEGV": "crashed"}.get(name, "ended")
        return Status.ERROR, f"the process {why} ({name}) during this case, with no result"
    return Status.ERROR, (f"the process exited with code {code} during this case (os._exit or "
                          "similar), with no result")


def case_reports(spec: FunctionSpec, cases: list[Case], run: ChildRun,
                 timeout: float) -> list[CaseReport]:
    """One report per case; the case a child died on says how, later ones are 'not run'."""
    reports = []
    for k, (case, header, outputs) in enumerate(zip(cases, run.cases, run.outputs, strict=True)):
        if header is None and k in run.deaths:
            report = base(case)                     # the case its child died on
            report.status, report.message = _ended(run, timeout, k)
        else:
            report = judge(spec, case, header, outputs)
        reports.append(report)
    return reports


def _outcome(header: dict | None, outputs: list) -> Outcome | None:
    if header is None or header.get("stage") or header.get("mutated") or "returned" in header:
        return None
    if not header["ok"]:
        error = header.get("error") or {}
        kind = error.get("type")
        if kind in UNJUDGEABLE or header.get("stdin"):
            return None
        return Outcome(raised=error_kind(str(kind), str(error.get("message", ""))))
    return Outcome(outputs=tuple(outputs))


def status_of(reports: list[CaseReport]) -> Status:
    ran = [r for r in reports if r.status is not Status.NOT_RUN]
    if any(r.status is Status.TIMEOUT for r in ran):
        return Status.TIMEOUT
    if ran and all(r.passed for r in ran):
        return Status.PASS
    if ran and all(r.status is Status.ERROR for r in ran):
        return Status.ERROR
    return Status.FAIL


def _where(program: Program, student: str, mistake: Mistake, reports) -> str | None:
    node = program.defs.get(student)
    line = mistake.locate(node) if mistake.locate and node else None
    if line is None and node is not None:                  # an exception inside the function
        line = next((r.line for r in reports if r.line and not r.passed
                     and node.lineno <= r.line <= (node.end_lineno or node.lineno)), None)
    return program.where(line) if line else None


def _witness(spec: FunctionSpec, cases: list[Case], reports: list[CaseReport], run: ChildRun,
             notes: list[str]) -> None:
    names = [k for k in spec.keep if k]
    for k, report in enumerate(reports):
        name = report.where.split("[")[0]
        if report.status is Status.FAIL and name in names and len(run.outputs[k]) == len(names):
            index = names.index(name)
            if (said := witness(spec, cases[k], index, run.outputs[k][index])) is not None:
                notes.append(said)
            return


def _load_failed(report: FunctionReport, cases: list[Case], run: ChildRun, program: Program,
                 timeout: float) -> FunctionReport:
    error = (run.load or {}).get("error") or {}
    why = (f"{error.get('type')}: {error.get('message')}" if error
           else _ended(run, timeout)[1])
    report.hint = f"your file failed to load: {why}"
    line = error.get("line")
    report.hint_where = program.where(line) if isinstance(line, int) else None
    report.cases = [base(c) for c in cases]
    report.status = Status.TIMEOUT if run.timed_out else Status.ERROR
    if run.timed_out and report.cases:              # the limit ran out before the first result
        report.cases[0].status, report.cases[0].message = _ended(run, timeout)
    return report


def _explain(report: FunctionReport, spec: FunctionSpec, cases: list[Case], run: ChildRun,
             program: Program) -> None:
    """The recognised mistake and its line, else a hint for what the code did."""
    outcomes = [_outcome(h, o) for h, o in zip(run.cases, run.outputs, strict=True)]
    mistake = recognise(spec.name, cases, outcomes)
    if mistake is not None:
        report.hint, report.mistake = mistake.hint, mistake.key
        report.hint_where = _where(program, report.student_name or "", mistake, report.cases)
        return
    report.hint = _undefined(run) or _behaviour(report.cases)
    if report.hint:
        report.hint_where = next((c.at for c in report.cases if c.at and not c.passed), None)


def function_report(spec: FunctionSpec, student: str, cases: list[Case], run: ChildRun,
                    program: Program, timeout: float) -> FunctionReport:
    """Judge ``run`` (the child's results for ``cases``) and name the mistake if one fits."""
    report = FunctionReport(spec.name, Status.ERROR, student, seconds=run.seconds)
    if run.load is None or not run.load["ok"]:
        return _load_failed(report, cases, run, program, timeout)
    report.cases = case_reports(spec, cases, run, timeout)
    for case in report.cases:
        case.at = program.where(case.line) if isinstance(case.line, int) else ""
    report.status = status_of(report.cases)
    if any(h and h.get("printed") for h in run.cases):
        shown = (run.stdout or run.stderr).strip().splitlines()[:1]
        report.notes.append("prints while it runs" + (f" (first line: {shown[0]!r})"
                                                      if shown else ""))
    if report.status is Status.FAIL:
        _witness(spec, cases, report.cases, run, report.notes)
    if report.status in (Status.FAIL, Status.ERROR):
        _explain(report, spec, cases, run, program)
    elif report.status is Status.TIMEOUT:
        report.hint = (f"did not finish within {timeout:g} s: a loop that never ends, or far "
                       "too much work (see --timeout)")
    return report


GENERIC = {
    "SystemExit": "calls sys.exit(): a graded function must return its result, never exit",
    "MemoryError": "asks for more memory than the limit: are the arrays' shapes right?",
    "StdinClosed": "reads input(): a graded function gets everything from its arguments",
}


def _behaviour(cases: list[CaseReport]) -> str | None:
    """A hint for what the code did, when no mistake was recognised."""
    for case in cases:
        kind = case.message.split(":")[0].removeprefix("raised ")
        if case.message.startswith("read from stdin"):
            return GENERIC["StdinClosed"]
        if kind in GENERIC:
            return GENERIC[kind]
        if "during this case (os._exit" in case.message:
            return "ends the whole process (os._exit or a crash): return the result instead"
        if case.message.startswith("changed its input"):
            return ("changes an input array in place (e.g. `x -= ...` or `x[...] = ...`): "
                    "work on a copy, the caller's arrays must stay as they were")
    return None


def _undefined(run: ChildRun) -> str | None:
    """A NameError usually means a value the checker did not take from the file."""
    for header in run.cases:
        error = (header or {}).get("error") or {}
        if error.get("type") == "NameError":
            return (f"{error.get('message')}: the checker takes only your definitions, the "
                    "imports they use and call-free constants, never cells or lines that "
                    "compute something; define it inside the function or import it")
    return None
