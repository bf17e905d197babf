"""The options of one load of the Python source, parsed and checked once on the driver into an
immutable object its tasks receive. Names, defaults and refusals are the JVM source's
(``io.brickbyte.options``); options the Python source cannot honour are refused with the reason,
never ignored."""
import dataclasses
import json
import os
import re
import tempfile
import uuid
from datetime import timedelta
from typing import Dict, List, Mapping, Optional, Tuple

from brickbyte.datasource import connectors
from brickbyte.datasource.catalog_cache import CatalogReuse
from brickbyte.datasource.client import RunSettings
from brickbyte.datasource.config import ConnectorConfig, read_config
from brickbyte.datasource.connectors import Connector
from brickbyte.datasource.option_names import check_names
from brickbyte.datasource.option_values import OptionValues, refused
from brickbyte.datasource.state_option import parse_state
from brickbyte.datasource.venv import InstallSettings
from brickbyte.errors import AirbyteConfigError

ACTIONS = ("read", "spec", "check", "discover")
MODES = ("PERMISSIVE", "DROPMALFORMED", "FAILFAST")
NUMBER_TYPES = ("decimal", "double")
NESTED = ("struct", "json")
SYNC_MODES = ("full_refresh", "incremental")
DEFAULT_IDLE_TIMEOUT_SECONDS = 30 * 60.0
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_URI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


@dataclasses.dataclass(frozen=True)
class ReadConf:
    """A load's options; ``repr`` names the connector, never the config."""

    connector: Connector
    config: ConnectorConfig
    action: str
    stream: Optional[str]
    namespace: Optional[str]
    sync_mode: str
    cursor_field: Tuple[str, ...]
    state: Optional[str]
    mode: str
    number_type: str
    nested: str
    run: RunSettings
    staging_dir: Optional[str]
    starting_state: Optional[str]
    max_records_per_trigger: int
    catalog_reuse: CatalogReuse

    @staticmethod
    def parse(options: Mapping[str, str]) -> "ReadConf":
        values = OptionValues(options)
        check_names(values.keys())
        _refuse_unsupported(values)
        action = values.choice("action", ACTIONS, "read")
        stream = values.get("stream")
        if action == "read" and stream is None:
            raise AirbyteConfigError(
                "Option 'stream' is required to read. Accepted: a stream name of the source; "
                "load with option action=discover to list them")
        # Evaluated in the JVM's order, so that of several bad options the same one is named.
        return ReadConf(
            connector=connectors.parse(values.get("connector"), install_settings(values)),
            config=read_config(values.get("config"), values.get("configFile"), refused),
            mode=values.choice("mode", MODES, "PERMISSIVE"),
            number_type=values.choice("numberType", NUMBER_TYPES, "decimal"),
            nested=values.choice("nested", NESTED, "struct"),
            run=RunSettings(
                values.duration("idleTimeout", timedelta(seconds=DEFAULT_IDLE_TIMEOUT_SECONDS))
                .total_seconds(),
                _temp_dir(values.get("tempDir", tempfile.gettempdir())),
                _connector_env(values)),
            staging_dir=_staging_dir(values.get("stagingDir")),
            action=action,
            stream=None if stream is None else stream.strip(),
            namespace=values.get("namespace"),
            sync_mode=values.choice("syncMode", SYNC_MODES, "full_refresh"),
            cursor_field=tuple(_cursor_field(values.get("cursorField"))),
            state=parse_state("state", values.get("state")),
            starting_state=_starting_state(values),
            max_records_per_trigger=values.positive_int("maxRecordsPerTrigger", 0),
            catalog_reuse=CatalogReuse.parse(values))

    def state_array(self) -> Optional[List[Dict[str, object]]]:
        return None if self.state is None else json.loads(self.state)

    def __repr__(self) -> str:
        return (f"ReadConf(connector={self.connector.name}, stream={self.stream}, "
                f"action={self.action}, syncMode={self.sync_mode}, mode={self.mode})")


def install_settings(values: OptionValues) -> InstallSettings:
    wheelhouse = values.get("wheelhouse")
    if wheelhouse is not None and not os.path.isdir(wheelhouse.strip()):
        raise refused("wheelhouse", wheelhouse, "it is not a directory",
                      "a directory of wheels visible on every node, e.g. "
                      "/Volumes/main/default/wheels")
    index_url = values.get("pipIndexUrl")
    if index_url is not None and not re.fullmatch(r"(?i)(https?|file)://.+", index_url.strip()):
        # The URL may hold a token: not echoed.
        raise refused("pipIndexUrl", None, "it is not an http(s):// or file:// URL",
                      "a package index URL, e.g. https://pypi.org/simple")
    return InstallSettings(
        install_dir=_strip(values.get("installDir")),
        python_executable=_strip(values.get("pythonExecutable")) or "python3",
        pip_index_url=_strip(index_url),
        wheelhouse=_strip(wheelhouse),
        pip_extra_args=tuple(values.words("pipExtraArgs")),
        extra_packages=tuple(values.words("extraPackages")),
        installer=values.choice("installer", ("auto", "pip", "uv"), "auto"),
        registry_url=_strip(values.get("registryUrl")) or InstallSettings.registry_url,
        cdk_requirement=_strip(values.get("cdkPackage")) or "airbyte-cdk",
        custom_components=values.bool("customComponents", False))


