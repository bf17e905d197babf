package io.brickbyte.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A cursor over the UTF-8 bytes of one JSON line, for the byte-level paths that do without a
 * parser: the envelope scan of staging and the record fast path. It only answers what it can
 * settle exactly; every method that fails leaves the rest of the line to Jackson. Its position is
 * a plain field: converters move it on every value, without a call. One per reader, not shared.
 * Its end may lie past the line's '\n' (the reader scans a line while it finds its end): no method
 * moves past a '\n', which JSON allows only between tokens and the protocol not at all.
 */
public final class JsonBytes {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final long CONTROLS = 0xE0E0E0E0E0E0E0E0L; // bits set in any byte >= 0x20

  /** Well below the parser's limit ({@link Json#FACTORY}): longer numbers are left to it. */
  private static final int MAX_NUMBER_LENGTH = 1000;

  public byte[] bytes;
  public int pos;
  public int end;
  /** The end (exclusive) of the key {@link #key} read last. */
  public int keyEnd;
  /** Whether the string {@link #checkString} consumed last had escapes. */
  public boolean escaped;

  public void reset(byte[] line, int from, int to) {
    bytes = line;
    pos = from;
    end = to;
  }

  public void skipWhitespace() {
    while (pos < end && isWhitespace(bytes[pos])) {
      pos++;
    }
  }

  /** Skips whitespace and consumes {@code c} if it comes next. */
  public boolean expect(char c) {
    skipWhitespace();
    if (pos < end && bytes[pos] == c) {
      pos++;
      return true;
    }
    return false;
  }

  /** Consumes {@code text} (ASCII) if it comes next. */
  public boolean literal(String text) {
    int length = text.length();
    if (end - pos < length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (bytes[pos + i] != text.charAt(i)) {
        return false;
      }
    }
    pos += length;
    return true;
  }

  /** Consumes {@code token} if the bytes at the cursor spell it; compared eight bytes at a time. */
  public boolean consume(byte[] token) {
    int length = token.length;
    if (end - pos < length) {
      return false;
    }
    int i = 0;
    for (; i + Long.BYTES <= length; i += Long.BYTES) {
      if ((long) LONGS.get(bytes, pos + i) != (long) LONGS.get(token, i)) {
        return false;
      }
    }
    for (; i < length; i++) {
      if (bytes[pos + i] != token[i]) {
        return false;
      }
    }
    pos += length;
    return true;
  }

  /** Consumes {@code null}, which must end there. */
  public boolean nullLiteral() {
    if (literal("null")) {
      if (pos >= end || endsScalar(bytes[pos])) {
        return true;
      }
      pos -= 4;
    }
    return false;
  }

  /**
   * Skips whitespace and a string of printable ASCII without escapes (a key, a name); returns the
   * index after its opening quote (its end is {@code pos - 1}), or -1.
   */
  public int plainString() {
    skipWhitespace();
    if (pos >= end || bytes[pos] != '"') {
      return -1;
    }
    int start = ++pos;
    while (pos < end) {
      if (pos + Long.BYTES <= end && isPlainAscii((long) LONGS.get(bytes, pos))) {
        pos += Long.BYTES;
        continue;
      }
      byte b = bytes[pos++];
      if (b == '"') {
        return start;
      }
      if (b == '\\' || b < 0x20) { // also every byte >= 0x80: Java bytes are signed
        return -1;
      }
    }
    return -1;
  }

  /**
   * Reads an object's key (a {@link #plainString}) and its colon, up to the value; returns the
   * key's start (its end is then {@link #keyEnd}), or -1.
   */
  public int key() {
    int start = plainString();
    keyEnd = pos - 1;
    if (start < 0 || !expect(':')) {
      return -1;
    }
    skipWhitespace();
    return start;
  }

