package io.brickbyte.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonParser;
import io.brickbyte.protocol.Json;
import java.nio.charset.StandardCharsets;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

class Utf8TextTest {

  @Test
  void encodesLikeTheJdkFromTheParsersBuffer() throws Exception {
    for (String text : new String[] {"", "plain ascii", "ünïcødé", "€uro 東京", "emoji 😀 pair",
        "escaped \"quotes\" \\ and \t tab", "x".repeat(10_000) + "é"}) {
      byte[] json = Json.MAPPER.writeValueAsBytes(new String[] {text, text});
      try (JsonParser parser = Json.FACTORY.createParser(json)) {
        parser.nextToken();
        parser.nextToken();
        assertEquals(UTF8String.fromString(parser.getText()), Utf8Text.of(parser), text);
      }
    }
  }

  @Test
  void loneSurrogatesEncodeAsTheJdkDoes() throws Exception {
    String text = "lone \uD800 half";
    try (JsonParser parser = Json.FACTORY.createParser("\"lone \\uD800 half\"")) {
      parser.nextToken();
      assertEquals(text, parser.getText());
      assertEquals(UTF8String.fromString(text), Utf8Text.of(parser));
    }
  }

  @Test
  void numbersAndBooleansKeepTheirText() throws Exception {
    byte[] json = "[12.50, -3, true]".getBytes(StandardCharsets.UTF_8);
    try (JsonParser parser = Json.FACTORY.createParser(json)) {
      parser.nextToken();
      for (String expected : new String[] {"12.50", "-3", "true"}) {
        parser.nextToken();
        assertEquals(expected, Utf8Text.of(parser).toString());
      }
    }
  }
}
