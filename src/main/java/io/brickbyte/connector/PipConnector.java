package io.brickbyte.connector;

import io.brickbyte.AirbyteConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pip:airbyte-source-x==1.2.3}: a Python connector from a package index, installed into a
 * venv of its own on the node that runs it and started as the package's {@code source-x} entry
 * point.
 */
final class PipConnector implements Connector {

  static final String PREFIX = "pip:";
  private static final long serialVersionUID = 1L;
  // A PEP 508 name, then an optional version specifier (==1.2.3, >=1, ~=2.0, ...).
  private static final Pattern REQUIREMENT =
      Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*)(\\[[^\\]]*])?\\s*((?:[=<>!~]=?|===)\\s*[^\\s;]+)?");

  private final String requirement;
  private final String executable;
  private final InstallSettings settings;

  PipConnector(String requirement, String executable, InstallSettings settings) {
    this.requirement = requirement;
    this.executable = executable;
    this.settings = settings;
  }

  /** Parses what follows {@code pip:}; the entry point is the package name without {@code airbyte-}. */
  static PipConnector parse(String requirement, InstallSettings settings) {
    Matcher matcher = REQUIREMENT.matcher(requirement.strip());
    if (!matcher.matches()) {
      throw new AirbyteConfigException(
          "Option 'connector' = 'pip:" + requirement + "' is not a package requirement. Accepted: "
              + "pip:PACKAGE or pip:PACKAGE==VERSION, e.g. pip:airbyte-source-faker==6.2.1");
    }
    String name = matcher.group(1);
    String executable = name.startsWith("airbyte-") ? name.substring("airbyte-".length()) : name;
    return new PipConnector(requirement.strip().replaceAll("\\s+", ""), executable, settings);
  }

  String requirement() {
    return requirement;
  }

  String executable() {
    return executable;
  }

  Venv venv() {
    return new Venv(List.of(requirement), settings);
  }

  @Override
  public String name() {
    return PREFIX + requirement;
  }

  @Override
  public List<String> commandLine(ProtocolCommand command) {
    Venv venv = venv();
    venv.ensureInstalled();
    List<String> line = new ArrayList<>(List.of(venv.bin(executable).toString()));
    line.addAll(command.args());
    return line;
  }

  @Override
  public String toString() {
    return name();
  }
}
