"""Airbyte's connector registry (the OSS registry JSON PyAirbyte reads): per connector its Docker
repository and tag, its language and its PyPI package. Read on the driver, kept an hour per
location in this process."""
import dataclasses
import json
import threading
import time
from typing import Dict, Optional, Tuple

from brickbyte.datasource import locations
from brickbyte.errors import AirbyteConfigError

_METADATA_URL = "https://connectors.airbyte.com/files/metadata/airbyte/{}/{}/"
_KEEP_SECONDS = 3600.0
_CACHE: Dict[str, Tuple[float, Dict[str, "Entry"]]] = {}
_LOCK = threading.Lock()


@dataclasses.dataclass(frozen=True)
class Entry:
    name: str
    docker_repository: str
    docker_image_tag: Optional[str]
    language: Optional[str]
    pypi_package: Optional[str]


def metadata_url(name: str, version: str) -> str:
    """Where Airbyte publishes a manifest-only connector's files."""
    return _METADATA_URL.format(name, version)


def find_entry(location: str, name: str) -> Entry:
    with _LOCK:
        cached = _CACHE.get(location)
        if cached is None or time.monotonic() - cached[0] > _KEEP_SECONDS:
            cached = (time.monotonic(), _parse(_read(location), location))
            _CACHE[location] = cached
    entry = cached[1].get(name)
    if entry is None:
        raise AirbyteConfigError(
            f"Option 'connector' = '{name}' is not in the Airbyte registry at {location} (option "
            "'registryUrl'). Accepted: a registry name such as source-faker, or pip:PACKAGE, "
            "manifest:PATH, docker:IMAGE:TAG, exec:PATH")
    return entry


def _read(location: str) -> dict:
    try:
        return json.loads(locations.read(location, False) or "")
    except locations.HttpStatusError as e:
        raise AirbyteConfigError(f"The registry at {location} (option 'registryUrl') answered "
                                 f"HTTP {e.status}") from None
    except (OSError, ValueError) as e:
        raise AirbyteConfigError(
            f"The registry at {location} (option 'registryUrl') cannot be read: {e}. Accepted: "
            "an http(s) URL or a local file of Airbyte's registry JSON; offline clusters name "
            "connectors with pip:, manifest: or docker: instead") from None


def _parse(registry: dict, location: str) -> Dict[str, Entry]:
    sources = registry.get("sources") if isinstance(registry, dict) else None
    if not isinstance(sources, list):
        raise AirbyteConfigError(
            f"The registry at {location} (option 'registryUrl') has no 'sources' array. "
            "Accepted: Airbyte's registry JSON, e.g. "
            "https://connectors.airbyte.com/files/registries/v0/oss_registry.json")
    entries = {}
    for source in sources:
        repository = source.get("dockerRepository") or ""
        if not repository:
            continue
        name = repository[repository.rfind("/") + 1:]
        pypi = (source.get("remoteRegistries") or {}).get("pypi") or {}
        package = pypi.get("packageName") if pypi.get("enabled") else None
        entries[name] = Entry(name, repository, source.get("dockerImageTag"),
                              source.get("language"), package)
    return entries
