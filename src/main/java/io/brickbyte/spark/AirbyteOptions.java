package io.brickbyte.spark;

/**
 * The options of the {@code airbyte} data source. Names are case-insensitive, like every Spark
 * option; {@link ReadConf} parses and checks them once, on the driver.
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

  /** How long a connector may write nothing before it is called hung and killed (default 30m). */
  public static final String IDLE_TIMEOUT = "idleTimeout";

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

  private AirbyteOptions() {}
}
