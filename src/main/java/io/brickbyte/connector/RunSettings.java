package io.brickbyte.connector;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How connector processes run on a node.
 *
 * @param idleTimeout a connector that the reader waits on this long while it writes nothing to
 *     stdout or stderr is considered hung and killed
 * @param tempDir where the private per-run directories for config, catalog and state go
 * @param connectorEnv names of environment variables the connector gets from the node, beyond the
 *     minimal set ({@link ConnectorEnvironment})
 */
public record RunSettings(Duration idleTimeout, String tempDir, List<String> connectorEnv)
    implements Serializable {

  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);

  public RunSettings {
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(tempDir, "tempDir");
    connectorEnv = List.copyOf(connectorEnv);
  }

  public RunSettings(Duration idleTimeout, String tempDir) {
    this(idleTimeout, tempDir, List.of());
  }

  public static RunSettings defaults() {
    return new RunSettings(DEFAULT_IDLE_TIMEOUT, System.getProperty("java.io.tmpdir"));
  }

  Path tempPath() {
    return Path.of(tempDir);
  }
}
