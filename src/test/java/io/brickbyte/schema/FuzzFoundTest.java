package io.brickbyte.schema;

import static io.brickbyte.schema.ConverterFixture.changes;
import static io.brickbyte.schema.ConverterFixture.convert;
import static io.brickbyte.schema.ConverterFixture.converter;
import static io.brickbyte.schema.ConverterFixture.nulled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.junit.jupiter.api.Test;

/** Inputs {@link ProtocolFuzzTest} found mishandled, each kept as the smallest line that showed it. */
class FuzzFoundTest {

  @Test
  void aNumberWithAHugeExponentIsNulledAtOnceNotScaledForMinutes() throws IOException {
    // Found as {"m":1e999999942}: the decimal was scaled to 10^999999952 before it was found too big.
    for (String number : new String[] {"1e999999999", "-7.5E+999999999", "1e-999999999", "\"1e999999999\"",
        "\"-1E-999999999\""}) {
      InternalRow row = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> convert(
          converter("m DECIMAL(38,10), z DECIMAL(38,0), n BIGINT, i INT, d DOUBLE"),
          "{\"m\":" + number + ",\"z\":" + number + ",\"n\":" + number + ",\"i\":" + number
              + ",\"d\":" + number + "}"), number);
      for (int i = 0; i < 4; i++) {
        assertTrue(row.isNullAt(i), number + " in column " + i);
      }
      assertEquals(nulled("m", "z", "n", "i"), changes(row).subList(0, 4), number);
    }
    for (String zero : new String[] {"0e-999999999", "-0E+999999999", "\"0.000e999999999\""}) {
      InternalRow row = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> convert(
          converter("m DECIMAL(38,10), s DECIMAL(6,2)"), "{\"m\":" + zero + ",\"s\":" + zero + "}"), zero);
      assertEquals(BigDecimal.ZERO.setScale(10), row.getDecimal(0, 38, 10).toJavaBigDecimal(), zero);
      assertEquals(BigDecimal.ZERO.setScale(2), row.getDecimal(1, 6, 2).toJavaBigDecimal(), zero);
      assertEquals(List.of(), changes(row), zero);
    }
    // Near the edges the rounding still decides, as before.
    InternalRow row = convert(converter("a DECIMAL(6,2), b DECIMAL(6,2), c DECIMAL(6,2), d DECIMAL(6,2)"),
        "{\"a\":0.005,\"b\":0.004,\"c\":9999.994,\"d\":9999.995}");
    assertEquals(new BigDecimal("0.01"), row.getDecimal(0, 6, 2).toJavaBigDecimal());
    assertEquals(nulled("b", "d"), changes(row));
    assertEquals(new BigDecimal("9999.99"), row.getDecimal(2, 6, 2).toJavaBigDecimal());
  }
}
