package io.brickbyte.connector;

import io.brickbyte.AirbyteConfigException;
import io.brickbyte.AirbyteConnectorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code docker:image:tag}: a connector image run with {@code docker run --rm -i}, its config,
 * catalog and state files mounted read-only under {@code /airbyte/input} (the config reaches the
 * container only that way, never as an argument or a variable). Every container has a name of its
 * own and the label {@value #LABEL}, and is removed when its run ends, however it ends: killing the
 * {@code docker run} client alone would leave the container running. Needs a Docker engine on the
 * node, which most Spark clusters (Databricks included) do not have: the error says so.
 */
final class DockerConnector implements Connector {

  static final String PREFIX = "docker:";
  static final String MOUNT_DIR = "/airbyte/input/";
  /** The label of every container BrickByte starts; its value is the connector's name. */
  static final String LABEL = "io.brickbyte.connector";
  private static final String NAME_PREFIX = "brickbyte-";
  private static final long serialVersionUID = 2L;
  private static final Logger LOG = LoggerFactory.getLogger(DockerConnector.class);
  /**
   * Containers of runs not yet cleaned up, with their docker program: removed on JVM exit, when
   * the clients are killed.
   */
  private static final Map<String, String> RUNNING = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> Map.copyOf(RUNNING).forEach((container, docker) -> remove(docker, container)),
                "brickbyte-docker-cleanup"));
  }

  private final String image;
  private final DockerSettings settings;
  /** The docker client program; tests name one that is missing. */
  private final String docker;

  DockerConnector(String image, DockerSettings settings) {
    this(image, settings, "docker");
  }

  DockerConnector(String image, DockerSettings settings, String docker) {
    this.image = image;
    this.settings = settings;
    this.docker = docker;
  }

  static DockerConnector parse(String image, DockerSettings settings) {
    String name = image.strip();
    if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
      throw new AirbyteConfigException(
          "Option 'connector' = 'docker:" + image + "' is not an image name. Accepted: "
              + "docker:IMAGE:TAG, e.g. docker:airbyte/source-postgres:3.6.22");
    }
    return new DockerConnector(name, settings);
  }

  String image() {
    return image;
  }

  @Override
  public String name() {
    return PREFIX + image;
  }

  @Override
  public List<String> commandLine(ProtocolCommand command) {
    requireEngine();
    String container = NAME_PREFIX + UUID.randomUUID();
    RUNNING.put(container, docker);
    return dockerCommand(command, container);
  }

  /** Stops and removes the run's container; a container that already exited is gone (--rm). */
  @Override
  public void cleanUp(List<String> commandLine) {
    int name = commandLine.indexOf("--name");
    if (name >= 0) {
      remove(docker, commandLine.get(name + 1));
    }
  }

  /** The {@code docker run} line for {@code command}: files mounted read-only, paths mapped. */
  List<String> dockerCommand(ProtocolCommand command, String container) {
    List<String> line = new ArrayList<>(List.of(docker, "run", "--rm", "-i", "--init"));
    line.addAll(List.of("--name", container, "--label", LABEL + "=" + name()));
    if (settings.network() != null) {
      line.addAll(List.of("--network", settings.network()));
    }
    line.addAll(settings.extraArgs());
    for (Path file : new Path[] {command.config(), command.catalog(), command.state()}) {
      if (file != null) {
        line.add("-v");
        line.add(file.toAbsolutePath() + ":" + MOUNT_DIR + file.getFileName() + ":ro");
      }
    }
    line.add(image);
    line.addAll(command.args(file -> MOUNT_DIR + file.getFileName()));
    return line;
  }

  /** The docker CLI's own settings: where the engine is and how to reach it. */
  @Override
  public List<String> inheritedEnvironment() {
    return List.of("DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_CONFIG", "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY");
  }

  /** {@code docker rm -f}: kills the container if it runs. Failures are logged, not thrown. */
  private static void remove(String docker, String container) {
    try {
      Process rm =
          new ProcessBuilder(docker, "rm", "-f", container).redirectErrorStream(true).start();
      String out = new String(rm.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!rm.waitFor(60, TimeUnit.SECONDS)) {
        rm.destroyForcibly();
        LOG.warn("'docker rm -f {}' did not finish within 60 s", container);
      } else if (rm.exitValue() != 0 && !out.contains("No such container")) {
        LOG.warn("'docker rm -f {}' failed: {}", container, out);
      }
    } catch (IOException e) {
      LOG.warn("'docker rm -f {}' could not run: {}", container, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("Interrupted while removing container {}", container);
    } finally {
      RUNNING.remove(container);
    }
  }

  /** Fails clearly, before the run, where no Docker engine answers on this node. */
  private void requireEngine() {
    String problem;
    try {
      Process info =
          new ProcessBuilder(docker, "version", "--format", "{{.Server.Version}}")
              .redirectErrorStream(true)
              .start();
      String out = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!info.waitFor(60, TimeUnit.SECONDS)) {
        info.destroyForcibly();
        problem = "'docker version' did not answer within 60 s";
      } else if (info.exitValue() == 0) {
        return;
      } else {
        problem = "'docker version' says: " + out;
      }
    } catch (IOException e) {
      problem = "the docker command is not installed (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AirbyteConnectorException("Interrupted while looking for a Docker engine", e);
    }
    // The run that calls this names the connector first.
    throw new AirbyteConnectorException(
        "needs a running Docker engine on this node, and none is available (" + problem
            + "). Run Python connectors with pip:, declarative ones with manifest:, or use a "
            + "cluster with Docker");
  }

  @Override
  public String toString() {
    return name();
  }
}
