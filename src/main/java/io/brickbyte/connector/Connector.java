package io.brickbyte.connector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a connector comes from and how it is started on this node. Implementations are small,
 * immutable and serializable: the driver parses the {@code connector} option once and ships the
 * result to every task, which may install the connector locally (a venv, an image) before running.
 */
public interface Connector extends Serializable {

  /** How users and messages name this connector, e.g. {@code exec:python3 source.py}. */
  String name();

  /** The command line that runs {@code command} on this node, preparing the connector if needed. */
  List<String> commandLine(ProtocolCommand command);

  /**
   * Removes what a run of {@code commandLine} (a line this connector returned) may leave behind
   * once its process is gone, such as a container. Called once per run, however it ended.
   */
  default void cleanUp(List<String> commandLine) {}

  /** The config text as this connector reads it; most take the user's as it is. */
  default String configForConnector(String configJson) {
    return configJson;
  }

  /** Environment variables it sets for its process (the node's reach it filtered, see below). */
  default Map<String, String> environment() {
    return Map.of();
  }

  /**
   * Names of the node's environment variables its process needs beyond the minimal set every
   * connector gets: the node's environment holds credentials that third-party code must not see.
   */
  default List<String> inheritedEnvironment() {
    return List.of();
  }

  /**
   * Local files that decide what it answers (a script, a manifest), so that a catalog discovered
   * before one of them changed is not reused ({@link CatalogCache}); names that are no file are
   * left out.
   */
  default List<Path> definitionFiles() {
    return List.of();
  }

  /** Its specification when the connector knows it without running {@code spec}; else empty. */
  default Optional<ObjectNode> specification() {
    return Optional.empty();
  }
}
