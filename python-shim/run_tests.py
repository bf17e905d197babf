#!/usr/bin/env python3
"""Runs the shim's pytest suite against real PySpark, in a cached venv (Maven's integration-test).

    python3 python-shim/run_tests.py [pytest args]

Needs the environment Maven sets: BRICKBYTE_JAR (the shaded JAR) and BRICKBYTE_TEST_JARS (Delta's
JARs, comma-separated). The venv is built once per content of requirements-test.txt and Python
version, under ~/.cache/brickbyte (or $BRICKBYTE_VENV_CACHE), with pip --isolated so that no
machine's pip configuration leaks in; the shim itself is installed fresh into it on every run.
"""
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SHIM_DIR = Path(__file__).resolve().parent
REQUIREMENTS = SHIM_DIR / "requirements-test.txt"


def cache_root() -> Path:
    configured = os.environ.get("BRICKBYTE_VENV_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "brickbyte"


def venv_dir() -> Path:
    key = hashlib.sha256(REQUIREMENTS.read_bytes() + sys.version.encode()).hexdigest()[:16]
    return cache_root() / f"python-tests-{key}"


def pip(python: Path, *args: str) -> None:
    env = dict(os.environ, PIP_CONFIG_FILE=os.devnull, PYTHONNOUSERSITE="1")
    subprocess.run([str(python), "-m", "pip", "--isolated", "--disable-pip-version-check",
                    *args], check=True, env=env)


def ensure_venv() -> Path:
    venv = venv_dir()
    python = venv / "bin" / "python"
    venv.parent.mkdir(parents=True, exist_ok=True)
    with open(venv.parent / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time; others wait, then reuse it
        if not (venv / ".complete").exists():
            shutil.rmtree(venv, ignore_errors=True)
            print(f"Creating the Python test venv {venv} (pyspark is ~300 MB, once)", flush=True)
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            pip(python, "install", "--quiet", "-r", str(REQUIREMENTS))
            (venv / ".complete").touch()
    return python


def install_shim(python: Path) -> None:
    # Built from a copy: pip builds local projects in place and would leave build/ and
    # *.egg-info in the source tree.
    with tempfile.TemporaryDirectory(prefix="brickbyte-shim-") as tmp:
        copy = Path(tmp) / "python-shim"
        shutil.copytree(SHIM_DIR, copy, ignore=shutil.ignore_patterns(
            "tests", "__pycache__", "*.egg-info", "build"))
        pip(python, "install", "--quiet", "--no-deps", "--no-index", "--no-build-isolation",
            "--force-reinstall", str(copy))


def main() -> int:
    for name in ("BRICKBYTE_JAR", "BRICKBYTE_TEST_JARS"):
        if not os.environ.get(name):
            print(f"run_tests.py: {name} is not set (run it through `mvn -B verify`)",
                  file=sys.stderr)
            return 2
    python = ensure_venv()
    install_shim(python)
    env = dict(os.environ, PYTHONNOUSERSITE="1", PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTHONPATH", None)
    command = [str(python), "-m", "pytest", str(SHIM_DIR / "tests"), "-p", "no:cacheprovider",
               "-ra", *sys.argv[1:]]
    return subprocess.run(command, env=env, cwd=str(SHIM_DIR.parent)).returncode


if __name__ == "__main__":
    sys.exit(main())
