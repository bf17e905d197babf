"""Catalogs discovered in this Python process, reused by later loads of the same connector and
config (options ``catalogTtl`` and ``refreshCatalog``), as the JVM source's
``io.brickbyte.connector.CatalogCache`` does on the driver.

Spark calls ``DataSource.schema()`` in a Python worker of the driver (the planner's), and reuses
that worker for later loads while ``spark.python.worker.reuse`` is on (the default), so a second
``load()`` finds what the first discovered. An idle worker is stopped after a minute of no Python
work and a new one starts empty: then the load discovers again (docs/python-source.md).

The key holds the config only as a SHA-256 digest; the connector's setup (install settings,
which may hold an index token, and the environment it is given) is digested too.
"""
import copy
import dataclasses
import hashlib
import logging
import os
import re
import threading
import time
from collections import OrderedDict
from datetime import timedelta
from typing import Any, Callable, Dict, Optional, Tuple

from brickbyte.datasource.config import ConnectorConfig
from brickbyte.datasource.connectors import Connector
from brickbyte.datasource.option_values import OptionValues, refused
from brickbyte.errors import AirbyteConfigError

LOG = logging.getLogger("brickbyte.datasource.catalog")
MAX_ENTRIES = 64
DEFAULT_TTL_SECONDS = 5 * 60.0
_ZERO = re.compile(r"0+\s*(ms|s|m|h|d)?|pt0+s")
_ACCEPTED = "0 (every load discovers), or a duration of at most 365d, e.g. 90s, 10m, 2h, PT10M"


@dataclasses.dataclass(frozen=True)
class CatalogReuse:
    """How a load may reuse a discovered catalog: ``ttl_seconds`` 0 never reuses nor keeps one;
    ``refresh`` discovers now and keeps the answer."""

    ttl_seconds: float = DEFAULT_TTL_SECONDS
    refresh: bool = False

    @property
    def enabled(self) -> bool:
        return self.ttl_seconds > 0

    @staticmethod
    def parse(values: OptionValues) -> "CatalogReuse":
        return CatalogReuse(_ttl_seconds(values), values.bool("refreshCatalog", False))


def _ttl_seconds(values: OptionValues) -> float:
    value = values.get("catalogTtl")
    if value is None:
        return DEFAULT_TTL_SECONDS
    if _ZERO.fullmatch(value.strip().lower()):
        return 0.0
    try:
        return values.duration("catalogTtl", timedelta(seconds=DEFAULT_TTL_SECONDS)).total_seconds()
    except AirbyteConfigError:
        raise refused("catalogTtl", value, "not a duration", _ACCEPTED) from None


@dataclasses.dataclass(frozen=True)
class CatalogKey:
    """What a discovered catalog depends on, with nothing secret in it."""

    connector: str
    setup_digest: str
    config_digest: str

    @staticmethod
    def of(connector: Connector, connector_env: Tuple[str, ...],
           config: ConnectorConfig) -> "CatalogKey":
        setup = hashlib.sha256(type(connector).__name__.encode())
        # Every field of the resolved connector (version, package, manifest, install settings).
        setup.update(repr(dataclasses.astuple(connector)).encode()
                     if dataclasses.is_dataclass(connector) else connector.name.encode())
        for path in connector.definition_files():  # a script or manifest edited in place
            setup.update(f"{path}@{_stamp(path)}\0".encode())
        for name in connector_env:
            setup.update(f"{name}={os.environ.get(name)}\0".encode())
        return CatalogKey(connector.name, setup.hexdigest(),
                          hashlib.sha256(config.json.encode()).hexdigest())

    def __repr__(self) -> str:
        return (f"CatalogKey({self.connector}, setup {self.setup_digest[:12]}, "
                f"config {self.config_digest[:12]})")


def _stamp(path: str) -> str:
    """Size and time of last change: cheap, and enough to tell an edit."""
    try:
        status = os.stat(path)
    except OSError:
        return "missing"
    return f"{status.st_size}:{status.st_mtime_ns // 1_000_000}"


class CatalogCache:
    """Least recently used entries go beyond ``max_entries``; no lock is held while a
    connector runs (two loads that miss at once both discover)."""

    def __init__(self, max_entries: int = MAX_ENTRIES,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._max_entries = max_entries
        self._clock = clock
        self._entries: "OrderedDict[CatalogKey, Tuple[Dict[str, Any], float]]" = OrderedDict()
        self._lock = threading.Lock()

    def discover(self, client: Any, config: ConnectorConfig,
                 reuse: CatalogReuse) -> Dict[str, Any]:
        """The client's catalog: reused where ``reuse`` allows, else discovered and kept."""
        if not reuse.enabled:
            return client.discover(config)
        key = CatalogKey.of(client.connector, client.settings.connector_env, config)
        if not reuse.refresh:
            kept = self._fresh(key, reuse.ttl_seconds)
            if kept is not None:
                return kept
        return self._discover_and_keep(client, config, key)

    def discover_now(self, client: Any, config: ConnectorConfig) -> Dict[str, Any]:
        """Always runs discover (``action=discover``, so a sync: they must see the source as it
        is now) and keeps the answer for the loads that follow."""
        return self._discover_and_keep(
            client, config, CatalogKey.of(client.connector, client.settings.connector_env, config))

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def _discover_and_keep(self, client: Any, config: ConnectorConfig,
                           key: CatalogKey) -> Dict[str, Any]:
        found = client.discover(config)
        with self._lock:
            self._entries[key] = (copy.deepcopy(found), self._clock())
            self._entries.move_to_end(key)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)
        return found

    def _fresh(self, key: CatalogKey, ttl_seconds: float) -> Optional[Dict[str, Any]]:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
        if entry is None:
            return None
        catalog, discovered_at = entry
        age = self._clock() - discovered_at
        if age >= ttl_seconds:
            return None
        LOG.info("Connector %s: reusing the catalog discovered %d s ago (catalogTtl=%s s; option "
                 "refreshCatalog=true discovers again)", key.connector, int(age), ttl_seconds)
        return copy.deepcopy(catalog)


DRIVER = CatalogCache()
