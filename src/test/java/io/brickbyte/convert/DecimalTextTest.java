package io.brickbyte.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast path agrees with BigDecimal on every number it takes, and leaves the rest alone. */
class DecimalTextTest {

  private static long unscaled(String text, int precision, int scale) {
    char[] padded = ("[" + text + "]").toCharArray();
    return DecimalText.unscaled(padded, 1, text.length(), precision, scale);
  }

  private static long viaBigDecimal(String text, int scale) {
    return new BigDecimal(text).setScale(scale, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
  }

  @Test
  void plainNumbersThatFitAreExact() {
    for (String text : new String[] {"0", "-0", "0.5", "-0.0", "12.34", "-12.3400", "99999999.9999999999",
        "7", "123456.1"}) {
      assertEquals(viaBigDecimal(text, 10), unscaled(text, 38, 10), text);
    }
    assertEquals(1234, unscaled("12.34", 4, 2));
  }

  @Test
  void anythingElseTakesTheGeneralPath() {
    for (String text : new String[] {"1e5", "1.5E-3", "NaN", "Infinity", "-", "", ".5", "5.", "1.00000000001",
        "123456789.5", "12a", "+1", "--1"}) {
      assertEquals(DecimalText.OTHER_FORM, unscaled(text, 38, 10), text);
    }
    assertEquals(DecimalText.OTHER_FORM, unscaled("123.45", 4, 2), "too many integer digits");
    assertEquals(DecimalText.OTHER_FORM, unscaled("1.234", 4, 2), "needs rounding");
  }

  @Test
  void randomNumbersAgreeWithBigDecimal() {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 20_000; i++) {
      String text = BigDecimal.valueOf(random.nextLong(-1_000_000_000_000L, 1_000_000_000_000L),
          random.nextInt(0, 11)).toPlainString();
      long fast = unscaled(text, 38, 10);
      if (fast != DecimalText.OTHER_FORM) {
        assertEquals(viaBigDecimal(text, 10), fast, text);
      }
    }
  }
}
