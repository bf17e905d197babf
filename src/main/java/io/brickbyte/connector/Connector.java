package io.brickbyte.connector;

import java.io.Serializable;
import java.util.List;

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
}
