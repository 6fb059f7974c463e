"""``cnnlab shape … --rf --svg FILE``: one unit's receptive field, drawn back to the input."""

from pathlib import Path
from typing import Any

from cnnlab.cli.output import MISTAKE, fail


def write_receptive_svg(
    network: Any, report: Any, path: Path, unit: str | None, as_json: bool
) -> None:
    """Trace ``unit`` (``ROWxCOL``, default the centre) of the last feature map and write the
    SVG; the note compares the traced extent with the table's RF column."""
    from cnnlab.draw.receptive import trace_receptive_field
    from cnnlab.render.rf_svg import receptive_svg
    from cnnlab.spec.values import parse_pair

    at = parse_pair("unit", unit, 0) if unit is not None else None
    trace = trace_receptive_field(network, report.input, at)
    top = [row for row in report.rows if row.depth == 0]
    notes: tuple[str, ...] = ()
    if len(trace.maps) > 1:
        rf, jump = top[len(trace.maps) - 2].receptive.format()
        notes = (f"the RF column of cnnlab shape --rf says {rf} (jump {jump}): r + (f − 1)·j, "
                 f"which does not clip at the borders",)
    try:
        path.write_text(receptive_svg(trace, notes), encoding="utf-8")
    except OSError as error:
        raise fail(f"cannot write {path}: {error.strerror}", MISTAKE, as_json, "OSError") from None
