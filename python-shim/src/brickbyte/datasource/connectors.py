"""Where a connector comes from and the command line that runs it: ``exec:``, ``pip:``,
``manifest:`` and Airbyte registry names, parsed from option ``connector`` as the JVM's
``Connectors`` does. Registry names are resolved once, on the driver; installs happen on the node
that runs the connector. ``docker:`` connectors are refused: the Python source runs where no
Docker engine is (serverless, pipelines)."""
import dataclasses
import hashlib
import json
import os
import re
import shlex
import subprocess
from typing import Any, Dict, List, Optional

from brickbyte.datasource import locations
from brickbyte.datasource.registry import find_entry, metadata_url
from brickbyte.datasource.venv import InstallSettings, Venv
from brickbyte.errors import AirbyteConfigError, AirbyteConnectorError

ACCEPTED = ("source-x or source-x==1.2.3 (the Airbyte registry), pip:PACKAGE[==VERSION], "
            "manifest:PATH (declarative YAML), docker:IMAGE:TAG, or exec:PATH [ARGS] (an "
            "executable that speaks the Airbyte protocol)")
_REGISTRY_NAME = re.compile(r"(source-[a-z0-9][a-z0-9-]*)(?:==([A-Za-z0-9][A-Za-z0-9._+-]*))?")
_REQUIREMENT = re.compile(
    r"([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*])?\s*((?:[=<>!~]=?|===)\s*[^\s;]+)?")
ENTRY_POINT = "source-declarative-manifest"
_YAML_TO_JSON = "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)"


class Connector:
    """A connector: its name (as messages give it) and the command line of a protocol verb."""

    name: str

    def command_line(self, args: List[str]) -> List[str]:
        raise NotImplementedError

    def config_for_connector(self, config_json: str) -> str:
        return config_json

    def environment(self) -> Dict[str, str]:
        return {}

    def specification(self) -> Optional[Dict[str, Any]]:
        """The spec where it is known without running ``spec``, else None."""
        return None

    def definition_files(self) -> List[str]:
        """Local files that decide what it answers (a script, a manifest): a catalog discovered
        before one of them changed is not reused (``catalog_cache``)."""
        return []

    def __repr__(self) -> str:
        return self.name


@dataclasses.dataclass(frozen=True, repr=False)
class ExecConnector(Connector):
    command: tuple

    @property
    def name(self) -> str:  # type: ignore[override]
        return "exec:" + " ".join(self.command)

    def command_line(self, args: List[str]) -> List[str]:
        return [*self.command, *args]

    def definition_files(self) -> List[str]:
        """The words of its command that name a file: the executable, the script it runs."""
        return _existing_files(self.command)


@dataclasses.dataclass(frozen=True, repr=False)
class PipConnector(Connector):
    requirement: str
    executable: str
    settings: InstallSettings

    @property
    def name(self) -> str:  # type: ignore[override]
        return "pip:" + self.requirement

    def command_line(self, args: List[str]) -> List[str]:
        venv = Venv([self.requirement], self.settings)
        venv.ensure_installed()
        return [str(venv.bin(self.executable)), *args]


@dataclasses.dataclass(frozen=True, repr=False)
class ManifestConnector(Connector):
    """A declarative YAML source run by airbyte-cdk's ``source-declarative-manifest``; the
    manifest reaches it inside the config, as Airbyte's platform passes it. ``components.py`` is
    injected only with option ``customComponents=true``: it is arbitrary Python."""

    manifest: str
    components: Optional[str]
    settings: InstallSettings

    @property
    def name(self) -> str:  # type: ignore[override]
        return "manifest:" + self.manifest

    def venv(self) -> Venv:
        return Venv([self.settings.cdk_requirement], self.settings)

    def command_line(self, args: List[str]) -> List[str]:
        venv = self.venv()
        venv.ensure_installed()
        return [str(venv.bin(ENTRY_POINT)), *args]

    def config_for_connector(self, config_json: str) -> str:
        config = json.loads(config_json)
        config["__injected_declarative_manifest"] = self._manifest_json()
        code = self._components_text()
        if code:
            config["__injected_components_py"] = code
            config["__injected_components_py_checksums"] = {
                "md5": hashlib.md5(code.encode("utf-8")).hexdigest()}
        return json.dumps(config)

    def environment(self) -> Dict[str, str]:
        return {"AIRBYTE_ENABLE_UNSAFE_CODE": "true"} if self._components_text() else {}

    def definition_files(self) -> List[str]:
        return _existing_files([self.manifest] + ([self.components] if self.components else []))

    def specification(self) -> Optional[Dict[str, Any]]:
        spec = self._manifest_json().get("spec") or {}
        connection = spec.get("connection_specification")
        if not isinstance(connection, dict):
            raise AirbyteConnectorError(
                f"Connector {self.name} has no spec.connection_specification in its manifest")
        out: Dict[str, Any] = {}
        if spec.get("documentation_url") is not None:
            out["documentationUrl"] = spec["documentation_url"]
        out["connectionSpecification"] = connection
        if "advanced_auth" in spec:
            out["advanced_auth"] = spec["advanced_auth"]
        return out

    def _manifest_json(self) -> Dict[str, Any]:
        # Read once per instance (a task's, or the driver's), as the JVM's transient field.
        cached = self.__dict__.get("_manifest_cache")
        if cached is None:
            cached = self._load_manifest()
            object.__setattr__(self, "_manifest_cache", cached)
        return json.loads(json.dumps(cached))

    def _load_manifest(self) -> Dict[str, Any]:
        text = self._fetch(self.manifest, optional=False)
        venv = self.venv()
        venv.ensure_installed()
        done = subprocess.run([str(venv.bin("python")), "-c", _YAML_TO_JSON],
                              input=(text or "").encode("utf-8"), capture_output=True)
        if done.returncode != 0:
            raise AirbyteConfigError(f"The manifest of connector {self.name} is not valid YAML: "
                                     + done.stderr.decode("utf-8", "replace").strip())
        node = json.loads(done.stdout)
        if not isinstance(node, dict):
            raise AirbyteConfigError(f"The manifest of connector {self.name} is not a YAML mapping")
        return node

    def _components_text(self) -> Optional[str]:
        if not self.settings.custom_components or not self.components:
            return None
        return self._fetch(self.components, optional=True) or None

    def _fetch(self, location: str, optional: bool) -> Optional[str]:
        try:
            return locations.read(location, optional)
        except locations.HttpStatusError as e:
            raise AirbyteConfigError(
                f"Connector {self.name}: {location} answered HTTP {e.status}") from None
        except OSError as e:
            raise AirbyteConfigError(
                f"Connector {self.name}: cannot read {location} ({e})") from None


