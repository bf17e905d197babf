package io.brickbyte.convert;

/**
 * The fast path of DECIMAL columns: a plain JSON number ({@code -12.34}, no exponent) whose value
 * fits the column's scale without rounding and whose unscaled value fits a long, read straight
 * from the parser's characters. Anything else answers {@link #OTHER_FORM} and goes through
 * {@code BigDecimal}, which rounds and range-checks it.
 */
final class DecimalText {

  static final long OTHER_FORM = Long.MIN_VALUE;

  private static final int MAX_LONG_DIGITS = 18;
  private static final long[] POW10 = new long[MAX_LONG_DIGITS + 1];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private DecimalText() {}

  /** The value times 10^scale, or OTHER_FORM. */
  static long unscaled(char[] text, int at, int length, int precision, int scale) {
    int i = at;
    int end = at + length;
    boolean negative = i < end && text[i] == '-';
    if (negative) {
      i++;
    }
    long value = 0;
    int integerDigits = 0;
    while (i < end && isDigit(text[i])) {
      value = value * 10 + (text[i++] - '0');
      integerDigits++;
    }
    int fractionDigits = 0;
    if (i < end && text[i] == '.') {
      i++;
      while (i < end && isDigit(text[i])) {
        value = value * 10 + (text[i++] - '0');
        fractionDigits++;
      }
      if (fractionDigits == 0) {
        return OTHER_FORM;
      }
    }
    if (i != end || integerDigits == 0 || integerDigits > precision - scale
        || fractionDigits > scale || integerDigits + scale > MAX_LONG_DIGITS) {
      return OTHER_FORM;
    }
    value *= POW10[scale - fractionDigits];
    return negative ? -value : value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
