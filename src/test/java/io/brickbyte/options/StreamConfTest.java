package io.brickbyte.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.AirbyteConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A stream's own options, without Spark. */
class StreamConfTest {

  @Test
  void defaultsAreFromTheStartAndABatchPerRun() {
    StreamConf conf = StreamConf.parse(new OptionValues(Map.of()));
    assertNull(conf.startingState());
    assertFalse(conf.limitsRecords());
  }

  @Test
  void aStartingStateIsTakenAsOptionStateTakesOne() {
    String state = "{\"type\":\"STATE\",\"state\":{\"type\":\"LEGACY\",\"data\":{\"c\":1}}}";
    StreamConf conf = StreamConf.parse(new OptionValues(Map.of("startingState", state,
        "maxRecordsPerTrigger", "500")));
    assertEquals("[{\"type\":\"LEGACY\",\"data\":{\"c\":1}}]", conf.startingState());
    assertEquals(500, conf.maxRecordsPerTrigger());
  }

  @Test
  void badValuesAreRefusedByTheirOptionsName() {
    AirbyteConfigException state = assertThrows(AirbyteConfigException.class,
        () -> StreamConf.parse(new OptionValues(Map.of("startingState", "{\"cursor\": 3}"))));
    assertTrue(state.getMessage().startsWith("Option 'startingState' holds no state message"), state.getMessage());
    AirbyteConfigException max = assertThrows(AirbyteConfigException.class,
        () -> StreamConf.parse(new OptionValues(Map.of("maxRecordsPerTrigger", "0"))));
    assertTrue(max.getMessage().contains("maxRecordsPerTrigger") && max.getMessage().contains("positive"),
        max.getMessage());
  }
  @Test
  void latestTakesAStateSchemaAndAStateSchemaTakesLatest() {
    StreamConf conf = StreamConf.parse(new OptionValues(Map.of("startingState", " Latest ",
        "stateSchema", " main.bronze ")));
    assertTrue(conf.startsFromLatest());
    assertNull(conf.startingState());
    assertEquals("main.bronze", conf.stateSchema());
    assertFalse(StreamConf.parse(new OptionValues(Map.of("startingState", "[]"))).startsFromLatest());

    AirbyteConfigException alone = assertThrows(AirbyteConfigException.class,
        () -> StreamConf.parse(new OptionValues(Map.of("startingState", "latest"))));
    assertTrue(alone.getMessage().startsWith("Option 'startingState' = 'latest' needs option "
        + "'stateSchema'"), alone.getMessage());
    AirbyteConfigException withoutLatest = assertThrows(AirbyteConfigException.class,
        () -> StreamConf.parse(new OptionValues(Map.of("startingState", "[]", "stateSchema", "bronze"))));
    assertTrue(withoutLatest.getMessage().startsWith("Option 'stateSchema' goes with "
        + "startingState=latest only"), withoutLatest.getMessage());
  }
}
