"""The BrickByte API: spec, check, discover, read and sync, run by the JVM library."""
import json
import logging
from typing import Any, Dict, Iterable, Mapping, Optional, Union

from pyspark.sql import DataFrame, SparkSession

from brickbyte._arguments import (checked_keywords, is_connect_session, refuse_connect,
                                  resolve_modes)
from brickbyte.errors import call_jvm
from brickbyte.query_sync import QuerySync
from brickbyte.progress import ProgressDisplay

#: a connector config: a dict (sent as JSON) or a JSON string
SourceConfig = Union[Mapping[str, Any], str]

_FORMAT = "airbyte"
LOG = logging.getLogger("brickbyte")


def secret(scope: str, key: str) -> str:
    """A ``${secret:scope/key}`` reference, resolved from Databricks secrets by the JVM.

    Put it where the connector expects the value; the secret itself never passes through
    Python, and every resolved value is masked in connector output.

    Example::

        source_config = {"api_key": secret("github", "token"), "repositories": ["org/repo"]}
    """
    if not scope or not key or "/" in scope or "}" in scope + key:
        raise ValueError(f"secret(scope, key) needs a scope without '/' and both without '}}': "
                         f"got scope {scope!r} and key {key!r}")
    return "${secret:" + scope + "/" + key + "}"


def jvm_sync_available(spark: Any) -> bool:
    """Whether the session's driver JVM has the JAR's AirbyteSync (classic compute with the JAR)."""
    if is_connect_session(spark):
        return False
    from py4j.java_gateway import JavaClass
    return isinstance(spark._jvm.io.brickbyte.delta.AirbyteSync, JavaClass)


def ensure_airbyte_source(spark: Any) -> str:
    """Makes the format ``airbyte`` readable: the JVM source if there, else the Python source.
    Returns the engine that serves it."""
    try:
        import pyspark.sql.datasource  # noqa: F401  (PySpark 4+: Python data sources)
    except ImportError:
        return "jvm"  # before PySpark 4 only a JVM source (the JAR) can serve the format
    from brickbyte.datasource import register
    return register(spark)  # the Python source only where no JVM source serves the name


def _latest_state_resolved(spark: Any, options: Dict[str, str]) -> Dict[str, str]:
    """``startingState=latest`` for the engine that serves ``airbyte``: the JVM source reads the
    sync's state itself; for the Python source it is read here and passed as a state array (no
    state for the stream: no startingState, the stream starts from the start)."""
    keys = {key.lower(): key for key in options}
    starting, schema = keys.get("startingstate"), keys.get("stateschema")
    if starting is None or options[starting].strip().lower() != "latest" or schema is None:
        return options  # the source takes or refuses them, in its own words
    if ensure_airbyte_source(spark) == "jvm":
        return options
    from brickbyte.sync_state import latest_states
    resolved = {k: v for k, v in options.items() if k not in (starting, schema)}
    namespace = keys.get("namespace")
    states = latest_states(spark, options[schema], options[keys["stream"]],
                           None if namespace is None else options[namespace])
    if states is None:
        LOG.info("%s._airbyte_state holds no committed state of stream %s: the stream starts "
                 "from the start", options[schema], options[keys["stream"]])
    else:
        resolved[starting] = states
    return resolved


def _option_text(name: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value)
    raise TypeError(f"option {name!r}: a str, bool, number, dict or list is accepted, "
                    f"not {type(value).__name__}")


def _config_text(source_config: SourceConfig) -> str:
    if isinstance(source_config, str):
        return source_config
    if isinstance(source_config, Mapping):
        return json.dumps(dict(source_config))
    raise TypeError("source_config: a dict or a JSON string is accepted, "
                    f"not {type(source_config).__name__}")


