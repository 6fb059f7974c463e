"""The exercise files ship inside the package built for ``pip install .``, not only in the
repository: the build step copies ``exercises/`` to ``cnnlab/exercises/data/`` and the loader,
run from the built tree alone, finds them there."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_the_built_package_carries_every_exercise_file(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in ("cnnlab", "exercises"):
        shutil.copytree(ROOT / name, source / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    build = tmp_path / "build"
    subprocess.run(
        [sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(build)],
        cwd=source, check=True, capture_output=True, timeout=120,
    )
    shipped = {p.relative_to(ROOT / "exercises") for p in (ROOT / "exercises").rglob("*.*")}
    data = build / "cnnlab" / "exercises" / "data"
    assert shipped and {p.relative_to(data) for p in data.rglob("*.*")} == shipped
    probe = (
        "from cnnlab.exercises.data import data_root, load_all; "
        "print(data_root()); print(len(load_all()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, env={"PYTHONPATH": str(build)},
        check=True, capture_output=True, text=True, timeout=60,
    ).stdout.split()
    assert Path(out[0]) == data
    assert int(out[1]) == len(list((ROOT / "exercises").glob("*/*.toml")))


def test_the_sdist_manifest_includes_the_exercises():
    assert "graft exercises" in (ROOT / "MANIFEST.in").read_text()