def parse(value: Optional[str], settings: InstallSettings) -> Connector:
    """Parses option ``connector``; registry names are resolved here, on the driver."""
    if value is None or not value.strip():
        raise AirbyteConfigError("Option 'connector' is required. Accepted: " + ACCEPTED)
    spec = value.strip()
    if spec.startswith("exec:"):
        try:
            command = shlex.split(spec[len("exec:"):])
        except ValueError as e:
            raise AirbyteConfigError(
                f"Option 'connector' has an unclosed quote ({e}). Accepted: " + ACCEPTED) from None
        if not command:
            raise AirbyteConfigError(
                "Option 'connector' = 'exec:' names no executable. Accepted: " + ACCEPTED)
        return ExecConnector(tuple(command))
    if spec.startswith("pip:"):
        return _pip(spec[len("pip:"):], settings)
    if spec.startswith("manifest:"):
        return _manifest(spec[len("manifest:"):], settings)
    if spec.startswith("docker:"):
        raise AirbyteConfigError(
            f"Option 'connector' = '{spec}' is not accepted: the Python source runs no docker: "
            "connectors (serverless compute and pipelines have no Docker engine; the JVM source "
            "runs them on classic clusters). Accepted: source-x (a Python or manifest-only "
            "connector of the registry), pip:PACKAGE, manifest:PATH, or exec:PATH [ARGS]")
    registry_name = _REGISTRY_NAME.fullmatch(spec)
    if registry_name:
        return _from_registry(registry_name.group(1), registry_name.group(2), settings)
    raise AirbyteConfigError(
        f"Option 'connector' = '{spec}' is not a connector this version can run. Accepted: "
        + ACCEPTED)


def _pip(requirement: str, settings: InstallSettings) -> PipConnector:
    match = _REQUIREMENT.fullmatch(requirement.strip())
    if not match:
        raise AirbyteConfigError(
            f"Option 'connector' = 'pip:{requirement}' is not a package requirement. Accepted: "
            "pip:PACKAGE or pip:PACKAGE==VERSION, e.g. pip:airbyte-source-faker==6.2.1")
    name = match.group(1)
    executable = name[len("airbyte-"):] if name.startswith("airbyte-") else name
    return PipConnector(re.sub(r"\s+", "", requirement.strip()), executable, settings)


def _manifest(location: str, settings: InstallSettings) -> ManifestConnector:
    manifest = location.strip()
    if not manifest:
        raise AirbyteConfigError(
            "Option 'connector' = 'manifest:' names no manifest. Accepted: manifest:PATH of a "
            "declarative YAML source, or manifest:https://... ")
    if locations.is_url(manifest):
        components = manifest[:manifest.rfind("/") + 1] + "components.py"
    else:
        components = os.path.join(os.path.dirname(os.path.abspath(manifest)), "components.py")
    return ManifestConnector(manifest, components, settings)


def _from_registry(name: str, version: Optional[str], settings: InstallSettings) -> Connector:
    """As PyAirbyte resolves a name: manifest-only connectors run their manifest, Python ones
    their PyPI package; the registry's current version is pinned when none is given."""
    entry = find_entry(settings.registry_url, name)
    pinned = version or entry.docker_image_tag
    if entry.language == "manifest-only":
        files = metadata_url(name, pinned or "latest")
        return ManifestConnector(files + "manifest.yaml", files + "components.py", settings)
    if entry.language == "python" and entry.pypi_package:
        return PipConnector(entry.pypi_package + (f"=={pinned}" if pinned else ""), name,
                            settings)
    raise AirbyteConfigError(
        f"Option 'connector' = '{name}' is not accepted: the registry has it as a Docker image "
        f"only ({entry.docker_repository}), and the Python source runs no Docker images. "
        "Accepted: a Python or manifest-only connector of the registry, pip:PACKAGE, "
        "manifest:PATH, or exec:PATH [ARGS]; on a classic cluster the JVM source runs images")


def _existing_files(words: Any) -> List[str]:
    """The regular files among ``words``; URLs, flags and missing paths are left out."""
    return [os.path.abspath(w) for w in words
            if not locations.is_url(w) and os.path.isfile(w)]
