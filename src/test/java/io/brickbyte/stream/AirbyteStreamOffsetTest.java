package io.brickbyte.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.AirbyteException;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.Json;
import io.brickbyte.staging.StagedSegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stream's offset: its JSON, the states it keeps verbatim, what it refuses. */
class AirbyteStreamOffsetTest {

  private static final String STREAM_STATE = "{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":"
      + "{\"name\":\"issues\"},\"stream_state\":{\"cursor\":7}},\"sourceStats\":{\"recordCount\":3.0}}";
  private static final String GLOBAL_STATE = "{\"type\":\"GLOBAL\",\"global\":{\"shared_state\":"
      + "{\"lsn\":42},\"stream_states\":[{\"stream_descriptor\":{\"name\":\"issues\",\"namespace\":"
      + "\"public\"},\"stream_state\":{\"cursor\":7}}]},\"x_unknown\":[1,2]}";
  private static final String LEGACY_STATE = "{\"type\":\"LEGACY\",\"data\":{\"issues\":{\"cursor\":7}}}";
  private static final List<StagedSegment> SEGMENTS =
      List.of(new StagedSegment("stream-0000-part-000000.jsonl", 10, 250));

  @Test
  void streamStateGolden() {
    assertGolden(STREAM_STATE);
  }

  @Test
  void globalStateGolden() {
    assertGolden(GLOBAL_STATE);
  }

  @Test
  void legacyStateGolden() {
    assertGolden(LEGACY_STATE);
  }

  private static void assertGolden(String state) {
    AirbyteStreamOffset offset = AirbyteStreamOffset.start("[" + state + "]")
        .next(List.of(), "run-000003", SEGMENTS);
    String golden = "{\"version\":1,\"states\":[" + state + "],\"run\":\"run-000003\",\"segments\":"
        + "[{\"file\":\"stream-0000-part-000000.jsonl\",\"start\":10,\"end\":250}]}";
    assertEquals(golden, offset.json());
    AirbyteStreamOffset read = AirbyteStreamOffset.fromJson(golden);
    assertEquals(offset, read);
    assertEquals(golden, read.json());
    assertEquals("run-000003", read.run());
    assertEquals(SEGMENTS, read.segments());
  }

  @Test
  void theInitialOffsetHasNoRunAndTheStartingStates() {
    assertEquals("{\"version\":1,\"states\":[],\"segments\":[]}", AirbyteStreamOffset.start(null).json());
    AirbyteStreamOffset offset = AirbyteStreamOffset.start("[" + LEGACY_STATE + "]");
    assertEquals(offset, AirbyteStreamOffset.fromJson(offset.json()));
    assertEquals(null, AirbyteStreamOffset.fromJson(offset.json()).run());
  }

  @Test
  void aBatchsStateReplacesTheOneOfItsKeyAndKeepsTheOthers() throws Exception {
    String other = STREAM_STATE.replace("issues", "users");
    AirbyteStreamOffset start = AirbyteStreamOffset.start("[" + STREAM_STATE + "," + other + "]");
    ObjectNode newer = (ObjectNode) Json.MAPPER.readTree(STREAM_STATE.replace("7", "9"));
    AirbyteStreamOffset next = start.next(List.of(new AirbyteMessage.State(newer)), "run-000001", SEGMENTS);
    assertEquals("[" + STREAM_STATE.replace("7", "9") + "," + other + "]", next.statesJson().toString());
    assertTrue(start.sameStates(start.next(List.of(), null, List.of())));
  }

  @Test
  void anUnknownVersionIsRefused() {
    AirbyteException e = assertThrows(AirbyteException.class,
        () -> AirbyteStreamOffset.fromJson("{\"version\":2,\"states\":[],\"segments\":[]}"));
    assertEquals("Cannot read an offset of the airbyte stream in the query's checkpoint: its version "
        + "is 2 and this BrickByte reads version 1 only: run the query with the BrickByte version "
        + "that wrote its checkpoint, or start it over with a new checkpoint", e.getMessage());
    assertThrows(AirbyteException.class, () -> AirbyteStreamOffset.fromJson("{\"states\":[]}"));
    assertThrows(AirbyteException.class, () -> AirbyteStreamOffset.fromJson("not json"));
  }
}
