"""The ``airbyte`` Python data source: ``spark.read.format("airbyte")`` where no JAR loads.

Spark makes one instance per load, on the driver: the options are parsed and checked there, once
(``ReadConf``), and the stream's schema comes from one ``discover``; the instance then travels to
the tasks, which run the connector and convert its records into Arrow batches.

Example::

    from brickbyte.datasource import AirbyteDataSource
    spark.dataSource.register(AirbyteDataSource)
    df = (spark.read.format("airbyte").option("connector", "source-faker")
          .option("config", '{"count": 1000}').option("stream", "users").load())
"""
from typing import Any, Dict, FrozenSet, Iterator, List, Optional, Tuple

from pyspark.sql.datasource import DataSource, DataSourceReader, InputPartition
from pyspark.sql.types import StructType

from brickbyte.datasource import actions, catalog
from brickbyte.datasource.options import ReadConf
from brickbyte.errors import AirbyteConfigError


class AirbyteDataSource(DataSource):
    """Options: those of the JVM source (docs/options.md), as ``spark.read.format("airbyte")``
    takes them; refusals name the option, the value and what is accepted."""

    def __init__(self, options: Dict[str, str]) -> None:
        # Not super().__init__: the options hold the config, and must not stay on the instance.
        self.conf = ReadConf.parse(options)
        self.stream: Optional[Dict[str, Any]] = None  # the discovered catalog entry
        self.user_schema: Optional[StructType] = None  # a schema given with .schema(...)
        self.action_rows: Optional[List[Tuple[Any, ...]]] = None
        # The secret fields of the connector's spec, as discover learned them on the driver: the
        # tasks mask with them instead of running ``spec`` in each new Python worker.
        self.spec_keys: Optional[FrozenSet[str]] = None

    @classmethod
    def name(cls) -> str:
        return "airbyte"

    def schema(self) -> StructType:
        if self.conf.action != "read":
            self.action_rows = actions.run(self.conf)
            return actions.SCHEMAS[self.conf.action]
        from brickbyte.datasource.conversion import converter
        return converter(self._stream(), self.conf).schema

    def reader(self, schema: StructType) -> DataSourceReader:
        if self.conf.action != "read":
            if self.action_rows is None:
                raise AirbyteConfigError(
                    "A schema given with .schema(...) applies to action=read only, not "
                    f"action={self.conf.action}")
            return ActionReader(self.action_rows)
        self._take_user_schema(schema)
        from brickbyte.datasource.batch import AirbyteBatchReader
        return AirbyteBatchReader(self.conf, self._configured_catalog(), self._stream(),
                                  self.user_schema, self.spec_keys)

    def streamReader(self, schema: StructType) -> Any:
        self._take_user_schema(schema)
        from brickbyte.datasource.stream import AirbyteStreamReader
        return AirbyteStreamReader(self.conf, self._stream(), self.user_schema)

    def _stream(self) -> Dict[str, Any]:
        if self.stream is None:
            from brickbyte.datasource.client import ConnectorClient
            from brickbyte.datasource.catalog_cache import DRIVER
            client = ConnectorClient(self.conf.connector, self.conf.run)
            discovered = DRIVER.discover(client, self.conf.config, self.conf.catalog_reuse)
            self.spec_keys = client.known_spec_keys()
            self.stream = catalog.find_stream(discovered, self.conf.stream or "",
                                              self.conf.namespace, self.conf.connector.name)
        return self.stream

    def _configured_catalog(self) -> Dict[str, Any]:
        return catalog.configure(self._stream(), self.conf.sync_mode,
                                 list(self.conf.cursor_field), self._label())

    def _label(self) -> str:
        return catalog.stream_label(self.conf.stream or "", self.conf.namespace)

    def _take_user_schema(self, schema: StructType) -> None:
        """A user-given schema skips schema() and discover: the stream is taken on trust, as the
        connector will see it, and converted into the user's columns (as on the JVM)."""
        if self.stream is not None:
            return
        self.user_schema = schema
        stream: Dict[str, Any] = {"name": self.conf.stream, "json_schema": {"type": "object"},
                                  "supported_sync_modes": ["full_refresh", "incremental"]}
        if self.conf.namespace is not None:
            stream["namespace"] = self.conf.namespace
        self.stream = stream

    def __repr__(self) -> str:
        return f"AirbyteDataSource({self.conf!r})"


class AirbytePythonDataSource(AirbyteDataSource):
    """The same source as ``airbyte_python``: for sessions where the JVM source holds
    ``airbyte`` and both must be told apart."""

    @classmethod
    def name(cls) -> str:
        return "airbyte_python"


class ActionReader(DataSourceReader):
    """The rows of spec, check or discover, computed on the driver at load."""

    def __init__(self, rows: List[Tuple[Any, ...]]) -> None:
        self.rows = rows

    def partitions(self) -> List[InputPartition]:
        return [InputPartition(0)]

    def read(self, partition: InputPartition) -> Iterator[Tuple[Any, ...]]:
        yield from self.rows