  /**
   * Skips to just after the closing quote of a string whose opening quote was consumed, without
   * checking it: most of a record's bytes are in strings, searched eight at a time.
   */
  public boolean skipStringRest() {
    while (pos + Long.BYTES <= end) {
      long word = (long) LONGS.get(bytes, pos);
      long found = Newlines.zeroBytes(word ^ QUOTES) | Newlines.zeroBytes(word ^ BACKSLASHES)
          | Newlines.zeroBytes(word ^ NEWLINES);
      if (found == 0) {
        pos += Long.BYTES;
      } else {
        pos += Long.numberOfTrailingZeros(found) >>> 3;
        byte b = bytes[pos++];
        if (b == '"') {
          return true;
        }
        if (b == '\n' || pos < end && bytes[pos] == '\n') { // b is a '\n' or a backslash
          return false;
        }
        pos++; // the escaped character
      }
    }
    while (pos < end) {
      byte b = bytes[pos++];
      if (b == '"') {
        return true;
      }
      if (b == '\n') {
        return false;
      }
      if (b == '\\') {
        if (pos < end && bytes[pos] == '\n') {
          return false;
        }
        pos++;
      }
    }
    return false;
  }

  /** Skips any value without checking it: brackets are counted outside strings, not matched. */
  public boolean skipValue() {
    if (pos >= end) {
      return false;
    }
    byte first = bytes[pos];
    if (first == '"') {
      pos++;
      return skipStringRest();
    }
    if (first == '{' || first == '[') {
      int depth = 0;
      while (pos < end) {
        byte b = bytes[pos++];
        if (b == '"') {
          if (!skipStringRest()) {
            return false;
          }
        } else if (b == '{' || b == '[') {
          depth++;
        } else if ((b == '}' || b == ']') && --depth == 0) {
          return true;
        } else if (b == '\n') {
          return false;
        }
      }
      return false;
    }
    int start = pos;
    while (pos < end && !endsScalar(bytes[pos])) {
      pos++;
    }
    return pos > start;
  }

  /**
   * Skips a value and checks it as strictly as a JSON parser would (grammar, escapes, control
   * characters, UTF-8), so that a line taken by the fast path is one the parser would also take.
   */
  public boolean skipValueStrictly(int depth) {
    skipWhitespace();
    if (pos >= end || depth > 64) {
      return false;
    }
    byte first = bytes[pos];
    if (first == '"') {
      return checkString();
    }
    if (first == '{') {
      pos++;
      if (expect('}')) {
        return true;
      }
      do {
        skipWhitespace();
        if (!checkString() || !expect(':') || !skipValueStrictly(depth + 1)) {
          return false;
        }
      } while (expect(','));
      return expect('}');
    }
    if (first == '[') {
      pos++;
      if (expect(']')) {
        return true;
      }
      do {
        if (!skipValueStrictly(depth + 1)) {
          return false;
        }
      } while (expect(','));
      return expect(']');
    }
    if (first == 't' || first == 'f' || first == 'n') {
      return (literal("true") || literal("false") || literal("null")) && (pos >= end || endsScalar(bytes[pos]));
    }
    return number() >= 0 && (pos >= end || endsScalar(bytes[pos]));
  }

  /**
   * A number of JSON's grammar at {@code pos}, consumed: 0 for an integer, 1 with a fraction, 2
   * with an exponent; -1 (nothing consumed) for anything else.
   */
  public int number() {
    int start = pos;
    int i = pos;
    if (i < end && bytes[i] == '-') {
      i++;
    }
    if (i >= end || !isDigit(bytes[i])) {
      return -1;
    }
    if (bytes[i] == '0') {
      i++;
    } else {
      while (i < end && isDigit(bytes[i])) {
        i++;
      }
    }
    int kind = 0;
    if (i < end && bytes[i] == '.') {
      int digits = ++i;
      while (i < end && isDigit(bytes[i])) {
        i++;
      }
      if (i == digits) {
        return -1;
      }
      kind = 1;
    }
    if (i < end && (bytes[i] == 'e' || bytes[i] == 'E')) {
      i++;
      if (i < end && (bytes[i] == '+' || bytes[i] == '-')) {
        i++;
      }
      int digits = i;
      while (i < end && isDigit(bytes[i])) {
        i++;
      }
      if (i == digits) {
        return -1;
      }
      kind = 2;
    }
    // The parser rejects numbers longer than Json's limit: such lines are its to report.
    if (i < end && !endsScalar(bytes[i]) || i - start > MAX_NUMBER_LENGTH) {
      pos = start;
      return -1;
    }
    pos = i;
    return kind;
  }

