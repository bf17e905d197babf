package io.brickbyte.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.AirbyteConfigException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Option keys that are none of ours, told apart without Spark. */
class OptionNamesTest {

  private static final OptionNames NAMES =
      new OptionNames("a test", Set.of("idleTimeout", "mode"), Set.of("writeMode."));

  @Test
  void knownKeysPassInAnyCaseAndSparkOnesPass() {
    NAMES.check(Map.of("IDLETIMEOUT", "1s", "mode", "x", "writeMode.users", "append",
        "spark.sql.anything", "y"));
  }

  @Test
  void aMisspelledKeyIsRefusedWithTheClosestName() {
    AirbyteConfigException e = assertThrows(AirbyteConfigException.class,
        () -> NAMES.check(Map.of("idleTimout", "1s")));
    assertEquals("Option 'idleTimout' is not an option of a test. Did you mean 'idleTimeout'? "
        + "Accepted: idleTimeout, mode, writeMode.<stream>", e.getMessage());
  }

  @Test
  void aFarOffKeyIsRefusedWithoutAGuess() {
    AirbyteConfigException far = assertThrows(AirbyteConfigException.class,
        () -> NAMES.check(Map.of("compression", "gzip")));
    assertTrue(!far.getMessage().contains("Did you mean"), far.getMessage());
  }

  @Test
  void editDistance() {
    assertEquals(0, OptionNames.distance("mode", "mode"));
    assertEquals(1, OptionNames.distance("idletimout", "idletimeout"));
    assertEquals(3, OptionNames.distance("kitten", "sitting"));
  }

  @Test
  void everyOptionConstantBelongsToASetAndTheSyncRefusesStream() throws Exception {
    for (java.lang.reflect.Field field : AirbyteOptions.class.getFields()) {
      if (field.getType() == String.class) {
        String name = (String) field.get(null);
        assertTrue(AirbyteOptions.SOURCE.contains(name) || AirbyteOptions.READ.contains(name)
            || AirbyteOptions.SYNC.contains(name), name + " belongs to no set");
      }
    }
    OptionNames.READ.check(Map.of(AirbyteOptions.CONNECTOR, "x", AirbyteOptions.STREAM, "y"));
    OptionNames.SYNC.check(Map.of(AirbyteOptions.CONNECTOR, "x", AirbyteOptions.SCHEMA, "y"));
    assertThrows(AirbyteConfigException.class, () -> OptionNames.SYNC.check(Map.of(AirbyteOptions.STREAM, "y")));
  }
}
