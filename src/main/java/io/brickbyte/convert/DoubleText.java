package io.brickbyte.convert;

import io.brickbyte.protocol.JsonBytes;

/**
 * The fast path of DOUBLE columns, read from a line's bytes. An integer that fits a long is that
 * long as a double, as the parser converts integer tokens ({@code -0} is 0.0). A decimal fraction
 * with at most 15 significant digits and 22 fraction digits is exact as digits / 10^k: both are
 * exact doubles and one division rounds correctly, as {@code Double.parseDouble} does. Exponents
 * and longer numbers go through {@code Double.parseDouble} of the text.
 */
final class DoubleText {

  private static final double[] POW10 = new double[23];
  private static final long MAX_EXACT = 1L << 53;

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private DoubleText() {}

  /** The number at the cursor, consumed; NaN (nothing consumed) if it is not a plain number. */
  static double parse(JsonBytes json) {
    int start = json.pos;
    int kind = json.number();
    if (kind < 0) {
      return Double.NaN;
    }
    byte[] bytes = json.bytes;
    int end = json.pos;
    int i = start;
    boolean negative = bytes[i] == '-';
    if (negative) {
      i++;
    }
    long digits = 0;
    int fractionDigits = 0;
    boolean fraction = false;
    for (; i < end; i++) {
      byte b = bytes[i];
      if (b == '.') {
        fraction = true;
      } else if (b == 'e' || b == 'E' || digits >= MAX_EXACT / 10) {
        return slow(json, start, end, kind);
      } else {
        digits = digits * 10 + (b - '0');
        if (fraction) {
          fractionDigits++;
        }
      }
    }
    if (kind == 0) {
      return (double) (negative ? -digits : digits);
    }
    if (fractionDigits >= POW10.length) {
      return slow(json, start, end, kind);
    }
    double value = digits / POW10[fractionDigits];
    return negative ? -value : value;
  }

  /** Integers beyond the fast range are left to the parser (it reads them as BigInteger). */
  private static double slow(JsonBytes json, int start, int end, int kind) {
    if (kind == 0 && end - start > 18) {
      json.pos = start;
      return Double.NaN;
    }
    return Double.parseDouble(new String(json.bytes, start, end - start, java.nio.charset.StandardCharsets.US_ASCII));
  }
}
