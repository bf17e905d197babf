"""Catalogs discovered in this Python process, reused by later loads of the same connector and
config (options ``catalogTtl`` and ``refreshCatalog``), as the JVM source's
``io.brickbyte.connector.CatalogCache`` does on the driver.

Spark calls ``DataSource.schema()`` in a Python worker of the driver (the planner's), and reuses
that worker for later loads while ``spark.python.worker.reuse`` is on (the default), so a second
``load()`` finds what the first discovered in memory. Spark stops a worker after a minute with no
Python work, and a new one starts empty: so each catalog is also kept as an owner-only file
(:class:`CatalogFiles`), which a new worker reads while it is younger than ``catalogTtl``.

The key holds the config only as a SHA-256 digest; the connector's setup (install settings,
which may hold an index token, and the environment it is given) is digested too.
"""
import copy
import dataclasses
import hashlib
import json
import logging
import os
import re
import stat
import tempfile
import threading
import time
from collections import OrderedDict
from datetime import timedelta
from typing import Any, Callable, Dict, FrozenSet, Optional, Set, Tuple

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


class CatalogFiles:
    """Catalogs kept as files under ``<tempDir>/brickbyte-catalogs-<uid>``: one JSON file per key
    (named by a digest of it) with the catalog, the spec's secret fields (so that the tasks of a
    new worker need not run ``spec``) and when it was discovered. The directory is the user's
    alone (0700) and each file 0600; a directory another user owns or others may write is not
    used. At most ``max_entries`` files stay, the least recently written deleted. Any failure to
    read or write one only means the load discovers."""

    def __init__(self, clock: Callable[[], float] = time.time,
                 max_entries: int = MAX_ENTRIES) -> None:
        self._clock = clock
        self._max_entries = max_entries
        self._refused: Set[str] = set()

    def get(self, root: str, key: "CatalogKey", ttl_seconds: float
            ) -> Optional[Tuple[Dict[str, Any], Optional[FrozenSet[str]], float]]:
        """The catalog kept for ``key``, its spec's secret fields (None: not known) and its age,
        if it is younger than ``ttl_seconds``."""
        directory = self._directory(root)
        if directory is None:
            return None
        try:
            with open(os.path.join(directory, _file_name(key)), encoding="utf-8") as f:
                entry = json.load(f)
            if entry["key"] != _key_fields(key):
                return None
            age = self._clock() - float(entry["discovered_at"])
            catalog, keys = entry["catalog"], entry["spec_keys"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not 0 <= age < ttl_seconds or not isinstance(catalog, dict):
            return None
        return catalog, None if keys is None else frozenset(keys), age

    def put(self, root: str, key: "CatalogKey", catalog: Dict[str, Any],
            spec_keys: Optional[FrozenSet[str]]) -> None:
        directory = self._directory(root)
        if directory is None:
            return
        entry = {"key": _key_fields(key), "discovered_at": self._clock(), "catalog": catalog,
                 "spec_keys": None if spec_keys is None else sorted(spec_keys)}
        try:
            fd, written = tempfile.mkstemp(dir=directory, prefix=".entry-")  # mode 0600
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    json.dump(entry, f)
                os.replace(written, os.path.join(directory, _file_name(key)))
            except BaseException:
                os.unlink(written)
                raise
            self._drop_eldest(directory)
        except (OSError, TypeError, ValueError) as e:  # the load goes on: it discovered
            LOG.debug("Connector %s: its catalog could not be kept on disk: %s", key.connector, e)

    def _drop_eldest(self, directory: str) -> None:
        entries = [entry for entry in os.scandir(directory) if entry.name.endswith(".json")]
        if len(entries) <= self._max_entries:
            return
        entries.sort(key=lambda entry: entry.stat().st_mtime_ns)
        for entry in entries[:len(entries) - self._max_entries]:
            try:
                os.unlink(entry.path)
            except FileNotFoundError:
                pass  # another worker dropped it first

    def _directory(self, root: str) -> Optional[str]:
        """The user's directory under ``root``, created if missing; None if it is not theirs
        alone."""
        directory = os.path.join(root, f"brickbyte-catalogs-{os.getuid()}")
        try:
            os.makedirs(root, exist_ok=True)
            try:
                os.mkdir(directory, stat.S_IRWXU)
            except FileExistsError:
                pass
            status = os.lstat(directory)
        except OSError as e:
            LOG.debug("Catalogs are not kept on disk under %s: %s", root, e)
            return None
        if (not stat.S_ISDIR(status.st_mode) or status.st_uid != os.getuid()
                or status.st_mode & (stat.S_IRWXG | stat.S_IRWXO)):
            if directory not in self._refused:
                self._refused.add(directory)
                LOG.warning("Catalogs are not kept on disk: %s is not a directory of this user's "
                            "alone (mode 0700)", directory)
            return None
        return directory


def _key_fields(key: "CatalogKey") -> list:
    return [key.connector, key.setup_digest, key.config_digest]


def _file_name(key: "CatalogKey") -> str:
    return hashlib.sha256("\0".join(_key_fields(key)).encode()).hexdigest() + ".json"


class CatalogCache:
    """Least recently used entries go beyond ``max_entries``; no lock is held while a
    connector runs (two loads that miss at once both discover). With ``files``, each catalog
    is also kept on disk, for the loads of a new worker."""

    def __init__(self, max_entries: int = MAX_ENTRIES,
                 clock: Callable[[], float] = time.monotonic,
                 files: Optional[CatalogFiles] = None) -> None:
        self._max_entries = max_entries
        self._clock = clock
        self._files = files
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
            if kept is None:
                kept = self._from_file(client, key, reuse.ttl_seconds)
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
        self._keep(key, found, 0.0)
        if self._files is not None:
            self._files.put(client.settings.temp_dir, key, found, client.known_spec_keys())
        return found

    def _from_file(self, client: Any, key: CatalogKey,
                   ttl_seconds: float) -> Optional[Dict[str, Any]]:
        kept = None if self._files is None else self._files.get(
            client.settings.temp_dir, key, ttl_seconds)
        if kept is None:
            return None
        catalog, spec_keys, age = kept
        if spec_keys is not None:
            client.remember_spec_keys(spec_keys)
        self._keep(key, catalog, age)
        _log_reuse(key, age, ttl_seconds, ", kept on disk")
        return catalog  # read from its file just now: the memory holds a copy

    def _keep(self, key: CatalogKey, catalog: Dict[str, Any], age: float) -> None:
        with self._lock:
            self._entries[key] = (copy.deepcopy(catalog), self._clock() - age)
            self._entries.move_to_end(key)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)

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
        _log_reuse(key, age, ttl_seconds)
        return copy.deepcopy(catalog)


def _log_reuse(key: CatalogKey, age: float, ttl_seconds: float, where: str = "") -> None:
    LOG.info("Connector %s: reusing the catalog discovered %d s ago%s (catalogTtl=%s s; option "
             "refreshCatalog=true discovers again)", key.connector, int(age), where, ttl_seconds)


DRIVER = CatalogCache(files=CatalogFiles())
