"""From a clean copy: build the wheel, install it (not editable) into a fresh virtualenv, and use
every exercise from there — the files must ship with a plain ``pip install .``.

Run by hand (it builds and installs, so it is not part of the test suite, which checks the build
step alone in tests/test_exercises_packaging.py):  python benchmarks/check_wheel_install.py
"""

import json
import shutil
import subprocess
import sys
import tempfile
import time
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path) -> str:
    return subprocess.run(args, cwd=cwd, check=True, capture_output=True, text=True).stdout


def build(tmp_path: Path) -> tuple[Path, float]:
    source = tmp_path / "src"
    skip = shutil.ignore_patterns(".git", "__pycache__", "*.egg-info", "build")
    shutil.copytree(ROOT, source, ignore=skip)
    start = time.perf_counter()
    dist = str(tmp_path / "dist")
    run(sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-q", "-w", dist, cwd=source)
    return next((tmp_path / "dist").glob("*.whl")), time.perf_counter() - start


def install(tmp_path: Path, wheel: Path) -> Path:
    env = tmp_path / "venv"
    venv.create(env, system_site_packages=True, with_pip=True)
    run(str(env / "bin" / "python"), "-m", "pip", "install", "--no-deps", "-q", str(wheel),
        cwd=tmp_path)
    return env / "bin"


def every_answer(cnnlab: str, listed: list[dict], cwd: Path) -> str:
    """A sheet with every right answer, as ``show --solution`` gives them (starters made too)."""
    lines = []
    for e in listed:
        shown = run(cnnlab, "exercises", "show", e["id"], "--solution", "--json", cwd=cwd)
        if e["kind"] == "code":
            run(cnnlab, "exercises", "template", e["id"], cwd=cwd)
            continue
        lines.append(f"[{e['id']}]")
        for q in json.loads(shown)["exercises"][0]["questions"]:
            lines.append(f'{q["key"]} = "{q["answer"]["text"]}"')
    return "\n".join(lines) + "\n"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        wheel, built = build(tmp_path)
        data = [n for n in zipfile.ZipFile(wheel).namelist() if "cnnlab/exercises/data/" in n]
        bin_dir = install(tmp_path, wheel)
        cnnlab = str(bin_dir / "cnnlab")
        probe = "from cnnlab.exercises.data import data_root; print(data_root())"
        where = run(str(bin_dir / "python"), "-c", probe, cwd=tmp_path).strip()
        listed = json.loads(run(cnnlab, "exercises", "list", "--json", cwd=tmp_path))["exercises"]
        sheet = tmp_path / "all.toml"
        sheet.write_text(every_answer(cnnlab, listed, tmp_path), encoding="utf-8")
        graded = json.loads(run(cnnlab, "exercises", "grade", str(sheet), "--json", cwd=tmp_path))
    print(f"wheel built in {built:.1f} s: {wheel.name}, {len(data)} exercise files inside")
    print(f"installed copy reads its data from {where}")
    print(f"{len(listed)} exercises listed; a sheet with every answer: {graded['earned']:g} of "
          f"{graded['points']:g} points, all right: {graded['all_right']}")


if __name__ == "__main__":
    main()
