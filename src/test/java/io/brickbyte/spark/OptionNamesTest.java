package io.brickbyte.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.AirbyteConfigException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Option keys that are none of ours, told apart without Spark. */
class OptionNamesTest {

  /** Option names of a made-up holder. */
  public static final class Holder {
    public static final String TIMEOUT = "idleTimeout";
    public static final String MODE = "mode";
    public static final String PER_STREAM = "writeMode.";
    public static final String HIDDEN = "hidden";
  }

  private static final OptionNames NAMES = OptionNames.of(List.of(Holder.class), Set.of(Holder.HIDDEN));

  @Test
  void knownKeysPassInAnyCaseAndSparkOnesPass() {
    NAMES.check(Map.of("IDLETIMEOUT", "1s", "mode", "x", "writeMode.users", "append",
        "spark.sql.anything", "y"), "a test");
  }

  @Test
  void aMisspelledKeyIsRefusedWithTheClosestName() {
    AirbyteConfigException e = assertThrows(AirbyteConfigException.class,
        () -> NAMES.check(Map.of("idleTimout", "1s"), "a test"));
    assertEquals("Option 'idleTimout' is not an option of a test. Did you mean 'idleTimeout'? "
        + "Accepted: idleTimeout, mode, writeMode.<stream>", e.getMessage());
  }

  @Test
  void anExcludedOrFarOffKeyIsRefusedWithoutAGuess() {
    AirbyteConfigException hidden = assertThrows(AirbyteConfigException.class,
        () -> NAMES.check(Map.of("hidden", "1"), "a test"));
    assertTrue(hidden.getMessage().startsWith("Option 'hidden' is not an option of a test. Accepted:"),
        hidden.getMessage());
    AirbyteConfigException far = assertThrows(AirbyteConfigException.class,
        () -> NAMES.check(Map.of("compression", "gzip"), "a test"));
    assertTrue(!far.getMessage().contains("Did you mean"), far.getMessage());
  }

  @Test
  void editDistance() {
    assertEquals(0, OptionNames.distance("mode", "mode"));
    assertEquals(1, OptionNames.distance("idletimout", "idletimeout"));
    assertEquals(3, OptionNames.distance("kitten", "sitting"));
  }

  @Test
  void everyReadOptionConstantIsKnown() {
    NAMES.check(Map.of(), "a test");
    OptionNames.READ.check(Map.of(AirbyteOptions.CONNECTOR, "x", AirbyteOptions.STAGING_DIR, "y",
        AirbyteOptions.CONNECTOR_ENV, "z"), "the airbyte source");
  }
}
