package io.brickbyte.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.types.Decimal;
import org.junit.jupiter.api.Test;

/**
 * The text path agrees with the parser path's BigDecimal ({@link DecimalText#fit}) on every number
 * it takes, value for value, and leaves every number that does not fit to it.
 */
class DecimalTextTest {

  private static long unscaled(String text, int precision, int scale) {
    char[] padded = ("[" + text + "]").toCharArray();
    return DecimalText.unscaled(padded, 1, text.length(), precision, scale);
  }

  private static long integral(String text) {
    char[] padded = ("[" + text + "]").toCharArray();
    return DecimalText.integral(padded, 1, text.length());
  }

  /** Checks one text both ways; true if the text path took it. */
  private static boolean agrees(String text, int precision, int scale) {
    long fast = unscaled(text, precision, scale);
    Decimal parsed = DecimalText.fit(new BigDecimal(text), precision, scale);
    if (parsed == null) {
      assertEquals(DecimalText.OTHER_FORM, fast, text + " does not fit DECIMAL(" + precision + "," + scale + ")");
      return false;
    }
    if (fast == DecimalText.OTHER_FORM) {
      return false;
    }
    assertEquals(parsed, new Decimal().set(fast, precision, scale), text);
    assertEquals(parsed.toJavaBigDecimal(), new Decimal().set(fast, precision, scale).toJavaBigDecimal(), text);
    return true;
  }

  @Test
  void plainNumbersThatFitAreExact() {
    for (String text : new String[] {"0", "-0", "0.5", "-0.0", "12.34", "-12.3400", "99999999.9999999999",
        "7", "123456.1"}) {
      assertTrue(agrees(text, 38, 10), text);
    }
    assertEquals(1234, unscaled("12.34", 4, 2));
  }

  @Test
  void fullPrecisionFloatsAndExponentsAreRoundedHalfUp() {
    assertEquals(3_000_000_000L, unscaled("0.30000000000000004", 38, 10));
    assertEquals(-1_224_194_155_000L, unscaled("-122.41941550000001", 38, 10));
    assertEquals(123_457L, unscaled("1.2345678901234567e-05", 38, 10)); // ...4567 rounds up
    assertEquals(1, unscaled("0.00000000005", 38, 10)); // half rounds up
    assertEquals(-1, unscaled("-0.00000000005", 38, 10)); // and away from zero
    assertEquals(1_000_000_000_000_000_000L, unscaled("99999999.99999999995", 38, 10)); // 10^18
    assertEquals(1_000_000_000_000_000L, unscaled("1e5", 38, 10));
    assertEquals(1_000_000_000_000_000L, unscaled("1E+5", 38, 10));
    assertEquals(15, unscaled("1.5E-3", 38, 4));
    assertEquals(123, unscaled("1.234", 4, 2));
    assertEquals(124, unscaled("1.235", 4, 2));
    assertEquals(0, unscaled("-0.0e7", 38, 10), "negative zero");
    assertEquals(0, unscaled("0e999999999", 38, 10));
    for (String text : new String[] {"0.30000000000000004", "-122.41941550000001", "1.2345678901234567e-05",
        "-0.0", "-0e-5", "0.00000000005", "-0.00000000005", "99999999.99999999995", "5e-11",
        "12345678.123456789012345678", "0.1234567890123456789", "1.7976931348623157e-3"}) {
      assertTrue(agrees(text, 38, 10), text);
    }
  }

