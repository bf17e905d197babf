package io.brickbyte.options;

import java.util.Set;

/**
 * Every option key, in one place: the source's (connector, config, install, run, conversion),
 * shared by a read and a sync; a read's; a sync's. Names are case-insensitive, like every Spark
 * option. Each is parsed and checked once, on the driver: {@link SourceConf}, the read's {@code
 * ReadConf} and the sync's {@code SyncOptions}. A key that is none of these is refused ({@link
 * OptionNames}); cluster-wide defaults come from the session conf ({@link SessionDefaults}).
 */
public final class AirbyteOptions {

  /**
   * Required. The connector to run: {@code source-x} or {@code source-x==1.2.3} (the Airbyte
   * registry), {@code pip:PACKAGE==VERSION}, {@code manifest:PATH}, {@code docker:IMAGE:TAG} or
   * {@code exec:PATH [ARGS]}.
   */
  public static final String CONNECTOR = "connector";

  /** The connector's config as a JSON object. Values may use {@code ${env:NAME}} and {@code ${file:PATH}}. */
  public static final String CONFIG = "config";

  /** A file holding the connector's config (instead of {@link #CONFIG}). */
  public static final String CONFIG_FILE = "configFile";

  /** The stream this DataFrame reads; required for {@code action=read}. */
  public static final String STREAM = "stream";

  /** The stream's namespace, where the source has several streams of one name. */
  public static final String NAMESPACE = "namespace";

  /** {@code full_refresh} (default) or {@code incremental}. */
  public static final String SYNC_MODE = "syncMode";

  /** The cursor of an incremental read: a field name, a dotted path, or a JSON array path. */
  public static final String CURSOR_FIELD = "cursorField";

  /**
   * The state to resume an incremental read from: the protocol's JSON array of state messages
   * (STREAM, GLOBAL or LEGACY), one of them, or the STATE messages a connector prints ({@code
   * {"type": "STATE", "state": {...}}}), alone or in an array. Anything else fails the load.
   */
  public static final String STATE = "state";

  /**
   * A stream ({@code readStream}) with no checkpoint yet starts from this state, given as option
   * {@code state} takes one (a sync's {@code _airbyte_state}, say), or {@code latest}: the state a
   * sync committed for the stream in {@link #STATE_SCHEMA}; without it, from the start. Once the
   * query has a checkpoint, its offsets decide and this option is ignored.
   */
  public static final String STARTING_STATE = "startingState";

  /**
   * With {@code startingState=latest}, and only then: the schema a sync of this source writes to
   * ({@code main.bronze}), whose {@code _airbyte_state} table holds the committed state.
   */
  public static final String STATE_SCHEMA = "stateSchema";

  /**
   * A stream's batch ends at the first STATE after this many records (default: a batch per
   * connector run). A connector that sends few states makes larger batches.
   */
  public static final String MAX_RECORDS_PER_TRIGGER = "maxRecordsPerTrigger";

  /** Where the connector runs: {@code executor} (default), one process per input partition. */
  public static final String EXECUTION = "execution";

  /**
   * With {@code execution=driver}: a directory every node can read (a Hadoop file system URI)
   * where the driver stages the connector's output. Local Spark defaults to {@code tempDir}.
   */
  public static final String STAGING_DIR = "stagingDir";

  /** {@code PERMISSIVE} (default), {@code DROPMALFORMED} or {@code FAILFAST}. */
  public static final String MODE = "mode";

  /** {@code decimal} (default: DECIMAL(38,10)) or {@code double}: how JSON numbers are typed. */
  public static final String NUMBER_TYPE = "numberType";

  /** {@code struct} (default) or {@code json}: how nested objects and arrays are typed. */
  public static final String NESTED = "nested";

  /** {@code read} (default), {@code spec}, {@code check} or {@code discover}. */
  public static final String ACTION = "action";

  /**
   * How long the read may wait on a connector that writes nothing before it is called hung and
   * killed (default 30m). Time the query spends elsewhere does not count.
   */
  public static final String IDLE_TIMEOUT = "idleTimeout";

  /**
   * Names of environment variables (comma-separated) the connector gets from the node's
   * environment, beyond the minimal set (PATH, HOME, locale, proxies, Python and pip settings).
   */
  public static final String CONNECTOR_ENV = "connectorEnv";

  /** Where the private temp files of a run (config, catalog, state) go (default: java.io.tmpdir). */
  public static final String TEMP_DIR = "tempDir";

  /** Where connector venvs go on each node (default /local_disk0/brickbyte, else a temp dir). */
  public static final String INSTALL_DIR = "installDir";

  /** The Python that connector venvs are created with (default python3). */
  public static final String PYTHON_EXECUTABLE = "pythonExecutable";

  /** pip's --index-url for connector installs (default: pip's own). */
  public static final String PIP_INDEX_URL = "pipIndexUrl";

  /** A directory of wheels to install connectors from, with no index (--no-index --find-links). */
  public static final String WHEELHOUSE = "wheelhouse";

  /** More arguments for pip install, separated by spaces or as a JSON array. */
  public static final String PIP_EXTRA_ARGS = "pipExtraArgs";

  /** Requirements installed into the connector's venv beside it, e.g. pins of its dependencies. */
  public static final String EXTRA_PACKAGES = "extraPackages";

  /** {@code auto} (default: uv when on the PATH, else pip), {@code pip} or {@code uv}. */
  public static final String INSTALLER = "installer";

  /** The Airbyte registry JSON, a URL or a local file (default Airbyte's public OSS registry). */
  public static final String REGISTRY_URL = "registryUrl";

  /** The package that runs declarative manifests (default airbyte-cdk), e.g. airbyte-cdk==6.61.6. */
  public static final String CDK_PACKAGE = "cdkPackage";

