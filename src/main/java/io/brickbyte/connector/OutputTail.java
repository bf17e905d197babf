package io.brickbyte.connector;

import java.util.ArrayDeque;

/** The last lines of a connector's stderr, bounded in lines and line length, for error messages. */
final class OutputTail {

  private static final int MAX_LINES = 40;
  private static final int MAX_LINE_LENGTH = 500;

  private final ArrayDeque<String> lines = new ArrayDeque<>();

  synchronized void add(String line) {
    if (lines.size() == MAX_LINES) {
      lines.removeFirst();
    }
    lines.addLast(
        line.length() > MAX_LINE_LENGTH ? line.substring(0, MAX_LINE_LENGTH) + " ..." : line);
  }

  synchronized String text() {
    return String.join("\n", lines);
  }

  synchronized boolean isEmpty() {
    return lines.isEmpty();
  }
}
