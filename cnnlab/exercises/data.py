"""The exercise files: where they are, and how one TOML file becomes an ``Exercise``.

The files live in the repository's top-level ``exercises/`` directory; a wheel carries them as
``cnnlab/exercises/data/`` (``setup.py`` copies them at build time). Each file is checked against
the schema, and a mistake names the file and the field.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from cnnlab.errors import ExerciseError
from cnnlab.exercises.model import Ask, Exercise, Kind, NetworkText, Source, Text
from cnnlab.exercises.tolerance import parse_tolerance

COURSES = ("nndl", "ng", "dlai", "cs231n")
_TOP = {
    "id", "aliases", "kind", "title", "source", "statement", "ask", "networks", "errata",
    "solution", "model_answer", "rubric", "prove", "convention", "starter",
}
_ASK = {"key", "en", "zh", "of", "points", "tolerance"}


def data_root() -> Path:
    """The directory holding the exercise files (installed copy first, then the repository's)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parents[1] / "exercises"):
        if candidate.is_dir():
            return candidate
    raise ExerciseError("the exercise files are not installed (reinstall cnnlab)")


def unwrap(text: str, joiner: str = " ") -> str:
    """The lines of each paragraph joined (files wrap them; screens and pages re-wrap).

    >>> unwrap("one\\ntwo\\n\\nthree\\n")
    'one two\\n\\nthree'
    """
    paragraphs = text.strip().split("\n\n")
    return "\n\n".join(joiner.join(ln.strip() for ln in p.splitlines()) for p in paragraphs)


def _text(raw: Any, where: str, required: bool = True) -> Text | None:
    if raw is None and not required:
        return None
    if isinstance(raw, str):
        return Text(unwrap(raw))
    if isinstance(raw, dict) and isinstance(raw.get("en"), str) and set(raw) <= {"en", "zh"}:
        zh = raw.get("zh")
        if zh is not None and not isinstance(zh, str):
            raise ExerciseError(f"{where}.zh must be text")
        return Text(unwrap(raw["en"]), unwrap(zh, "") if zh else None)
    raise ExerciseError(f"{where} must be text or a table with en (and zh)")


def _texts(raw: Any, where: str) -> tuple[Text, ...]:
    if not isinstance(raw, list):
        raise ExerciseError(f"{where} must be a list")
    return tuple(_text(item, f"{where}[{i}]") for i, item in enumerate(raw))


def _ask(raw: Any, where: str) -> Ask:
    if not isinstance(raw, dict) or not isinstance(raw.get("key"), str):
        raise ExerciseError(f"{where} must be a table with a key")
    where = f"{where} ({raw['key']})"
    if "of" not in raw:
        raise ExerciseError(f"{where}: missing 'of' (what is asked)")
    points = raw.get("points", 1)
    if not isinstance(points, int | float) or isinstance(points, bool) or points <= 0:
        raise ExerciseError(f"{where}: points must be a positive number, got {points!r}")
    args = {k: v for k, v in raw.items() if k not in _ASK}
    text = _text({k: raw[k] for k in ("en", "zh") if k in raw}, where)
    tolerance = parse_tolerance(raw.get("tolerance"), where)
    return Ask(raw["key"], text, raw["of"], args, float(points), tolerance)


def _networks(raw: Any, where: str) -> dict[str, NetworkText]:
    if not isinstance(raw, dict):
        raise ExerciseError(f"{where}: networks must be a table of named networks")
    nets = {}
    for name, net in raw.items():
        if not (isinstance(net, dict) and set(net) == {"input", "layers"}):
            raise ExerciseError(f"{where}: networks.{name} needs exactly input and layers")
        nets[name] = NetworkText(str(net["input"]), str(net["layers"]))
    return nets


def _source(raw: Any, where: str) -> Source:
    if not isinstance(raw, dict) or raw.get("course") not in COURSES:
        raise ExerciseError(f"{where}: source.course must be one of {', '.join(COURSES)}")
    return Source(raw["course"], str(raw.get("name", "")), str(raw.get("item", "")))


def parse_exercise(raw: dict[str, Any], where: str) -> Exercise:
    """One exercise from its parsed TOML table; ``where`` names the file in errors."""
    unknown = set(raw) - _TOP
    if unknown:
        raise ExerciseError(f"{where}: unknown field {sorted(unknown)[0]!r}")
    for name in ("id", "kind", "title", "source", "statement"):
        if name not in raw:
            raise ExerciseError(f"{where}: missing field {name!r}")
    try:
        kind = Kind(raw["kind"])
    except ValueError:
        raise ExerciseError(f"{where}: kind must be numeric, code, proof or open") from None
    asks = tuple(_ask(a, f"{where}: ask[{i}]") for i, a in enumerate(raw.get("ask", [])))
    if len({a.key for a in asks}) != len(asks):
        raise ExerciseError(f"{where}: two asks share a key")
    return Exercise(
        id=str(raw["id"]),
        kind=kind,
        title=_text(raw["title"], f"{where}: title"),
        source=_source(raw["source"], where),
        statement=_text(raw["statement"], f"{where}: statement"),
        asks=asks,
        aliases=tuple(raw.get("aliases", ())),
        networks=_networks(raw.get("networks", {}), where),
        errata=_texts(raw.get("errata", []), f"{where}: errata"),
        solution=_text(raw.get("solution"), f"{where}: solution", required=False),
        model_answer=_text(raw.get("model_answer"), f"{where}: model_answer", required=False),
        rubric=_texts(raw.get("rubric", []), f"{where}: rubric"),
        prove=raw.get("prove"),
        convention=raw.get("convention"),
        starter=raw.get("starter"),
    )


@lru_cache(maxsize=1)
def load_all() -> tuple[Exercise, ...]:
    """Every exercise shipped with cnnlab, in file order (by course, then file name)."""
    root = data_root()
    exercises = []
    for path in sorted(root.glob("*/*.toml"), key=lambda p: (_course_rank(p), p.name)):
        where = f"{path.parent.name}/{path.name}"
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise ExerciseError(f"{where}: not valid TOML: {error}") from None
        exercises.append(parse_exercise(raw, where))
    return tuple(exercises)


def _course_rank(path: Path) -> int:
    name = path.parent.name
    return COURSES.index(name) if name in COURSES else len(COURSES)


def starter_text(exercise: Exercise) -> str:
    """The starter code of a code exercise, as shipped."""
    if exercise.starter is None:
        raise ExerciseError(f"{exercise.id} has no starter code (it is a {exercise.kind} exercise)")
    return (data_root() / exercise.source.course / exercise.starter).read_text(encoding="utf-8")
