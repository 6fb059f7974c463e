"""Ship the top-level ``exercises/`` data inside the package (everything else is in pyproject.toml).

The exercise files live at the repository's top level, where teachers find and edit them; a wheel
carries a copy as ``cnnlab/exercises/data/``, which ``cnnlab.exercises.data.data_root`` looks
for first. An editable install reads the repository's directory directly.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithExercises(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "cnnlab" / "exercises" / "data"
        shutil.copytree(
            ROOT / "exercises",
            target,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
        )


setup(cmdclass={"build_py": BuildWithExercises})
