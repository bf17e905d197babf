package io.brickbyte.convert;

import java.math.BigDecimal;
import org.apache.spark.sql.types.Decimal;

/**
 * Exact numbers from their text, as {@link #fit} reads a {@code BigDecimal} but without one where
 * the result fits a long: a number of JSON's grammar (exponents too, {@code 1.2345678901234567e-05})
 * rounded half-up to the column's scale, or an integer column's value when no non-zero digit is
 * dropped ({@code 35.0}, {@code 1e2}). Anything else answers {@link #OTHER_FORM}: a result past 18
 * digits or the precision, a non-zero number that rounds to 0 (the converters null those), or text
 * that is not such a number.
 */
final class DecimalText {

  static final long OTHER_FORM = Long.MIN_VALUE;

  private static final int MAX_LONG_DIGITS = 18;
  private static final int MAX_EXPONENT_DIGITS = 9;
  private static final long[] POW10 = new long[MAX_LONG_DIGITS + 1];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private DecimalText() {}

  /** The value times 10^scale, rounded half-up; or OTHER_FORM. */
  static long unscaled(char[] text, int at, int length, int precision, int scale) {
    return scaled(text, at, length, precision, scale, true);
  }

  /** The value, if it is an integer that fits 18 digits (BIGINT's exact reading); or OTHER_FORM. */
  static long integral(char[] text, int at, int length) {
    return scaled(text, at, length, MAX_LONG_DIGITS + 1, 0, false);
  }

  /**
   * The value rounded half-up to the scale, as the parser path reads every number; null where it
   * does not fit: too many digits, or a non-zero value that rounds to 0 (that 0 would say nothing
   * of it).
   */
  static Decimal fit(BigDecimal value, int precision, int scale) {
    // Settled by the digits before scaling: 1e999999999 would be scaled to a billion digits.
    int magnitude = value.precision() - value.scale(); // 10^(magnitude-1) <= |value| < 10^magnitude
    if (value.signum() == 0) {
      value = BigDecimal.ZERO; // 0e-999999999 too
    } else if (magnitude > precision - scale || magnitude < -scale) {
      return null;
    }
    Decimal decimal = Decimal.apply(value);
    if (!decimal.changePrecision(precision, scale) || decimal.isZero() && value.signum() != 0) {
      return null;
    }
    return decimal;
  }

  private static long scaled(char[] text, int at, int length, int precision, int scale, boolean round) {
    int end = at + length;
    int i = at;
    boolean negative = i < end && text[i] == '-';
    if (negative) {
      i++;
    }
    int integerStart = i;
    while (i < end && isDigit(text[i])) {
      i++;
    }
    int integerEnd = i;
    int digitsEnd = i;
    if (integerEnd == integerStart) {
      return OTHER_FORM;
    }
    if (i < end && text[i] == '.') {
      i++;
      while (i < end && isDigit(text[i])) {
        i++;
      }
      if (i == integerEnd + 1) {
        return OTHER_FORM;
      }
      digitsEnd = i;
    }
    long exponent = 0;
    if (i < end && (text[i] == 'e' || text[i] == 'E')) {
      i++;
      boolean negativeExponent = i < end && text[i] == '-';
      if (i < end && (text[i] == '-' || text[i] == '+')) {
        i++;
      }
      int exponentStart = i;
      while (i < end && isDigit(text[i])) {
        if (i - exponentStart == MAX_EXPONENT_DIGITS) {
          return OTHER_FORM;
        }
        exponent = exponent * 10 + (text[i++] - '0');
      }
      if (i == exponentStart) {
        return OTHER_FORM;
      }
      exponent = negativeExponent ? -exponent : exponent;
    }
    if (i != end) {
      return OTHER_FORM;
    }
    // The k-th digit (the point skipped) weighs 10^(kept - 1 - k) units of the scale: the digits
    // before `kept` are the result, the one at `kept` rounds it.
    long kept = integerEnd - integerStart + exponent + scale;
    long value = 0;
    int significant = 0;
    boolean nonZero = false;
    boolean roundUp = false;
    long k = 0;
    for (int j = integerStart; j < digitsEnd; j++) {
      if (j == integerEnd) {
        continue; // the point
      }
      int digit = text[j] - '0';
      nonZero |= digit != 0;
      if (k < kept) {
        if (value != 0 || digit != 0) {
          if (++significant > MAX_LONG_DIGITS) {
            return OTHER_FORM;
          }
          value = value * 10 + digit;
        }
      } else if (!round && digit != 0) {
        return OTHER_FORM;
      } else if (k == kept) {
        roundUp = digit >= 5;
      }
      k++;
    }
    if (value != 0 && kept > k) {
      if (kept - k + significant > MAX_LONG_DIGITS) {
        return OTHER_FORM;
      }
      value *= POW10[(int) (kept - k)];
    }
    if (roundUp) {
      value++;
    }
    if (value == 0 && nonZero || precision <= MAX_LONG_DIGITS && value >= POW10[precision]) {
      return OTHER_FORM;
    }
    return negative ? -value : value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
