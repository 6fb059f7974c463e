"""Judge one case: the child's header and outputs against the reference's expected outputs."""

from __future__ import annotations

import numpy as np

from cnnlab.check.cases import Case
from cnnlab.check.catalog import FunctionSpec
from cnnlab.check.report import CaseReport, Status
from cnnlab.reference.gradcheck import rel_error


def _shape(a: np.ndarray) -> tuple[int, ...]:
    return tuple(int(n) for n in a.shape)


def base(case: Case) -> CaseReport:
    return CaseReport(case.name, case.seed, case.course, Status.NOT_RUN,
                      expected_shapes=[_shape(e) for e in case.expected],
                      tolerance=f"rtol {case.rtol:g}, atol {case.atol:g}")


def _error(report: CaseReport, header: dict) -> CaseReport:
    error = {"type": "Error", "message": "", "line": None, **(header.get("error") or {})}
    report.status = Status.ERROR
    prefix = "your forward (building the cache) raised " if header.get("stage") else "raised "
    report.message = f"{prefix}{error['type']}: {error['message']}"
    if error["type"] == "StdinClosed" or header.get("stdin"):
        report.message = "read from stdin (input() or sys.stdin): stdin is closed while checking"
    report.line = error.get("line")
    return report


def _difference(report: CaseReport, names: list[str], got, expected, case: Case) -> None:
    for name, g, e in zip(names, got, expected, strict=True):
        if g.shape != e.shape:
            report.message = f"{name}: shape {_shape(g)}, expected {_shape(e)}"
            return
        g64, e64 = g.astype(np.float64), e.astype(np.float64)
        if np.allclose(g64, e64, rtol=case.rtol, atol=case.atol):
            continue
        gap = np.abs(g64 - e64)
        gap = np.where(np.isnan(gap), np.inf, gap)
        index = np.unravel_index(int(np.argmax(gap)), gap.shape) if gap.ndim else ()
        report.max_difference = float(gap[index])
        report.where = f"{name}[{', '.join(str(int(k)) for k in index)}]"
        report.rel_error = rel_error(g64, e64) if np.all(np.isfinite(g64)) else None
        report.message = (f"{name} differs: largest difference {report.max_difference:.3g} at "
                          f"{report.where} (got {g64[index]:.6g}, expected {e64[index]:.6g})")
        return


def judge(spec: FunctionSpec, case: Case, header: dict | None,
          outputs: list[np.ndarray]) -> CaseReport:
    """A pass only when the child returned every output, of the right shapes and values."""
    report = base(case)
    if header is None:
        return report
    if not header["ok"]:
        return _error(report, header)
    report.status = Status.FAIL
    if "returned" in header:
        report.message = f"returned {header['returned']}"
        return report
    report.got_shapes = [_shape(o) for o in outputs]
    kind = str((header.get("types") or ["?"])[0])
    names = [k for k in spec.keep if k]
    if len(outputs) != len(names):
        report.message = f"returned {len(outputs)} outputs, expected {len(names)}"
        return report
    if spec.scalar and kind.startswith("numpy.ndarray"):
        report.message = f"returned an array of shape {report.got_shapes[0]}, not a number"
        return report
    if spec.scalar and case.course and not kind.startswith("numpy.float"):
        report.message = f"returned a {kind}: the course's test wants a NumPy float (np.float64)"
        return report
    if header.get("mutated"):
        report.message = f"changed its input {', '.join(map(str, header['mutated']))} in place"
        return report
    _difference(report, names, outputs, case.expected, case)
    if not report.message:
        report.status = Status.PASS
    return report
