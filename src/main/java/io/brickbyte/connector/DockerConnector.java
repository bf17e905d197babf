package io.brickbyte.connector;

import io.brickbyte.AirbyteConfigException;
import io.brickbyte.AirbyteConnectorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code docker:image:tag}: a connector image run with {@code docker run --rm -i}, its config,
 * catalog and state files mounted read-only under {@code /airbyte/input}. Needs a Docker engine on
 * the node, which most Spark clusters (Databricks included) do not have: the error says so.
 */
final class DockerConnector implements Connector {

  static final String PREFIX = "docker:";
  static final String MOUNT_DIR = "/airbyte/input/";
  private static final long serialVersionUID = 1L;

  private final String image;

  DockerConnector(String image) {
    this.image = image;
  }

  static DockerConnector parse(String image) {
    String name = image.strip();
    if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
      throw new AirbyteConfigException(
          "Option 'connector' = 'docker:" + image + "' is not an image name. Accepted: "
              + "docker:IMAGE:TAG, e.g. docker:airbyte/source-postgres:3.6.22");
    }
    return new DockerConnector(name);
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
    return dockerCommand(command);
  }

  /** The {@code docker run} line for {@code command}: files mounted read-only, paths mapped. */
  List<String> dockerCommand(ProtocolCommand command) {
    List<String> line = new ArrayList<>(List.of("docker", "run", "--rm", "-i", "--init"));
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

  /** Fails clearly, before the run, where no Docker engine answers on this node. */
  private void requireEngine() {
    String problem;
    try {
      Process info =
          new ProcessBuilder("docker", "version", "--format", "{{.Server.Version}}")
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