  /**
   * Checks the string at {@code pos} (its quote) and consumes it: escapes JSON knows, no control
   * characters, well-formed UTF-8 (no overlong forms, no surrogates). Plain runs go eight bytes at a time.
   */
  public boolean checkString() {
    if (pos >= end || bytes[pos] != '"') {
      return false;
    }
    escaped = false;
    pos++;
    while (pos < end) {
      if (pos + Long.BYTES <= end) {
        if (isPlainAscii((long) LONGS.get(bytes, pos))) {
          pos += Long.BYTES;
          continue;
        }
      }
      int b = bytes[pos] & 0xFF;
      if (b == '"') {
        pos++;
        return true;
      }
      if (b == '\\') {
        if (pos + 1 >= end) {
          return false;
        }
        escaped = true;
        byte escape = bytes[pos + 1];
        if (escape == 'u') {
          if (pos + 6 > end || hex4(pos + 2) < 0) {
            return false;
          }
          pos += 6;
        } else if ("\"\\/bfnrt".indexOf(escape) >= 0) {
          pos += 2;
        } else {
          return false;
        }
      } else if (b < 0x20) {
        return false;
      } else if (b < 0x80) {
        pos++;
      } else {
        int length = utf8Length(pos);
        if (length < 0) {
          return false;
        }
        pos += length;
      }
    }
    return false;
  }

  /** The value of four hex digits at {@code at}, or -1. */
  public int hex4(int at) {
    int value = 0;
    for (int i = at; i < at + 4; i++) {
      int digit = Character.digit(bytes[i], 16);
      if (digit < 0) {
        return -1;
      }
      value = value << 4 | digit;
    }
    return value;
  }

  /** The length of the well-formed UTF-8 sequence at {@code at} (lead byte >= 0x80), or -1. */
  public int utf8Length(int at) {
    int lead = bytes[at] & 0xFF;
    int length;
    int min = 0x80;
    int max = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) {
        min = 0xA0; // overlong
      } else if (lead == 0xED) {
        max = 0x9F; // surrogates
      }
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) {
        min = 0x90;
      } else if (lead == 0xF4) {
        max = 0x8F;
      }
    } else {
      return -1;
    }
    if (at + length > end) {
      return -1;
    }
    int second = bytes[at + 1] & 0xFF;
    if (second < min || second > max) {
      return -1;
    }
    for (int i = at + 2; i < at + length; i++) {
      if ((bytes[i] & 0xC0) != 0x80) {
        return -1;
      }
    }
    return length;
  }

  /**
   * Whether {@code bytes[from, to)} equals {@code expected}: a plain loop, as names are short and
   * {@code Arrays.equals} on ranges costs more to set up than to compare them.
   */
  public static boolean equalBytes(byte[] bytes, int from, int to, byte[] expected) {
    if (to - from != expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (bytes[from + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  /** Whitespace inside a line: a '\n' ends the line, never crossed (see the class comment). */
  public static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\t' || b == '\r';
  }

  public static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  /** Whether {@code b} may follow a number or literal. */
  public static boolean endsScalar(byte b) {
    return b == ',' || b == '}' || b == ']' || b == '\n' || isWhitespace(b);
  }

  /** Whether no byte of an ASCII word is a control character (below 0x20). */
  /** Eight bytes of printable ASCII, none a quote or a backslash: string content as it is. */
  private static boolean isPlainAscii(long word) {
    return Newlines.zeroBytes(word ^ QUOTES) == 0
        && Newlines.zeroBytes(word ^ BACKSLASHES) == 0
        && (word & HIGH_BITS) == 0
        && controlFree(word);
  }

  private static boolean controlFree(long word) {
    // A byte below 0x20 has none of the bits 0xE0: find a zero byte in (word & 0xE0...).
    return Newlines.zeroBytes(word & CONTROLS) == 0;
  }
}