  @Test
  void numbersThatDoNotFitALongOrTheColumnAreLeftToTheParserPath() {
    for (String text : new String[] {"NaN", "Infinity", "-", "", ".5", "5.", "12a", "+1", "--1", "1e", "1e+",
        "1e-", "1.e5", "0x10", " 1", "1 ", "1e1234567890"}) {
      assertEquals(DecimalText.OTHER_FORM, unscaled(text, 38, 10), text);
    }
    // Past 18 digits: BigDecimal's to read.
    for (String text : new String[] {"123456789.5", "1e+16", "3.4567891234567891e+16",
        "1234567890123456789012345678", "12345678901234567890123456789", "1e28", "1e999999999"}) {
      assertEquals(DecimalText.OTHER_FORM, unscaled(text, 38, 10), text);
      agrees(text, 38, 10);
    }
    // Non-zero values that round to 0, and values past the precision: the parser path nulls them.
    for (String text : new String[] {"0.00000000004", "-0.00000000004999", "1e-11", "-4.9e-324"}) {
      assertEquals(DecimalText.OTHER_FORM, unscaled(text, 38, 10), text);
      assertNull(DecimalText.fit(new BigDecimal(text), 38, 10), text);
    }
    assertEquals(DecimalText.OTHER_FORM, unscaled("123.45", 4, 2), "too many integer digits");
    assertEquals(DecimalText.OTHER_FORM, unscaled("99.995", 4, 2), "rounds past the precision");
    assertNull(DecimalText.fit(new BigDecimal("99.995"), 4, 2));
    assertNull(DecimalText.fit(new BigDecimal("12345678901234567890123456789"), 38, 10), "29 integer digits");
  }

  @Test
  void integersAreExactOrLeftToTheParserPath() {
    for (String text : new String[] {"35", "35.0", "-35.000", "1e2", "1.0E1", "-0.0", "0e5", "0012",
        "123456789012345678", "1.5e1", "120e-1"}) {
      assertEquals(new BigDecimal(text).longValueExact(), integral(text), text);
    }
    for (String text : new String[] {"1.5", "1e-1", "0.1e0", "1234567890123456789", "1e18", "1e19",
        "9223372036854775808", "\"5\"", "5.", "1_000"}) {
      assertEquals(DecimalText.OTHER_FORM, integral(text), text);
    }
  }

  @Test
  void randomNumbersAgreeWithTheParserPath() {
    SplittableRandom random = new SplittableRandom(3);
    int[][] types = {{38, 10}, {38, 0}, {10, 2}, {18, 6}, {19, 18}, {5, 5}};
    for (int[] type : types) {
      int taken = 0;
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < 20_000; i++) {
        texts.add(randomNumber(random));
      }
      for (String text : texts) {
        if (agrees(text, type[0], type[1])) {
          taken++;
        }
      }
      if (type[0] == 38) { // most of the numbers fit these; far fewer the others
        assertTrue(taken > texts.size() / 4, "taken " + taken + " for " + type[0] + "," + type[1]);
      }
    }
    for (int i = 0; i < 20_000; i++) {
      String text = randomNumber(random);
      long fast = integral(text);
      BigDecimal exact = new BigDecimal(text);
      if (fast != DecimalText.OTHER_FORM) {
        assertEquals(exact.longValueExact(), fast, text);
      } else if (exact.signum() == 0 || exact.stripTrailingZeros().scale() <= 0 && exact.abs().compareTo(BigDecimal.TEN.pow(17)) < 0) {
        throw new AssertionError(text + " is an integer of at most 17 digits: the text path must take it");
      }
    }
  }

  /** Numbers in the forms sources write them: Python's floats, money, integers, long mantissas. */
  private static String randomNumber(SplittableRandom random) {
    double magnitude = Math.pow(10, random.nextInt(-14, 30));
    double value = (random.nextDouble() - 0.5) * magnitude;
    String digits = Long.toString(random.nextLong(Long.MAX_VALUE));
    return switch (random.nextInt(7)) {
      case 0 -> Double.toString(value);
      case 1 -> new BigDecimal(value).toPlainString();
      case 2 -> String.format("%." + random.nextInt(14) + "f", value);
      case 3 -> Long.toString(random.nextLong() >> random.nextInt(64)) + (random.nextBoolean() ? ".0" : "");
      case 4 -> (random.nextBoolean() ? "-" : "") + digits.charAt(0) + "." + digits.substring(1)
          + "e" + (random.nextBoolean() ? "-" : "+") + String.format("%02d", random.nextInt(30));
      case 5 -> (random.nextBoolean() ? "-0.0" : "0") + "0".repeat(random.nextInt(12)) + random.nextInt(100_000);
      default -> new BigDecimal(value).round(new java.math.MathContext(17)).toString(); // 17 digits
    };
  }
}
