package io.brickbyte.connector;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code exec:PATH [ARGS]}: any executable on the node that speaks the protocol. */
final class ExecConnector implements Connector {

  static final String PREFIX = "exec:";
  private static final long serialVersionUID = 1L;

  private final List<String> command;

  ExecConnector(List<String> command) {
    this.command = List.copyOf(command);
  }

  @Override
  public String name() {
    return PREFIX + String.join(" ", command);
  }

  @Override
  public List<String> commandLine(ProtocolCommand protocolCommand) {
    List<String> line = new ArrayList<>(command);
    line.addAll(protocolCommand.args());
    return line;
  }

  /** The words of its command that name a file: the executable, the script it runs. */
  @Override
  public List<Path> definitionFiles() {
    return LocalFiles.existing(command);
  }

  @Override
  public String toString() {
    return name();
  }
}
