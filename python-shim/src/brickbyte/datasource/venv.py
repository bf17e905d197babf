"""Connector virtualenvs, installed once per node and reused by every task and job.

As the JVM's ``Venv``: installs are serialized by a lock file beside the venv (workers of several
processes share a node) and finished by a marker written last; a venv without it is a killed or
failed install, deleted and redone. uv installs where it is on the PATH (option ``installer``).
"""
import dataclasses
import fcntl
import hashlib
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from brickbyte.datasource.environment import minimal_environment
from brickbyte.datasource.output_tail import OutputTail
from brickbyte.errors import AirbyteConnectorError

MARKER = ".brickbyte-installed"
LOG = logging.getLogger("brickbyte.datasource.venv")
_PROCESS_LOCKS: Dict[str, threading.Lock] = {}
_PROCESS_LOCKS_GUARD = threading.Lock()


@dataclasses.dataclass(frozen=True)
class InstallSettings:
    """How connectors are found and installed on a node; checked once on the driver."""

    install_dir: Optional[str] = None
    python_executable: str = "python3"
    pip_index_url: Optional[str] = None
    wheelhouse: Optional[str] = None
    pip_extra_args: Tuple[str, ...] = ()
    extra_packages: Tuple[str, ...] = ()
    installer: str = "auto"
    registry_url: str = "https://connectors.airbyte.com/files/registries/v0/oss_registry.json"
    cdk_requirement: str = "airbyte-cdk"
    custom_components: bool = False

    def install_path(self) -> Path:
        if self.install_dir:
            return Path(self.install_dir)
        local_disk = Path("/local_disk0")
        if local_disk.is_dir() and os.access(local_disk, os.W_OK):
            return local_disk / "brickbyte"
        return Path(tempfile.gettempdir()) / "brickbyte"

    def use_uv(self) -> bool:
        if self.installer == "auto":
            return shutil.which("uv") is not None
        return self.installer == "uv"

    def __repr__(self) -> str:
        # The index URL may carry a token: never printed.
        return (f"InstallSettings(installDir={self.install_dir}, python={self.python_executable}, "
                f"installer={self.installer}, registry={self.registry_url})")


class Venv:
    """A venv on this node holding ``requirements``."""

    def __init__(self, requirements: List[str], settings: InstallSettings) -> None:
        self.requirements = list(requirements)
        self.settings = settings
        self.dir = settings.install_path() / "venvs" / dir_name(requirements, settings)

    def bin(self, name: str) -> Path:
        return self.dir / "bin" / name

    def is_installed(self) -> bool:
        return (self.dir / MARKER).is_file()

    def ensure_installed(self) -> bool:
        """Installs unless a finished venv exists; True if this call installed it."""
        if self.is_installed():
            return False
        with _PROCESS_LOCKS_GUARD:
            process_lock = _PROCESS_LOCKS.setdefault(str(self.dir), threading.Lock())
        with process_lock:  # file locks are per process: threads queue here first
            try:
                self.dir.parent.mkdir(parents=True, exist_ok=True)
                with open(self.dir.parent / (self.dir.name + ".lock"), "w") as lock:
                    fcntl.flock(lock, fcntl.LOCK_EX)
                    if self.is_installed():
                        return False
                    self._install()
                    return True
            except OSError as e:
                raise AirbyteConnectorError(
                    f"cannot install {' '.join(self.requirements)} into {self.dir}: {e}") from e

    def _install(self) -> None:
        if self.dir.exists():
            LOG.warning("Removing the unfinished venv %s (an install was interrupted) and "
                        "installing again", self.dir)
            shutil.rmtree(self.dir)
        uv = self.settings.use_uv()
        python = self.settings.python_executable
        LOG.info("Installing %s into %s with %s", " ".join(self.requirements), self.dir,
                 "uv" if uv else "pip")
        if uv:
            self._run(["uv", "venv", "--quiet", "--python", python, str(self.dir)], "uv venv")
            install = ["uv", "pip", "install", "--python", str(self.bin("python"))]
        else:
            self._run([python, "-m", "venv", str(self.dir)], "python -m venv")
            install = [str(self.bin("python")), "-m", "pip", "install",
                       "--disable-pip-version-check"]
        if self.settings.wheelhouse:
            install += ["--no-index", "--find-links", self.settings.wheelhouse]
        elif self.settings.pip_index_url:
            install += ["--index-url", self.settings.pip_index_url]
        install += list(self.settings.pip_extra_args) + self.requirements
        install += list(self.settings.extra_packages)
        self._run(install, "uv pip install" if uv else "pip install")
        (self.dir / MARKER).write_text("\n".join(self.requirements) + "\n", encoding="utf-8")
        LOG.info("Installed %s into %s", " ".join(self.requirements), self.dir)

    def _run(self, command: List[str], step: str) -> None:
        # Installs run packages' build code: the connectors' minimal environment, never the
        # node's credentials or its VIRTUAL_ENV.
        tail = OutputTail()
        try:
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL, env=minimal_environment(()),
                                       start_new_session=True)
        except OSError as e:
            option = "installer" if step.startswith("uv") else "pythonExecutable"
            raise AirbyteConnectorError(
                f"cannot install {' '.join(self.requirements)}: {step} cannot start ({e}). "
                f"Check option '{option}'") from None
        assert process.stdout is not None
        for raw in process.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            LOG.info("[%s] %s", step, line)
            tail.add(line)
        code = process.wait()
        if code != 0:
            raise AirbyteConnectorError(
                f"cannot install {' '.join(self.requirements)} into {self.dir}: {step} exited "
                f"with code {code}. Its last lines:\n{tail.text()}")


def dir_name(requirements: List[str], settings: InstallSettings) -> str:
    """A readable, file-safe name that changes with anything that changes the venv's content:
    the JVM's name for the same venv, so both engines share a node's venvs."""
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", requirements[0])[:60]
    identity = "\n".join([*requirements, _java(list(settings.extra_packages)),
                          settings.python_executable, _java(settings.pip_index_url),
                          _java(settings.wheelhouse), _java(list(settings.pip_extra_args))])
    return readable + "-" + hashlib.sha256(identity.encode()).hexdigest()[:12]


def _java(value: object) -> str:
    """As Java's String.valueOf writes a value: null, [a, b]."""
    if value is None:
        return "null"
    if isinstance(value, list):
        return "[" + ", ".join(value) + "]"
    return str(value)
