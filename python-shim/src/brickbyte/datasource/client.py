"""The four protocol commands against one connector. Config, catalog and state reach the process
as owner-only files in a private directory deleted when the command ends. Output is masked with
the config's secrets, including the fields the connector's spec marks ``airbyte_secret`` (its
spec is run once per connector and process, unless the caller already knows its secret fields:
a task's Python worker lives a minute after its last task, so the driver hands them over)."""
import logging
import threading
from typing import Any, Dict, FrozenSet, List, Optional, Sequence

from brickbyte.datasource.config import ConnectorConfig
from brickbyte.datasource.connectors import Connector
from brickbyte.datasource.redactor import NONE, Redactor, spec_secret_keys
from brickbyte.datasource.run import ConnectorRun, PrivateDir, read_args
from brickbyte.errors import AirbyteConnectorError

LOG = logging.getLogger("brickbyte.datasource.connector")
_SPEC_KEYS: Dict[str, FrozenSet[str]] = {}
_SPEC_KEYS_LOCK = threading.Lock()


class RunSettings:
    """How a connector runs on a node: idle timeout, temp dir, extra environment names."""

    __slots__ = ("idle_timeout_seconds", "temp_dir", "connector_env")

    def __init__(self, idle_timeout_seconds: float, temp_dir: str,
                 connector_env: Sequence[str]) -> None:
        self.idle_timeout_seconds = idle_timeout_seconds
        self.temp_dir = temp_dir
        self.connector_env = tuple(connector_env)


class ConnectorClient:
    def __init__(self, connector: Connector, settings: RunSettings,
                 spec_keys: Optional[FrozenSet[str]] = None) -> None:
        self.connector = connector
        self.settings = settings
        self._given_spec_keys = spec_keys

    def spec(self) -> Dict[str, Any]:
        known = self.connector.specification()
        return known if known is not None else self._run_spec()

    def check(self, config: ConnectorConfig) -> Dict[str, Any]:
        """The CONNECTION_STATUS; a FAILED one is returned, not raised."""
        return self._single("check", config, "CONNECTION_STATUS", "connectionStatus",
                            self.redactor_for(config))

    def discover(self, config: ConnectorConfig) -> Dict[str, Any]:
        return self._single("discover", config, "CATALOG", "catalog", self.redactor_for(config))

    def read(self, config: ConnectorConfig, catalog: Dict[str, Any],
             state: Optional[List[Dict[str, Any]]], streams: Sequence[str]) -> ConnectorRun:
        """Starts ``read``: the caller iterates the run's lines and closes it."""
        redactor = self.redactor_for(config)
        files = PrivateDir(self.settings.temp_dir)
        try:
            args = read_args(files, self.connector.config_for_connector(config.json), catalog,
                             state)
        except BaseException:
            files.close()
            raise
        return ConnectorRun(self.connector, args, files, self.settings.idle_timeout_seconds,
                            self.settings.connector_env, redactor, streams)

    def redactor_for(self, config: ConnectorConfig) -> Redactor:
        keys = self._spec_keys()
        return config.redactor if not keys else config.redactor.with_spec_keys(
            keys, config.value())

    def remember_spec_keys(self, keys: FrozenSet[str]) -> None:
        """Keeps the spec's secret fields for this connector and process, as a run of ``spec``
        would (a catalog kept on disk carries them to a new worker)."""
        with _SPEC_KEYS_LOCK:
            _SPEC_KEYS.setdefault(self._identity(), frozenset(keys))

    def known_spec_keys(self) -> Optional[FrozenSet[str]]:
        """The spec's secret fields where they are known without running ``spec`` (given, in the
        connector's definition, or read by this process before), else None."""
        return self._spec_keys(run=False)

    def _spec_keys(self, run: bool = True) -> Optional[FrozenSet[str]]:
        """The spec's secret fields; with ``run``, ``spec`` runs once per connector and process
        where nothing else tells them (none where it fails), else the answer is None there."""
        if self._given_spec_keys is not None:
            return self._given_spec_keys
        try:
            known = self.connector.specification()
        except Exception as e:  # noqa: BLE001: masking falls back to key names
            return self._unknown(e) if run else None
        if known is not None:
            return spec_secret_keys(known)
        identity = self._identity()
        with _SPEC_KEYS_LOCK:
            if identity in _SPEC_KEYS or not run:
                return _SPEC_KEYS.get(identity)
            try:
                keys = spec_secret_keys(self._run_spec())
            except AirbyteConnectorError as e:
                return self._unknown(e)  # not cached: the next run tries again
            _SPEC_KEYS[identity] = keys
            return keys

    def _identity(self) -> str:
        return type(self.connector).__name__ + " " + self.connector.name

    def _unknown(self, error: Exception) -> FrozenSet[str]:
        LOG.warning("Connector %s: its spec could not be read (%s); its output is masked by key "
                    "names only (password, token, key, secret, ...), not by the fields its spec "
                    "marks airbyte_secret", self.connector.name, error)
        return frozenset()

    def _run_spec(self) -> Dict[str, Any]:
        return self._single("spec", None, "SPEC", "spec", NONE)

    def _single(self, verb: str, config: Optional[ConnectorConfig], kind: str, field: str,
                redactor: Redactor) -> Dict[str, Any]:
        """Runs a command that answers with one message of ``kind``, draining the rest."""
        files = PrivateDir(self.settings.temp_dir)
        try:
            args = [verb] if config is None else [
                verb, "--config", files.write(
                    "config.json", self.connector.config_for_connector(config.json))]
        except BaseException:
            files.close()
            raise
        answer = None
        with ConnectorRun(self.connector, args, files, self.settings.idle_timeout_seconds,
                          self.settings.connector_env, redactor) as run:
            for found, _, message in run.lines():
                if answer is None and found == kind and message is not None:
                    answer = message.get(field)
        if not isinstance(answer, dict):
            raise AirbyteConnectorError(
                f"Connector {self.connector.name} {verb} exited without a "
                f"{_JVM_NAMES[kind]} message")
        return answer


# The message classes the JVM names in the same error.
_JVM_NAMES = {"SPEC": "Spec", "CONNECTION_STATUS": "ConnectionStatus", "CATALOG": "Catalog"}
