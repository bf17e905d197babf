package io.brickbyte.connector;

import io.brickbyte.AirbyteConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the {@code connector} option into the {@link Connector} that runs it. */
public final class Connectors {

  static final String ACCEPTED =
      "source-x or source-x==1.2.3 (the Airbyte registry), pip:PACKAGE[==VERSION], "
          + "manifest:PATH (declarative YAML), docker:IMAGE:TAG, or exec:PATH [ARGS] (an "
          + "executable that speaks the Airbyte protocol)";
  private static final Pattern REGISTRY_NAME =
      Pattern.compile("(source-[a-z0-9][a-z0-9-]*)(?:==([A-Za-z0-9][A-Za-z0-9._+-]*))?");

  private Connectors() {}

  /** Parses with the default install settings (the public registry, pip or uv, a temp dir). */
  public static Connector parse(String value) {
    return parse(value, InstallSettings.defaults());
  }

  /**
   * Parses the {@code connector} option. Registry names are resolved here, once, on the driver;
   * installs happen later, on the node that runs the connector.
   */
  public static Connector parse(String value, InstallSettings settings) {
    if (value == null || value.isBlank()) {
      throw new AirbyteConfigException(
          "Option 'connector' is required. Accepted: " + ACCEPTED);
    }
    String spec = value.strip();
    if (spec.startsWith(ExecConnector.PREFIX)) {
      List<String> command = splitCommandLine(spec.substring(ExecConnector.PREFIX.length()));
      if (command.isEmpty()) {
        throw new AirbyteConfigException(
            "Option 'connector' = 'exec:' names no executable. Accepted: " + ACCEPTED);
      }
      return new ExecConnector(command);
    }
    if (spec.startsWith(PipConnector.PREFIX)) {
      return PipConnector.parse(spec.substring(PipConnector.PREFIX.length()), settings);
    }
    if (spec.startsWith(ManifestConnector.PREFIX)) {
      return ManifestConnector.forPath(spec.substring(ManifestConnector.PREFIX.length()), settings);
    }
    if (spec.startsWith(DockerConnector.PREFIX)) {
      return DockerConnector.parse(spec.substring(DockerConnector.PREFIX.length()), settings.docker());
    }
    Matcher registryName = REGISTRY_NAME.matcher(spec);
    if (registryName.matches()) {
      return fromRegistry(registryName.group(1), registryName.group(2), settings);
    }
    throw new AirbyteConfigException(
        "Option 'connector' = '" + spec + "' is not a connector this version can run. Accepted: "
            + ACCEPTED);
  }

  /**
   * A registry name the way PyAirbyte resolves it: manifest-only connectors run their manifest,
   * Python ones their PyPI package, the rest (Java, Docker-only) their image. Without a version,
   * the registry's current one is pinned, so every task of a job runs the same connector and a
   * node's cached venv is replaced when the registry moves on.
   */
  static Connector fromRegistry(String name, String version, InstallSettings settings) {
    ConnectorRegistry.Entry entry = ConnectorRegistry.find(settings.registryUrl(), name);
    String pinned = version != null ? version : entry.dockerImageTag();
    if (entry.isManifestOnly()) {
      String files =
          String.format(ConnectorRegistry.METADATA_URL, name, pinned == null ? "latest" : pinned);
      return new ManifestConnector(files + "manifest.yaml", files + "components.py", settings);
    }
    if (entry.isPython()) {
      return new PipConnector(
          entry.pypiPackage() + (pinned == null ? "" : "==" + pinned), name, settings);
    }
    return new DockerConnector(
        entry.dockerRepository() + (pinned == null ? "" : ":" + pinned), settings.docker());
  }

  /** Splits like a POSIX shell does for words: whitespace separates, quotes and backslash group. */
  static List<String> splitCommandLine(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
          word.append(line.charAt(++i));
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (c == '\\' && i + 1 < line.length()) {
        word.append(line.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new AirbyteConfigException(
          "Option 'connector' has an unclosed " + quote + " quote. Accepted: " + ACCEPTED);
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
