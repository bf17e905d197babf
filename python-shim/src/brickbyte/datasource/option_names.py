"""Refuses option keys that are none of ours, naming the closest known one: a misspelled option
(``idleTimout``) must not be silently ignored. Keys under ``spark.`` belong to Spark and pass.
The names are the JVM source's (``io.brickbyte.options.AirbyteOptions``)."""
from typing import Iterable, Optional

from brickbyte.errors import AirbyteConfigError

SOURCE = ("connector", "config", "configFile", "mode", "numberType", "nested", "idleTimeout",
          "connectorEnv", "tempDir", "stagingDir", "installDir", "pythonExecutable",
          "pipIndexUrl", "wheelhouse", "pipExtraArgs", "extraPackages", "installer",
          "registryUrl", "cdkPackage", "customComponents", "dockerNetwork", "dockerArgs")
READ = ("stream", "namespace", "syncMode", "cursorField", "state", "execution", "action",
        "startingState", "stateSchema", "maxRecordsPerTrigger", "catalogTtl", "refreshCatalog")
KNOWN = tuple(sorted(SOURCE + READ, key=str.lower))
_BY_LOWER = {name.lower(): name for name in KNOWN}


def check_names(keys: Iterable[str]) -> None:
    """Raises at the first key that is not an option of the source."""
    for key in keys:
        lower = key.lower()
        if lower in _BY_LOWER or lower.startswith("spark."):
            continue
        near = closest(lower)
        raise AirbyteConfigError(
            f"Option '{key}' is not an option of the airbyte source."
            + ("" if near is None else f" Did you mean '{near}'?")
            + " Accepted: " + ", ".join(KNOWN))


def closest(key: str) -> Optional[str]:
    """The known name nearest ``key`` by edit distance, if near enough to be a typo."""
    best = min(KNOWN, key=lambda name: distance(key, name.lower()))
    return best if distance(key, best.lower()) <= max(2, len(key) // 3) else None


def distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            substitution = previous[j - 1] + (a[i - 1] != b[j - 1])
            current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
        previous = current
    return previous[len(b)]
