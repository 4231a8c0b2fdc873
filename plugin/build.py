"""Build the plugin's wheel (``wagtail-eservices``): ``python plugin/build.py [--out DIR]``.

setuptools packages only what sits beside its pyproject.toml, and the repository's own
pyproject.toml packages the host site too. So this copies ``plugin/pyproject.toml``,
``plugin/README.md`` and the ``eservices`` package (without caches and compiled Python) into a
temporary folder and runs ``pip wheel`` there. The wheel lands in ``dist/`` by default; the
path of the wheel is printed last. pip fetches setuptools from the package index for the
isolated build, so it needs PyPI (or a mirror) the way ``pip install`` does.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = ROOT / "plugin"
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo", ".DS_Store", "*~")


def stage(into: Path) -> Path:
    """A source tree holding only the plugin, ready for pip."""
    source = into / "wagtail-eservices"
    source.mkdir()
    shutil.copy2(PLUGIN / "pyproject.toml", source / "pyproject.toml")
    shutil.copy2(PLUGIN / "README.md", source / "README.md")
    shutil.copytree(ROOT / "eservices", source / "eservices", ignore=IGNORED)
    return source


def build(out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="eservices-wheel-") as scratch:
        source = stage(Path(scratch))
        wheels = Path(scratch) / "wheels"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--no-deps",
                "--quiet",
                "--wheel-dir",
                str(wheels),
                str(source),
            ],
            check=True,
        )
        (built,) = wheels.glob("wagtail_eservices-*.whl")
        target = out / built.name
        shutil.copy2(built, target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="default: dist/")
    args = parser.parse_args()
    print(build(args.out.resolve()))


if __name__ == "__main__":
    main()