class SyncResult:
    """What one ``sync`` did: a small DataFrame with a row per stream, and any new config.

    ``df`` has the columns stream, namespace, table, write_mode, records_read, records_written,
    inserted, updated, deleted, seconds, state (the stream's latest state as JSON), renames
    (the table and column names that differ from the source's, e.g. ``table DupCase ->
    dupcase_349066``), then sync_id, connector, connector_version, started_at, ended_at, status,
    reported_complete (whether the source reported the stream COMPLETE; null if it reported no
    status), bytes_read and error: the rows this sync appended to ``<schema>._airbyte_syncs``.

    The JVM sync's result wraps a JVM object (classic compute only: built on a Spark Connect
    session it raises a ``RuntimeError`` saying so); the Python engine's holds its rows.
    """

    def __init__(self, jresult: Any, spark: SparkSession) -> None:
        refuse_connect(spark, "SyncResult")
        self._jresult = jresult
        self._spark = spark
        self._df: Optional[DataFrame] = None
        #: who ran the sync: "jvm" (AirbyteSync, the JAR) or "python" (queries of the source)
        self.engine = "jvm"

    @classmethod
    def of_rows(cls, df: DataFrame, engine: str) -> "SyncResult":
        """The result of a sync run without the JVM: its rows, no rotated config."""
        result = cls.__new__(cls)
        result._jresult, result._spark, result._df, result.engine = None, None, df, engine
        return result

    @property
    def df(self) -> DataFrame:
        """The per-stream result as a DataFrame, for ``display()``."""
        if self._df is not None:
            return self._df
        return DataFrame(call_jvm(self._jresult.toDataFrame), self._spark)

    @property
    def new_config(self) -> Optional[Dict[str, Any]]:
        """The connector's latest config from a CONTROL message (rotated tokens), or ``None``.

        Store it where the config lives (a secret scope): the next sync needs it. (The Python
        engine's sync does not follow CONTROL messages: always ``None``.)
        """
        if self._jresult is None:
            return None
        joptional = call_jvm(self._jresult.newConfig)
        return json.loads(joptional.get()) if joptional.isPresent() else None

    def __repr__(self) -> str:
        if self._jresult is None:
            return "SyncResult(streams=%d, engine=%s)" % (self._df.count(), self.engine)
        return "SyncResult(streams=%d)" % call_jvm(self._jresult.streams).size()


