package io.brickbyte.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.brickbyte.protocol.Json;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The config keys a spec marks airbyte_secret, wherever they are in its schema. */
class SpecSecretsTest {

  @Test
  void findsSecretsInOptionsItemsMapsAndDefinitions() throws Exception {
    String spec = """
        {"connectionSpecification": {"type": "object", "properties": {
          "host": {"type": "string"},
          "api_key": {"type": "string", "airbyte_secret": true},
          "connection": {"oneOf": [
            {"properties": {"dsn": {"type": "string", "airbyte_secret": true}, "method": {"const": "dsn"}}},
            {"properties": {"auth": {"anyOf": [{"properties": {"refresh": {"airbyte_secret": true}}}]}}}]},
          "keys": {"type": "array", "items": {"type": "string", "airbyte_secret": true}},
          "headers": {"type": "object", "additionalProperties": {"type": "string", "airbyte_secret": true}},
          "maybe": {"oneOf": [{"type": "null"}, {"type": "string", "airbyte_secret": true}]},
          "servers": {"type": "array", "items": {"properties": {"cert": {"airbyte_secret": true}, "name": {}}}},
          "shown": {"type": "string", "airbyte_secret": false}},
         "definitions": {"Ssh": {"properties": {"ssh_key": {"airbyte_secret": true}}}}}}
        """;
    assertEquals(
        Set.of("api_key", "dsn", "refresh", "keys", "headers", "maybe", "cert", "ssh_key"),
        SpecSecrets.keys(Json.MAPPER.readTree(spec)));
  }

  @Test
  void aSpecWithoutSecretsHasNone() throws Exception {
    assertEquals(Set.of(), SpecSecrets.keys(Json.MAPPER.readTree("{\"connectionSpecification\": {}}")));
    assertEquals(Set.of(), SpecSecrets.keys(Json.MAPPER.readTree("{}")));
  }
}
