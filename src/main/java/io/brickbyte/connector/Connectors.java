package io.brickbyte.connector;

import io.brickbyte.AirbyteConfigException;
import java.util.ArrayList;
import java.util.List;

/** Parses the {@code connector} option into the {@link Connector} that runs it. */
public final class Connectors {

  static final String ACCEPTED = "exec:PATH [ARGS] (an executable that speaks the Airbyte protocol)";

  private Connectors() {}

  public static Connector parse(String value) {
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
    throw new AirbyteConfigException(
        "Option 'connector' = '" + spec + "' is not a connector this version can run. Accepted: "
            + ACCEPTED);
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
