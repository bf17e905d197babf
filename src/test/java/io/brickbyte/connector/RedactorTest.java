package io.brickbyte.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.brickbyte.protocol.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the redactor takes for secrets, and the forms of a secret it masks. */
class RedactorTest {

  private static final String SECRET = "pa\"ss/wo+rd=9Xy";

  private static JsonNode json(String text) throws Exception {
    return Json.MAPPER.readTree(text);
  }

  @Test
  void specKeysAreSecretAtAnyDepthAndInConfigsAddedLater() throws Exception {
    JsonNode config = json("{\"connection\": {\"method\": \"dsn\", \"dsn\": \"postgres://u:hunter22@db\"}}");
    assertEquals("dsn=postgres://u:hunter22@db", Redactor.forConfig(config).redact("dsn=postgres://u:hunter22@db"));

    Redactor redactor = Redactor.NONE.withSpecKeys(Set.of("dsn"), config);
    assertEquals("dsn=****", redactor.redact("dsn=postgres://u:hunter22@db"));
    Redactor rotated = redactor.withConfig(json("{\"list\": [{\"dsn\": \"mysql://other-one\"}]}"));
    assertEquals("**** and ****", rotated.redact("postgres://u:hunter22@db and mysql://other-one"));
  }

  @Test
  void everyFormOfASecretIsMasked() throws Exception {
    Redactor redactor = Redactor.forConfig(json("{\"password\": " + Json.MAPPER.writeValueAsString(SECRET) + "}"));
    String urlEncoded = URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
    List<String> forms = List.of(
        SECRET,
        "pa\\\"ss/wo+rd=9Xy", // JSON-escaped
        "pa\\\"ss\\/wo+rd=9Xy", // JSON-escaped, slash too
        urlEncoded,
        urlEncoded.replace("%2F", "/"), // Python's quote()
        Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8)),
        Base64.getUrlEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8)));
    for (String form : forms) {
      String out = redactor.redact("before " + form + " after");
      assertEquals("before **** after", out, form);
    }
  }

  @Test
  void aSecretInsideLongerBase64IsMaskedAtEveryAlignment() throws Exception {
    Redactor redactor = Redactor.forConfig(json("{\"password\": " + Json.MAPPER.writeValueAsString(SECRET) + "}"));
    for (String prefix : List.of("", "u:", "us:", "user:", "a-user:")) {
      String basic = Base64.getEncoder().encodeToString((prefix + SECRET + "!").getBytes(StandardCharsets.UTF_8));
      String out = redactor.redact("Authorization: Basic " + basic);
      assertTrue(out.contains("****"), prefix + ": " + out);
      assertFalse(out.contains(basic), prefix + ": " + out);
    }
  }

  @Test
  void shortBase64IsNotMasked() throws Exception {
    Redactor redactor = Redactor.forConfig(json("{\"token\": \"abcd\"}"));
    // "abcd" is too short for its base64 runs to be told from chance: only the value is masked.
    assertEquals("YWJj **** ", redactor.redact("YWJj abcd "));
  }

  @Test
  void resolvedReferencesAndKeyNamesStillCount() {
    ConnectorConfig config =
        ConnectorConfig.parse("{\"user\": \"${env:U}\", \"api_key\": \"k-123456\"}", "config", name -> "someone-special");
    assertEquals("**** ****", config.redactor().redact("someone-special k-123456"));
    assertFalse(config.redactor(Set.of("user")).redact("someone-special").contains("someone"));
  }
}
