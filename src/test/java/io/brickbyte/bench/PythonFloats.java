package io.brickbyte.bench;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Floats as a Python source writes them ({@code json.dumps}, which is {@code repr}): the digits
 * that read back as the same double, positional from 1e-4 up to 1e16 and with an exponent of two
 * or more digits otherwise ({@code 0.30000000000000004}, {@code -122.41941550000001},
 * {@code 1.2345678901234567e-05}, {@code 1e+16}, {@code 3.0}). JDK 17's {@code Double.toString} is at times longer than
 * the shortest digits, which Python writes.
 */
final class PythonFloats {

  private PythonFloats() {}

  /** Python's repr of a finite double. */
  static String repr(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("JSON has no " + value);
    }
    BigDecimal shortest = shortest(Math.abs(value));
    String digits = shortest.unscaledValue().toString();
    int pointAt = digits.length() - shortest.scale(); // digits before the decimal point
    StringBuilder out = new StringBuilder(26);
    if (value < 0 || value == 0 && 1 / value < 0) {
      out.append('-');
    }
    if (value == 0) {
      return out.append("0.0").toString();
    }
    int leading = pointAt - 1; // the exponent of the first digit
    if (leading < -4 || leading >= 16) {
      out.append(digits.charAt(0));
      if (digits.length() > 1) {
        out.append('.').append(digits, 1, digits.length());
      }
      return out.append('e').append(leading < 0 ? '-' : '+')
          .append(Math.abs(leading) < 10 ? "0" : "").append(Math.abs(leading)).toString();
    }
    if (pointAt <= 0) {
      out.append("0.").append("0".repeat(-pointAt)).append(digits);
    } else if (pointAt >= digits.length()) {
      out.append(digits).append("0".repeat(pointAt - digits.length())).append(".0");
    } else {
      out.append(digits, 0, pointAt).append('.').append(digits, pointAt, digits.length());
    }
    return out.toString();
  }

  /**
   * The fewest significant digits that read back as the value: the value rounded to p digits
   * reads back for every p from some least one on, so that p is found by halving [1, 17].
   */
  private static BigDecimal shortest(double magnitude) {
    if (magnitude == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal exact = new BigDecimal(magnitude);
    int low = 1;
    int high = 17;
    while (low < high) {
      int middle = (low + high) / 2;
      if (exact.round(new MathContext(middle, RoundingMode.HALF_EVEN)).doubleValue() == magnitude) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return exact.round(new MathContext(low, RoundingMode.HALF_EVEN)).stripTrailingZeros();
  }
}