class BrickByte:
    """Airbyte source connectors on Spark, synced into Delta Lake.

    A thin Python face of the JVM library (attach ``brickbyte-spark_2.12``, or
    ``brickbyte-spark_2.13`` on Spark 4, to the cluster):
    arguments become the ``airbyte`` data source's options, results come back as DataFrames.
    ``source``, ``source_config`` and ``options`` given here are the defaults of every call.

    ``source`` names the connector: ``source-faker``, ``source-x==1.2.3``,
    ``pip:airbyte-source-x==1.2.3``, ``manifest:/path/source.yaml`` or ``exec:/path/cmd args``.
    ``source_config`` is a dict (sent as JSON) or a JSON string; values may be
    ``dbutils.secrets.get(...)`` results, or ``${secret:scope/key}`` references (see
    :func:`secret`) that the JVM resolves. ``options`` are more options of the data source by
    their Java names (``{"idleTimeout": "10m", "writeMode.users": "append"}``), checked by the
    JVM: an unknown one is an :class:`AirbyteConfigError` naming the closest option. An unknown
    keyword argument is a ``TypeError`` naming the accepted keywords and the closest one.

    ``spark`` is a classic or a Spark Connect session. Over Spark Connect ``spec``, ``check``,
    ``discover`` and ``read`` work, and their errors surface when a query runs; ``sync`` runs as
    queries of the source there (``engine="python"``, see :meth:`sync`).

    Example::

        bb = BrickByte(spark, source="source-faker", source_config={"count": 1000})
        display(bb.discover())
        users = bb.read("users")
        result = bb.sync(catalog="main", schema="bronze", streams=["users", "products"])
        display(result.df)
    """

    @checked_keywords
    def __init__(self, spark: SparkSession, source: Optional[str] = None,
                 source_config: Optional[SourceConfig] = None,
                 options: Optional[Mapping[str, Any]] = None) -> None:
        if not isinstance(spark, SparkSession) and not is_connect_session(spark):
            raise TypeError("spark: a SparkSession (classic or Spark Connect) is needed, "
                            f"not {type(spark).__name__}")
        self._spark = spark
        self._source = source
        self._source_config = source_config
        self._options = dict(options) if options is not None else {}

    @checked_keywords
    def spec(self, source: Optional[str] = None,
             options: Optional[Mapping[str, Any]] = None) -> DataFrame:
        """The connector's spec: one row, column ``spec`` (JSON).

        Example::

            BrickByte(spark).spec(source="source-faker").first().spec
        """
        return self._action("spec", source, None, options)

    @checked_keywords
    def check(self, source: Optional[str] = None, source_config: Optional[SourceConfig] = None,
              options: Optional[Mapping[str, Any]] = None) -> DataFrame:
        """The connector's connection check: one row, ``status`` and ``message``.

        A FAILED check is an answer (a row), not an exception.

        Example::

            row = bb.check().first()
            assert row.status == "SUCCEEDED", row.message
        """
        return self._action("check", source, source_config, options)

    @checked_keywords
    def discover(self, source: Optional[str] = None,
                 source_config: Optional[SourceConfig] = None,
                 options: Optional[Mapping[str, Any]] = None) -> DataFrame:
        """The connector's streams: a row per stream with sync modes, cursor, primary key and
        the Spark schema it reads as.

        Example::

            [r.stream for r in bb.discover().collect()]
        """
        return self._action("discover", source, source_config, options)

    @checked_keywords
    def read(self, stream: str, source: Optional[str] = None,
             source_config: Optional[SourceConfig] = None, namespace: Optional[str] = None,
             sync_mode: Optional[str] = None, state: Optional[Union[str, list]] = None,
             options: Optional[Mapping[str, Any]] = None,
             mode: Optional[str] = None) -> DataFrame:
        """One stream as a DataFrame (lazy: the connector runs when a query runs).

        ``sync_mode`` is ``full_refresh`` or ``incremental`` (then ``state`` is the JSON array
        of STATE messages to resume from); unset, it is the ``syncMode`` in ``options``, else
        ``full_refresh``. ``mode`` is how a value that does not fit its column is handled:
        ``PERMISSIVE`` (the default: nulled, recorded in ``_airbyte_meta``), ``DROPMALFORMED``
        or ``FAILFAST``. Both are case-insensitive.

        ``mode="full_refresh"`` or ``mode="incremental"`` is the old spelling of the sync mode:
        it still works, with a ``DeprecationWarning``; a ``sync_mode`` that disagrees with it
        is a ``ValueError``.

        Example::

            users = bb.read("users")
            users.write.format("delta").mode("overwrite").saveAsTable("main.bronze.users")
            newer = bb.read("users", sync_mode="incremental", state=saved_state, mode="FAILFAST")
        """
        if not stream:
            raise ValueError("read: a stream name is needed")
        named: Dict[str, Any] = {"stream": stream}
        self._put_modes(named, "BrickByte.read", sync_mode, mode)
        if namespace is not None:
            named["namespace"] = namespace
        if state is not None:
            named["state"] = state
        return self._load(self._read_options(source, source_config, named, options))

    @checked_keywords
    def read_stream(self, stream: str, source: Optional[str] = None,
                    source_config: Optional[SourceConfig] = None, namespace: Optional[str] = None,
                    starting_state: Optional[Union[str, list]] = None,
                    max_records_per_trigger: Optional[int] = None,
                    options: Optional[Mapping[str, Any]] = None,
                    mode: Optional[str] = None,
                    state_schema: Optional[str] = None) -> DataFrame:
        """One stream as a streaming DataFrame: the connector's state is the query's offset,
        kept in its checkpoint, so each run reads only what is new (docs/streaming.md).

        ``starting_state`` is where a query with a new checkpoint starts (a state JSON array,
        e.g. the state a sync kept in ``_airbyte_state``), or ``"latest"`` with
        ``state_schema`` (the schema a sync of this source writes to, e.g. ``"main.bronze"``):
        the state the sync committed for the stream there. With the JAR's source the options go
        to it; with the Python source (serverless, pipelines), which cannot read tables, the
        state is read here on the driver (``brickbyte.sync_state``) and passed as an array;
        ``max_records_per_trigger`` ends a batch at the first STATE after that many records;
        ``mode`` is as in :meth:`read`.

        Example::

            (bb.read_stream("users").writeStream.format("delta")
               .option("checkpointLocation", checkpoint).trigger(availableNow=True)
               .toTable("main.bronze.users"))
        """
        if not stream:
            raise ValueError("read_stream: a stream name is needed")
        named: Dict[str, Any] = {"stream": stream}
        self._put_modes(named, "BrickByte.read_stream", None, mode)
        if namespace is not None:
            named["namespace"] = namespace
        if starting_state is not None:
            named["startingState"] = starting_state
        if state_schema is not None:
            named["stateSchema"] = state_schema
        if max_records_per_trigger is not None:
            if isinstance(max_records_per_trigger, bool) or not isinstance(
                    max_records_per_trigger, int) or max_records_per_trigger < 1:
                raise ValueError("read_stream: max_records_per_trigger is a positive int, got "
                                 f"{max_records_per_trigger!r}")
            named["maxRecordsPerTrigger"] = max_records_per_trigger
        options = _latest_state_resolved(
            self._spark, self._read_options(source, source_config, named, options))
        reader = self._spark.readStream.format(_FORMAT).options(**options)
        return call_jvm(reader.load)

    @checked_keywords
    def sync(self, source: Optional[str] = None, source_config: Optional[SourceConfig] = None,
             catalog: Optional[str] = None, schema: Optional[str] = None,
             streams: Optional[Iterable[str]] = None, sync_mode: Optional[str] = None,
             table_prefix: Optional[str] = None, options: Optional[Mapping[str, Any]] = None,
             mode: Optional[str] = None, progress: bool = True, engine: Optional[str] = None,
             checkpoint_dir: Optional[str] = None,
             parallelism: Optional[int] = None) -> "SyncResult":
        """Syncs streams into Delta tables ``catalog.schema.<table_prefix><stream>`` in one
        connector run (or, with ``parallelism``, up to that many at once).

        Full refresh overwrites each table in one commit; incremental appends, or MERGEs on the
        stream's primary key, and resumes from the state kept in ``<schema>._airbyte_state``.
        ``streams`` defaults to every stream. Per-stream write modes and table names go in
        ``options`` (``{"writeMode.users": "append", "tableName.users": "people"}``). Table
        names are normalized (lower case, ``[a-z0-9_]``) as docs/sync.md ("Names") says.
        ``sync_mode`` and ``mode`` are as in :meth:`read`, the deprecated ``mode="incremental"``
        included.

        ``engine`` is who runs it: ``"jvm"`` (the JAR's ``AirbyteSync``, on classic compute with
        the JAR: one connector run for all streams, state in ``<schema>._airbyte_state``) or
        ``"python"`` (queries of the ``airbyte`` source, one per stream, where no JAR loads:
        serverless, standard access mode, Spark Connect; the state of each incremental stream
        is its query's checkpoint under ``checkpoint_dir``, by default the schema's location +
        ``/_airbyte_checkpoints``). Unset, the session decides: the JVM where its sync is
        there, else Python. ``result.engine`` says which ran.

        ``parallelism`` (JVM engine; default 1) runs the streams in up to that many connector
        runs at once, each for a group of them with its own per-stream states: for a source of
        many slow streams (mind its rate limits). A source with GLOBAL state (CDC) keeps one run.
        The Python engine runs one stream after the other and refuses values above 1.

        While the JVM sync runs, ``progress=True`` (the default) shows a line per stream
        (records, bytes, records/s, and where the connector estimates them, percentage and
        ETA): in a notebook one output updated in place, elsewhere plain text lines every few
        seconds. ``progress=False`` shows nothing. Every JVM sync, successful or not, also
        appends a row per stream to ``<schema>._airbyte_syncs``; ``result.df`` is this sync's
        rows.

        Example::

            result = BrickByte(spark).sync(
                source="source-faker", source_config={"count": 1000},
                catalog="main", schema="bronze", streams=["users"], sync_mode="incremental")
            display(result.df)
        """
        if engine not in (None, "jvm", "python"):
            raise ValueError(f"sync: engine is 'jvm' or 'python' (or unset: the session "
                             f"decides), not {engine!r}")
        engine = engine or ("jvm" if jvm_sync_available(self._spark) else "python")
        if engine == "jvm":
            refuse_connect(self._spark, "BrickByte.sync(engine='jvm')")
            if checkpoint_dir is not None:
                raise ValueError("sync: checkpoint_dir is the Python engine's; the JVM sync keeps "
                                 "its state in <schema>._airbyte_state")
        if not schema:
            raise ValueError("sync: schema (the target schema of the Delta tables) is needed")
        if isinstance(streams, str):
            raise TypeError("sync: streams is a list of stream names, not a str")
        named: Dict[str, Any] = {"schema": schema}
        self._put_modes(named, "BrickByte.sync", sync_mode, mode)
        if catalog is not None:
            named["catalog"] = catalog
        if streams is not None:
            names = list(streams)
            if not names or not all(isinstance(n, str) and n and "," not in n for n in names):
                raise ValueError(f"sync: streams must be non-empty names without commas, "
                                 f"got {names!r}")
            named["streams"] = ",".join(names)
        if table_prefix is not None:
            named["tablePrefix"] = table_prefix
        if parallelism is not None:
            if isinstance(parallelism, bool) or not isinstance(parallelism, int) or parallelism < 1:
                raise ValueError(f"sync: parallelism is a positive int, got {parallelism!r}")
            named["parallelism"] = str(parallelism)
        all_options = self._read_options(source, source_config, named, options)
        if engine == "python":
            ensure_airbyte_source(self._spark)
            frame = QuerySync(self._spark, all_options, checkpoint_dir).run()
            return SyncResult.of_rows(frame, "python")
        jvm = self._spark._jvm
        jsync = jvm.io.brickbyte.delta.AirbyteSync.create(self._spark._jsparkSession)
        for key, value in all_options.items():
            jsync = jsync.option(key, value)
        if not progress:
            return SyncResult(call_jvm(jsync.run), self._spark)
        with ProgressDisplay(jsync):
            return SyncResult(call_jvm(jsync.run), self._spark)

    # -- marshalling ------------------------------------------------------------------------

    @staticmethod
    def _put_modes(named: Dict[str, Any], method: str, sync_mode: Optional[str],
                   mode: Optional[str]) -> None:
        sync, conversion = resolve_modes(method, sync_mode, mode)
        if sync is not None:
            named["syncMode"] = sync
        if conversion is not None:
            named["mode"] = conversion

    def _read_options(self, source: Optional[str], source_config: Optional[SourceConfig],
                      named: Mapping[str, Any],
                      options: Optional[Mapping[str, Any]]) -> Dict[str, str]:
        connector = source if source is not None else self._source
        if not connector:
            raise ValueError("source is needed (here or in BrickByte(spark, source=...)): "
                             "e.g. 'source-faker'")
        merged: Dict[str, Any] = {}
        # Option names are case-insensitive in Spark: a later layer replaces a name whatever
        # its case, so the JVM never sees two spellings of one option.
        for layer in (self._options, options or {}, named,
                      {"connector": connector}):
            for key, value in layer.items():
                for old in [k for k in merged if k.lower() == key.lower()]:
                    del merged[old]
                merged[key] = value
        config = source_config if source_config is not None else self._source_config
        if config is not None:
            merged["config"] = _config_text(config)
        return {key: _option_text(key, value) for key, value in merged.items()}

    def _action(self, action: str, source: Optional[str],
                source_config: Optional[SourceConfig],
                options: Optional[Mapping[str, Any]]) -> DataFrame:
        named = {"action": action}
        return self._load(self._read_options(source, source_config, named, options))

    def _load(self, options: Mapping[str, str]) -> DataFrame:
        reader = self._spark.read.format(_FORMAT).options(**options)
        return call_jvm(reader.load)