  /** {@code true} lets a manifest's components.py (arbitrary Python) run; default false. */
  public static final String CUSTOM_COMPONENTS = "customComponents";

  /**
   * The {@code docker run --network} of {@code docker:} connectors (default: Docker's own, the
   * bridge network). {@code none} is the safe choice for a source that needs no network.
   */
  public static final String DOCKER_NETWORK = "dockerNetwork";

  /**
   * More {@code docker run} options for {@code docker:} connectors, separated by spaces or as a
   * JSON array, e.g. {@code --memory 2g}. Refused: those BrickByte sets (--name, --rm, --init, -i,
   * --network), those that break the output stream (-d, -t, -a) and those that give the container
   * part of the node (--privileged, --cap-add, --device, --security-opt, --pid, --ipc, --uts,
   * --userns, --cgroupns, -v/--volume, --mount, --volumes-from).
   */
  public static final String DOCKER_ARGS = "dockerArgs";

  /**
   * How long a catalog discovered on the driver is reused by later loads of the same connector
   * and config (default 5m); {@code 0}: every load discovers.
   */
  public static final String CATALOG_TTL = "catalogTtl";

  /** {@code true}: this load discovers now, whatever was discovered before, and keeps the answer. */
  public static final String REFRESH_CATALOG = "refreshCatalog";

  private AirbyteOptions() {}

  // --- the sync's own -----------------------------------------------------------------------

  /** Required for a sync: the target schema (database). */
  public static final String SCHEMA = "schema";

  /** The target catalog (Unity Catalog); without it, two-part names. */
  public static final String CATALOG = "catalog";

  /** The streams to sync, comma-separated (default: every stream). */
  public static final String STREAMS = "streams";

  /** Table name = this prefix + the stream's normalized name. */
  public static final String TABLE_PREFIX = "tablePrefix";

  /** {@code writeMode.<stream>}: overwrite, append or merge for one stream. */
  public static final String WRITE_MODE_PREFIX = "writeMode.";

  /** {@code tableName.<stream>}: the table one stream lands in, instead of the naming rule's. */
  public static final String TABLE_NAME_PREFIX = "tableName.";

  /** {@code hard} (default) or {@code soft}: what MERGE does with a record whose _ab_cdc_deleted_at is set. */
  public static final String DELETE_MODE = "deleteMode";

  /** {@code true}: the sync's tables record Delta's change data feed (a pipeline streams it into silver). */
  public static final String CHANGE_DATA_FEED = "changeDataFeed";

  /** Commit data and state at the first STATE after this many records (default 1,000,000). */
  public static final String CHECKPOINT_RECORDS = "checkpointRecords";

  /** ... or after this long (default 15m). */
  public static final String CHECKPOINT_INTERVAL = "checkpointInterval";

  /** How often the sync logs its progress, one line for every stream (default 10s). */
  public static final String PROGRESS_INTERVAL = "progressInterval";

  /**
   * How many connector runs a sync may run at once, each for a group of its streams (default 1:
   * one run for all). A source with GLOBAL state keeps one run.
   */
  public static final String PARALLELISM = "parallelism";

  /** Where a config the connector rotates (CONTROL message) is written, owner-only. */
  public static final String CONTROL_CONFIG_FILE = "controlConfigFile";

  // --- who takes which ----------------------------------------------------------------------

  /** The source's options: a read and a sync take them alike. */
  public static final Set<String> SOURCE = Set.of(CONNECTOR, CONFIG, CONFIG_FILE, MODE, NUMBER_TYPE,
      NESTED, IDLE_TIMEOUT, CONNECTOR_ENV, TEMP_DIR, STAGING_DIR, INSTALL_DIR, PYTHON_EXECUTABLE,
      PIP_INDEX_URL, WHEELHOUSE, PIP_EXTRA_ARGS, EXTRA_PACKAGES, INSTALLER, REGISTRY_URL, CDK_PACKAGE,
      CUSTOM_COMPONENTS, DOCKER_NETWORK, DOCKER_ARGS);

  /** A read's own, on top of the source's. */
  public static final Set<String> READ = Set.of(STREAM, NAMESPACE, SYNC_MODE, CURSOR_FIELD, STATE,
      EXECUTION, ACTION, STARTING_STATE, STATE_SCHEMA, MAX_RECORDS_PER_TRIGGER, CATALOG_TTL,
      REFRESH_CATALOG);

  /**
   * A sync's own, on top of the source's. A read's other options pass too, meaning nothing (the
   * Python shim shares one set of options between its reads and syncs); {@code stream} and
   * {@code action} do not.
   */
  public static final Set<String> SYNC = Set.of(SCHEMA, CATALOG, STREAMS, SYNC_MODE, TABLE_PREFIX,
      WRITE_MODE_PREFIX, TABLE_NAME_PREFIX, DELETE_MODE, CHANGE_DATA_FEED, CHECKPOINT_RECORDS,
      CHECKPOINT_INTERVAL, CONTROL_CONFIG_FILE, PROGRESS_INTERVAL, PARALLELISM, NAMESPACE, CURSOR_FIELD,
      STATE, EXECUTION, CATALOG_TTL, REFRESH_CATALOG);

  /**
   * The source options a cluster may default in its Spark config as {@code spark.brickbyte.<key>}
   * (installs, directories, run settings): an option on the read or sync wins.
   */
  public static final Set<String> CLUSTER_DEFAULTS = Set.of(INSTALL_DIR, WHEELHOUSE, PIP_INDEX_URL,
      PIP_EXTRA_ARGS, INSTALLER, REGISTRY_URL, CDK_PACKAGE, PYTHON_EXECUTABLE, STAGING_DIR, TEMP_DIR,
      IDLE_TIMEOUT, CONNECTOR_ENV, CATALOG_TTL);
}
