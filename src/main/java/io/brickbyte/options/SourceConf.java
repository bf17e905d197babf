package io.brickbyte.options;

import io.brickbyte.AirbyteConfigException;
import io.brickbyte.connector.Connector;
import io.brickbyte.connector.ConnectorConfig;
import io.brickbyte.connector.Connectors;
import io.brickbyte.connector.DockerSettings;
import io.brickbyte.connector.InstallSettings;
import io.brickbyte.connector.RunSettings;
import io.brickbyte.convert.ConversionMode;
import io.brickbyte.schema.NestedMode;
import io.brickbyte.schema.NumberType;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;

/**
 * The source side of a read, a sync or a stream, parsed and checked once on the driver into an
 * immutable object the tasks receive: which connector, its config, how it installs and runs, and
 * how its records are converted. Every error names the option, echoes the bad value (never the
 * config) and says what is accepted.
 *
 * @param stagingDir option {@code stagingDir}, or null where none is set
 */
public record SourceConf(
    Connector connector,
    ConnectorConfig config,
    ConversionMode mode,
    NumberType numberType,
    NestedMode nested,
    RunSettings runSettings,
    String stagingDir)
    implements Serializable {

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * @param staging whether this load or sync stages records: then {@code stagingDir} is probed
   * @param hadoop where {@code stagingDir}'s file system is found
   */
  public static SourceConf parse(OptionValues options, boolean staging, Configuration hadoop) {
    return new SourceConf(
        Connectors.parse(options.get(AirbyteOptions.CONNECTOR), installSettings(options)),
        config(options),
        options.choice(AirbyteOptions.MODE, ConversionMode.class, ConversionMode.PERMISSIVE),
        options.choice(AirbyteOptions.NUMBER_TYPE, NumberType.class, NumberType.DECIMAL),
        options.choice(AirbyteOptions.NESTED, NestedMode.class, NestedMode.STRUCT),
        new RunSettings(
            options.duration(AirbyteOptions.IDLE_TIMEOUT, RunSettings.DEFAULT_IDLE_TIMEOUT),
            tempDir(options.asMap().getOrDefault(AirbyteOptions.TEMP_DIR, System.getProperty("java.io.tmpdir"))),
            connectorEnv(options)),
        StagingDirs.check(options.get(AirbyteOptions.STAGING_DIR), staging, hadoop));
  }

  /** Where connectors come from and how they install: checked here, used on every node. */
  public static InstallSettings installSettings(OptionValues options) {
    String wheelhouse = options.get(AirbyteOptions.WHEELHOUSE);
    if (wheelhouse != null && !Files.isDirectory(Path.of(wheelhouse.strip()))) {
      throw OptionValues.refused(AirbyteOptions.WHEELHOUSE, wheelhouse, "it is not a directory",
          "a directory of wheels visible on every node, e.g. /Volumes/main/default/wheels");
    }
    String indexUrl = options.get(AirbyteOptions.PIP_INDEX_URL);
    if (indexUrl != null && !indexUrl.strip().matches("(?i)(https?|file)://.+")) {
      // The URL may hold a token: not echoed.
      throw OptionValues.refused(AirbyteOptions.PIP_INDEX_URL, null, "it is not an http(s):// or "
          + "file:// URL", "a package index URL, e.g. https://pypi.org/simple");
    }
    return new InstallSettings(
        options.get(AirbyteOptions.INSTALL_DIR),
        options.get(AirbyteOptions.PYTHON_EXECUTABLE),
        indexUrl,
        wheelhouse,
        options.words(AirbyteOptions.PIP_EXTRA_ARGS),
        options.words(AirbyteOptions.EXTRA_PACKAGES),
        InstallSettings.Installer.parse(options.get(AirbyteOptions.INSTALLER)),
        options.get(AirbyteOptions.REGISTRY_URL),
        options.get(AirbyteOptions.CDK_PACKAGE),
        options.bool(AirbyteOptions.CUSTOM_COMPONENTS, false),
        new DockerSettings(options.get(AirbyteOptions.DOCKER_NETWORK), options.words(AirbyteOptions.DOCKER_ARGS)));
  }

  private static ConnectorConfig config(OptionValues options) {
    String inline = options.get(AirbyteOptions.CONFIG);
    String file = options.get(AirbyteOptions.CONFIG_FILE);
    if (inline != null && file != null) {
      throw new AirbyteConfigException("Options 'config' and 'configFile' are both set. Accepted: one of them");
    }
    if (file != null) {
      try {
        return ConnectorConfig.parse(Files.readString(Path.of(file), StandardCharsets.UTF_8),
            AirbyteOptions.CONFIG_FILE);
      } catch (IOException e) {
        throw OptionValues.refused(AirbyteOptions.CONFIG_FILE, file, "it cannot be read (" + e + ")",
            "a readable file holding the connector's config as a JSON object");
      }
    }
    return inline == null ? ConnectorConfig.EMPTY : ConnectorConfig.parse(inline, AirbyteOptions.CONFIG);
  }

  private static List<String> connectorEnv(OptionValues options) {
    List<String> names = options.names(AirbyteOptions.CONNECTOR_ENV);
    for (String name : names) {
      if (!ENV_NAME.matcher(name).matches()) {
        throw OptionValues.refused(AirbyteOptions.CONNECTOR_ENV, options.get(AirbyteOptions.CONNECTOR_ENV),
            "'" + name + "' is not a variable name", "names separated by commas, e.g. AWS_PROFILE,MY_TOKEN");
      }
    }
    return names;
  }

  /**
   * A local directory for the private files of a run: absolute (a relative one would land wherever
   * the process happens to run), a directory, and writable, or creatable.
   */
  private static String tempDir(String value) {
    String problem = null;
    Path dir = value.isBlank() ? null : Path.of(value.strip());
    if (dir == null || !dir.isAbsolute()) {
      problem = "it is not an absolute path";
    } else if (Files.exists(dir) && !Files.isDirectory(dir)) {
      problem = "it is a file";
    } else if (Files.isDirectory(dir) && !Files.isWritable(dir)) {
      problem = "it is not writable";
    } else if (!Files.exists(dir)) {
      try {
        Files.createDirectories(dir);
      } catch (IOException | SecurityException e) {
        problem = "it cannot be created (" + e.getClass().getSimpleName() + ")";
      }
    }
    if (problem != null) {
      throw OptionValues.refused(AirbyteOptions.TEMP_DIR, value, problem,
          "an absolute path of a writable local directory, e.g. /local_disk0/tmp");
    }
    return dir.toString();
  }

  @Override
  public String toString() {
    return "SourceConf(connector=" + connector.name() + ", mode=" + mode + ")";
  }
}
