package io.brickbyte.convert;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A scalar token's text as a {@link UTF8String}, encoded straight from the parser's character
 * buffer: one copy into the string's bytes, where {@code UTF8String.fromString(getText())} would
 * build a String and encode it again.
 */
final class Utf8Text {

  private Utf8Text() {}

  static UTF8String of(JsonParser parser) throws IOException {
    char[] chars = parser.getTextCharacters();
    int from = parser.getTextOffset();
    int end = from + parser.getTextLength();
    int size = 0;
    for (int i = from; i < end; i++) {
      char c = chars[i];
      if (c < 0x80) {
        size++;
      } else if (c < 0x800) {
        size += 2;
      } else if (Character.isSurrogate(c)) {
        // Pairs (and lone halves, which become '?') are rare: let the JDK encode them.
        return UTF8String.fromString(new String(chars, from, end - from));
      } else {
        size += 3;
      }
    }
    byte[] bytes = new byte[size];
    int at = 0;
    for (int i = from; i < end; i++) {
      at = put(bytes, at, chars[i]);
    }
    return UTF8String.fromBytes(bytes);
  }

  /** Writes a char that is no surrogate as UTF-8 at {@code at}; returns the index after it. */
  static int put(byte[] bytes, int at, char c) {
    if (c < 0x80) {
      bytes[at++] = (byte) c;
    } else if (c < 0x800) {
      bytes[at++] = (byte) (0xC0 | c >> 6);
      bytes[at++] = (byte) (0x80 | c & 0x3F);
    } else {
      bytes[at++] = (byte) (0xE0 | c >> 12);
      bytes[at++] = (byte) (0x80 | c >> 6 & 0x3F);
      bytes[at++] = (byte) (0x80 | c & 0x3F);
    }
    return at;
  }
}
