package io.brickbyte.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.AirbyteConnectorException;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.ConfiguredCatalog;
import io.brickbyte.protocol.Json;
import io.brickbyte.protocol.RecordDecoder;
import io.brickbyte.protocol.SyncMode;
import io.brickbyte.testing.LogCapture;
import io.brickbyte.testing.TestConnectors;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets a careless connector prints, against real processes: none reaches a log or an exception. */
class ConnectorSecretsTest {

  private static final String DSN = "postgres://app:Hunter2-pw@db.internal:5432/prod";
  private static final String PASSWORD = "pa\"ss/wo+rd=9Xy";

  @TempDir Path tmp;

  private ConnectorClient client(String connectorOption) {
    return new ConnectorClient(Connectors.parse(connectorOption), new RunSettings(Duration.ofMinutes(2), tmp.toString()));
  }

  private static String quoted(String text) throws Exception {
    return Json.MAPPER.writeValueAsString(text);
  }

  /** The message of {@code e} and of its causes. */
  private static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t).append('\n');
    }
    return all.toString();
  }

  @Test
  void aDsnTheSpecMarksSecretInsideAOneOfIsMasked() throws Exception {
    String config = "{\"connection\": {\"method\": \"dsn\", \"dsn\": " + quoted(DSN) + "}, "
        + "\"echo_config_to_stderr\": true, \"echo_config_to_log\": true, \"echo_config_in_trace\": true}";
    ConnectorClient client = client(TestConnectors.testSourceOption());
    try (LogCapture logs = new LogCapture()) {
      AirbyteConnectorException e = assertThrows(AirbyteConnectorException.class,
          () -> client.check(ConnectorConfig.parse(config, "config")));
      assertTrue(e.getMessage().contains("config is: {\"connection\": {\"method\": \"dsn\", \"dsn\": \"****\"}"), e.getMessage());
      assertFalse(messages(e).contains(DSN), e.getMessage());
      assertTrue(logs.text().contains("config is:"), logs.text());
      assertFalse(logs.text().contains(DSN), logs.text());
      assertFalse(logs.text().contains("Hunter2"), logs.text());
    }
  }

  @Test
  void everyFormOfASecretIsMaskedInLogsAndExceptions() throws Exception {
    String config = "{\"password\": " + quoted(PASSWORD) + ", \"echo_password_forms\": true, "
        + "\"echo_config_to_stderr\": true, \"echo_config_to_log\": true, \"echo_config_in_trace\": true}";
    byte[] bytes = PASSWORD.getBytes(StandardCharsets.UTF_8);
    String urlEncoded = URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
    List<String> forms = List.of(
        PASSWORD,
        "pa\\\"ss/wo+rd=9Xy",
        urlEncoded,
        urlEncoded.replace("%2F", "/"),
        Base64.getEncoder().encodeToString(bytes),
        Base64.getUrlEncoder().encodeToString(bytes),
        Base64.getEncoder().encodeToString(("user:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    ConnectorClient client = client(TestConnectors.testSourceOption());
    try (LogCapture logs = new LogCapture()) {
      AirbyteConnectorException e = assertThrows(AirbyteConnectorException.class,
          () -> client.check(ConnectorConfig.parse(config, "config")));
      assertTrue(logs.text().contains("password forms: quote=**** quote_plus=****"), logs.text());
      for (String form : forms) {
        assertFalse(logs.text().contains(form), form + " in\n" + logs.text());
        assertFalse(messages(e).contains(form), form + " in\n" + e.getMessage());
      }
    }
  }

  @Test
  void aConfigRotatedByControlIsMaskedFromThenOn() throws Exception {
    String token = "rotated-token-8c1f2e";
    String dsn = "postgres://app:New-pw-77@db.internal/prod";
    String config = "{\"count\": 2, \"control_config\": {\"api_token\": " + quoted(token)
        + ", \"connection\": {\"method\": \"dsn\", \"dsn\": " + quoted(dsn) + "}}}";
    ConnectorClient client = client(TestConnectors.testSourceOption());
    ConfiguredCatalog catalog = new ConfiguredCatalog(List.of(new ConfiguredCatalog.ConfiguredStream(
        client.discover(ConnectorConfig.EMPTY).find("users", null).orElseThrow(), SyncMode.FULL_REFRESH, List.of(), List.of())));
    try (LogCapture logs = new LogCapture()) {
      int controls = 0;
      try (ConnectorRun run = client.read(ConnectorConfig.parse(config, "config"), catalog, null, RecordDecoder.TREE, () -> false)) {
        for (AirbyteMessage message = run.next(); message != null; message = run.next()) {
          controls += message instanceof AirbyteMessage.Control ? 1 : 0;
        }
      }
      assertEquals(1, controls);
      assertTrue(logs.text().contains("new config is: {\"api_token\": \"****\""), logs.text()); // LOG
      assertTrue(logs.text().contains("new config on stderr: {\"api_token\": \"****\""), logs.text());
      assertFalse(logs.text().contains(token), logs.text());
      assertFalse(logs.text().contains(dsn), logs.text());
    }
  }

  @Test
  void theSpecIsRunOncePerConnectorAndJvm() throws Exception {
    Path calls = tmp.resolve("calls");
    String connector = wrapper("echo \"$1\" >> '" + calls + "'");
    String config = "{\"connection\": {\"dsn\": " + quoted(DSN) + "}, \"echo_config_to_stderr\": true}";
    try (LogCapture logs = new LogCapture()) {
      client(connector).check(ConnectorConfig.parse(config, "config"));
      client(connector).discover(ConnectorConfig.parse(config, "config"));
      assertEquals(List.of("spec", "check", "discover"), Files.readAllLines(calls));
      assertFalse(logs.text().contains(DSN), logs.text());
    }
  }

  @Test
  void withoutItsSpecTheConnectorIsMaskedByKeyNamesWithAWarning() throws Exception {
    String connector = wrapper("if [ \"$1\" = spec ]; then echo 'no spec here' >&2; exit 1; fi");
    String config = "{\"api_token\": \"tok-5f4e3d2c\", \"echo_config_to_stderr\": true}";
    try (LogCapture logs = new LogCapture()) {
      assertTrue(client(connector).check(ConnectorConfig.parse(config, "config")).succeeded());
      assertTrue(logs.text().contains("its spec could not be read"), logs.text());
      assertTrue(logs.text().contains("config is:"), logs.text());
      assertFalse(logs.text().contains("tok-5f4e3d2c"), logs.text());
    }
  }

  @Test
  void aSecretWhereTheStderrTailCutsALineIsMaskedWhole() throws Exception {
    String secret = "tail-cut-secret-123456";
    // 490 characters, then the secret: the tail keeps 500 characters of a line, cutting it.
    // The pause lets the stderr thread read the line before the exit closes the streams.
    String connector = wrapper("if [ \"$1\" = check ]; then printf '%0490d%s\\n' 0 '" + secret + "' >&2; "
        + "sleep 0.3; exit 1; fi");
    AirbyteConnectorException e = assertThrows(AirbyteConnectorException.class,
        () -> client(connector).check(ConnectorConfig.parse("{\"password\": \"" + secret + "\"}", "config")));
    assertTrue(e.getMessage().contains("0000****"), e.getMessage());
    assertFalse(e.getMessage().contains("tail-cut"), e.getMessage());
  }

  /** A connector option running the test source behind a shell line of its own. */
  private String wrapper(String line) throws Exception {
    Path script = tmp.resolve("wrapped-" + System.nanoTime() + ".sh");
    Files.writeString(script, "#!/bin/sh\n" + line + "\nexec python3 '" + TestConnectors.testSource() + "' \"$@\"\n");
    script.toFile().setExecutable(true);
    return "exec:" + script;
  }
}
