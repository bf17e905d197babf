#!/usr/bin/env python3
"""Runs a pytest suite of the Python package against real PySpark, in a cached venv (Maven's
integration-test).

    python3 python-shim/run_tests.py [--suite shim|pyspark4|pyspark43] [pytest args]

Suites: `shim` (tests/, PySpark 3.5 with the shaded JAR; needs the environment Maven sets:
BRICKBYTE_JAR and BRICKBYTE_TEST_JARS, Delta's JARs comma-separated), `jar-pyspark4` (tests/
again, PySpark 4.2 with the Spark 4 JAR brickbyte-spark_2.13 and Delta 4's JARs; the same
environment variables as `shim`), `pyspark4` (tests-pyspark4/, PySpark 4.2 without any JAR: the
Python data source, pipelines, Delta 4 from BRICKBYTE_DELTA_JARS) and `pyspark43` (the Python
source's tests that need no Delta, on PySpark 4.3). Each suite's venv is built
once per content of its requirements file and Python version, under ~/.cache/brickbyte (or $BRICKBYTE_VENV_CACHE), with pip --isolated so that no
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
# suite -> (requirements file, tests folder, environment variables it needs)
SUITES = {
    "shim": ("requirements-test.txt", ["tests"], ("BRICKBYTE_JAR", "BRICKBYTE_TEST_JARS")),
    "pyspark4": ("requirements-test-pyspark4.txt", ["tests-pyspark4"], ()),
    # The newest PySpark, without Delta: the Python source's reads, actions, runs and conversion.
    "pyspark43": ("requirements-test-pyspark43.txt", [
        "tests-pyspark4/test_batch_read.py", "tests-pyspark4/test_source_actions.py",
        "tests-pyspark4/test_connector_runs.py", "tests-pyspark4/test_golden.py"], ()),
    # tests/ again, on PySpark 4.2 with the Spark 4 JAR (brickbyte-spark_2.13) and Delta 4.
    "jar-pyspark4": ("requirements-test-pyspark4.txt", ["tests"],
                     ("BRICKBYTE_JAR", "BRICKBYTE_TEST_JARS")),
}


def cache_root() -> Path:
    configured = os.environ.get("BRICKBYTE_VENV_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "brickbyte"


def venv_dir(requirements: Path) -> Path:
    key = hashlib.sha256(requirements.read_bytes() + sys.version.encode()).hexdigest()[:16]
    return cache_root() / f"python-tests-{key}"


def pip(python: Path, *args: str) -> None:
    env = dict(os.environ, PIP_CONFIG_FILE=os.devnull, PYTHONNOUSERSITE="1")
    subprocess.run([str(python), "-m", "pip", "--isolated", "--disable-pip-version-check",
                    *args], check=True, env=env)


def ensure_venv(requirements: Path) -> Path:
    venv = venv_dir(requirements)
    python = venv / "bin" / "python"
    venv.parent.mkdir(parents=True, exist_ok=True)
    # One build of this venv at a time (others wait, then reuse it); the two Maven builds, side
    # by side, may build different venvs at once.
    with open(venv.parent / f"{venv.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (venv / ".complete").exists():
            shutil.rmtree(venv, ignore_errors=True)
            print(f"Creating the Python test venv {venv} from {requirements.name} (pyspark is"
                  " ~300-450 MB, once)", flush=True)
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            pip(python, "install", "--quiet", "-r", str(requirements))
            (venv / ".complete").touch()
    return python


def copy_shim(tmp: str) -> Path:
    # Built from a copy: pip builds local projects in place and would leave build/ and
    # *.egg-info in the source tree.
    copy = Path(tmp) / "python-shim"
    shutil.copytree(SHIM_DIR, copy, ignore=shutil.ignore_patterns(
        "tests", "tests-*", "__pycache__", "*.egg-info", "build"))
    return copy


def install_shim(python: Path, copy: Path) -> None:
    pip(python, "install", "--quiet", "--no-deps", "--no-index", "--no-build-isolation",
        "--force-reinstall", str(copy))


def main() -> int:
    args = sys.argv[1:]
    suite = "shim"
    if args[:1] == ["--suite"] and len(args) > 1:
        suite, args = args[1], args[2:]
    if suite not in SUITES:
        print(f"run_tests.py: unknown suite {suite!r}; known: {', '.join(SUITES)}",
              file=sys.stderr)
        return 2
    requirements, tests, needed = SUITES[suite]
    for name in needed:
        if not os.environ.get(name):
            print(f"run_tests.py: {name} is not set (run it through `mvn -B verify`)",
                  file=sys.stderr)
            return 2
    python = ensure_venv(SHIM_DIR / requirements)
    with tempfile.TemporaryDirectory(prefix="brickbyte-shim-") as tmp:
        copy = copy_shim(tmp)
        install_shim(python, copy)
        # The cached venv is shared by every checkout on the machine: another run may reinstall
        # its own shim into it while this one runs. The copy's sources come first on the path
        # (Spark's Python workers inherit it), so this run tests this checkout's code.
        env = dict(os.environ, PYTHONNOUSERSITE="1", PYTHONDONTWRITEBYTECODE="1",
                   PYTHONPATH=str(copy / "src"))
        command = [str(python), "-m", "pytest", *(str(SHIM_DIR / t) for t in tests),
                   "-p", "no:cacheprovider", "-ra", *args]
        return subprocess.run(command, env=env, cwd=str(SHIM_DIR.parent)).returncode


if __name__ == "__main__":
    sys.exit(main())
