package io.brickbyte.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A line that is not well-formed UTF-8. Looked for only once the parser has failed on a line, so
 * well-formed lines never pay for the check.
 *
 * @param field where in the record's {@code data} the parser met the first invalid bytes, as a
 *     path ({@code a.b[2]}), or null if they are not in a field one can name
 */
record InvalidUtf8(String field) {

  /** The index of the first byte of {@code bytes[from, to)} that is not UTF-8, or -1. */
  static int firstInvalid(byte[] bytes, int from, int to) {
    ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
    CoderResult result = StandardCharsets.UTF_8.newDecoder().decode(in, CharBuffer.allocate(to - from), true);
    return result.isError() ? in.position() : -1;
  }

  /** The bytes with each invalid sequence replaced by U+FFFD, as the platform's reader decodes. */
  static byte[] replaced(byte[] bytes, int from, int to) {
    return new String(bytes, from, to - from, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Where the parser that threw {@code e} on the invalid byte {@code bytes[at]} (of a line ending
   * at {@code to}) was in the record's data.
   */
  static InvalidUtf8 at(JsonProcessingException e, byte[] bytes, int at, int to) {
    // In a key, the parser still names the field before it: no field to name.
    if (!(e.getProcessor() instanceof JsonParser parser) || inKey(bytes, at, to)) {
      return new InvalidUtf8(null);
    }
    Deque<String> path = new ArrayDeque<>();
    for (JsonStreamContext context = parser.getParsingContext();
        context != null && !context.inRoot();
        context = context.getParent()) {
      if (context.inArray()) {
        path.push("[" + Math.max(context.getCurrentIndex(), 0) + "]");
      } else {
        path.push(context.getCurrentName() == null ? "" : context.getCurrentName());
      }
    }
    if (path.size() < 3 || !path.pop().equals("record") || !path.pop().equals("data")) {
      return new InvalidUtf8(null);
    }
    StringBuilder field = new StringBuilder();
    for (String segment : path) {
      if (segment.isEmpty()) {
        return new InvalidUtf8(null); // an object's first key: no field to name
      }
      if (field.length() > 0 && !segment.startsWith("[")) {
        field.append('.');
      }
      field.append(segment);
    }
    return new InvalidUtf8(field.toString());
  }

  /** Whether the string holding {@code bytes[at]} is a key: a ':' follows its closing quote. */
  private static boolean inKey(byte[] bytes, int at, int to) {
    int i = at;
    while (i < to && bytes[i] != '"') {
      i += bytes[i] == '\\' ? 2 : 1;
    }
    i++;
    while (i < to && JsonBytes.isWhitespace(bytes[i])) {
      i++;
    }
    return i < to && bytes[i] == ':';
  }
}
