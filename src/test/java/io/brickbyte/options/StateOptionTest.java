package io.brickbyte.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.AirbyteConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code state} option's forms, without Spark. */
class StateOptionTest {

  private static final String STREAM =
      "{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":{\"name\":\"users\"},\"stream_state\":{\"c\":1}}}";
  private static final String GLOBAL =
      "{\"type\":\"GLOBAL\",\"global\":{\"shared_state\":{\"lsn\":9},\"stream_states\":[]}}";
  private static final String LEGACY = "{\"type\":\"LEGACY\",\"data\":{\"users\":{\"c\":1}}}";
  private static final String UNTYPED_LEGACY = "{\"data\":{\"users\":{\"c\":1}}}";

  @Test
  void theProtocolsArrayIsPassedOnAsItIs() {
    String array = "[" + STREAM + "," + GLOBAL + "," + LEGACY + "," + UNTYPED_LEGACY + "]";
    assertEquals(array, StateOption.parse(array));
    assertEquals("[]", StateOption.parse("[]"));
  }

  @Test
  void oneStateMessageBecomesAnArrayOfIt() {
    for (String message : List.of(STREAM, GLOBAL, LEGACY, UNTYPED_LEGACY)) {
      assertEquals("[" + message + "]", StateOption.parse(" " + message + "\n"));
    }
  }

  @Test
  void stateEnvelopesAsConnectorsPrintThemAreUnwrapped() {
    String envelope = "{\"type\":\"STATE\",\"state\":" + STREAM + "}";
    assertEquals("[" + STREAM + "]", StateOption.parse(envelope));
    // Key order is free, and connectors add fields of their own.
    assertEquals("[" + GLOBAL + "]", StateOption.parse("{\"state\":" + GLOBAL + ",\"_extra\":1,\"type\":\"STATE\"}"));
    assertEquals("[" + STREAM + "," + LEGACY + "]", StateOption.parse("[" + envelope + "," + LEGACY + "]"));
  }

  @Test
  void noValueIsNoState() {
    assertNull(StateOption.parse(null));
    assertNull(StateOption.parse("  "));
  }

  @Test
  void anythingElseIsRejectedNamingTheOptionWithoutEchoingIt() {
    String secret = "s3cr3t-token";
    for (String value : List.of(
        "{\"cursor\":\"" + secret + "\"", // not JSON
        "{\"users\":{\"cursor\":\"" + secret + "\"}}", // a bare state blob: which form is it?
        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"" + secret + "\"}}",
        "{\"type\":\"STATE\",\"state\":\"" + secret + "\"}",
        "{\"type\":\"STATE\",\"state\":{\"type\":\"STATE\",\"state\":" + STREAM + "}}",
        "{\"type\":\"stream\",\"stream\":{}}",
        "[" + STREAM + ",\"" + secret + "\"]",
        "[[" + STREAM + "]]",
        "\"" + secret + "\"",
        "42")) {
      AirbyteConfigException e = assertThrows(AirbyteConfigException.class, () -> StateOption.parse(value), value);
      assertTrue(e.getMessage().startsWith("Option 'state' "), e.getMessage());
      assertTrue(e.getMessage().endsWith(StateOption.ACCEPTED), e.getMessage());
      assertFalse(e.getMessage().contains(secret), e.getMessage());
    }
  }

  @Test
  void theMessageSaysWhichElementIsNoState() {
    AirbyteConfigException e = assertThrows(AirbyteConfigException.class,
        () -> StateOption.parse("[" + STREAM + ",{\"type\":\"STATE\",\"state\":[]}]"));
    assertTrue(e.getMessage().startsWith(
        "Option 'state' holds no state message in the \"state\" of element 1 of the array (not a JSON object)"),
        e.getMessage());
  }
}