def _refuse_unsupported(values: OptionValues) -> None:
    for key in ("dockerNetwork", "dockerArgs"):
        if values.get(key) is not None:
            raise refused(key, values.get(key), "the Python source runs no docker: connectors "
                          "(serverless compute and pipelines have no Docker engine)",
                          "no value; on a classic cluster the JVM source runs docker: connectors")
    execution = values.get("execution")
    if execution is not None and execution.strip().lower() != "executor":
        raise refused("execution", execution, "the Python source runs the connector in its "
                      "read task (as execution=executor does); it has no driver staging",
                      "executor")


def _starting_state(values: OptionValues) -> Optional[str]:
    """Option ``startingState``; ``latest`` (with ``stateSchema``) is the JVM source's alone."""
    starting = values.get("startingState")
    if starting is not None and starting.strip().lower() == "latest":
        raise refused("startingState", "latest", "the Python source cannot read the sync's "
                      "_airbyte_state table: its stream runs in a Python worker, which has no "
                      "Spark session", "a state JSON array; or BrickByte(spark).read_stream("
                      "stream, starting_state=\"latest\", state_schema=...), which reads that "
                      "state on the driver and passes it as one")
    if values.get("stateSchema") is not None:
        raise AirbyteConfigError(
            "Option 'stateSchema' goes with startingState=latest only: set startingState to "
            "latest to start from the state a sync committed in that schema, or leave "
            "stateSchema out")
    return parse_state("startingState", starting)


def _strip(value: Optional[str]) -> Optional[str]:
    return None if value is None else value.strip()


def _cursor_field(value: Optional[str]) -> List[str]:
    if value is None:
        return []
    text = value.strip()
    if not text.startswith("["):
        return text.split(".")
    try:
        path = json.loads(text)
    except ValueError:
        path = None
    if isinstance(path, list) and path:
        return [p if isinstance(p, str) else json.dumps(p) for p in path]
    raise refused("cursorField", text, "not a JSON array of field names",
                  'a field name, a dotted path (a.b), or a JSON array (["a", "b"])')


def _connector_env(values: OptionValues) -> List[str]:
    names = values.names("connectorEnv")
    for name in names:
        if not _ENV_NAME.fullmatch(name):
            raise refused("connectorEnv", values.get("connectorEnv"),
                          f"'{name}' is not a variable name",
                          "names separated by commas, e.g. AWS_PROFILE,MY_TOKEN")
    return names


def _temp_dir(value: str) -> str:
    """An absolute, writable local directory (created if missing) for a run's private files."""
    path = value.strip()
    problem = None
    if not path or not os.path.isabs(path):
        problem = "it is not an absolute path"
    elif os.path.exists(path) and not os.path.isdir(path):
        problem = "it is a file"
    elif os.path.isdir(path) and not os.access(path, os.W_OK):
        problem = "it is not writable"
    elif not os.path.exists(path):
        try:
            os.makedirs(path, exist_ok=True)
        except OSError as e:
            problem = f"it cannot be created ({type(e).__name__})"
    if problem is not None:
        raise refused("tempDir", value, problem,
                      "an absolute path of a writable local directory, e.g. /local_disk0/tmp")
    return path


_STAGING_ACCEPTED = ("a directory every node can write, as a local path (on Databricks a Unity "
                     "Catalog volume, e.g. /Volumes/main/default/staging)")


def _staging_dir(value: Optional[str]) -> Optional[str]:
    """Checked when the options are parsed, not when the first record is staged."""
    if value is None:
        return None
    path = value.strip()
    if _URI_SCHEME.match(path) and not path.startswith("file:"):
        raise refused("stagingDir", path, "the Python source stages through the local file "
                      "system and reads no Hadoop file system URIs", _STAGING_ACCEPTED)
    path = path[len("file:"):] if path.startswith("file:") else path
    if os.path.exists(path) and not os.path.isdir(path):
        raise refused("stagingDir", path, "it is a file", _STAGING_ACCEPTED)
    probe = os.path.join(path, f".brickbyte-probe-{uuid.uuid4()}")
    try:
        os.makedirs(path, exist_ok=True)
        with open(probe, "x"):
            pass
        os.remove(probe)
    except OSError as e:
        raise refused("stagingDir", path, f"it cannot be written ({type(e).__name__}: {e})",
                      _STAGING_ACCEPTED) from None
    return os.path.abspath(path)
