package io.brickbyte.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.brickbyte.AirbyteConfigException;
import io.brickbyte.AirbyteConnectorException;
import io.brickbyte.protocol.AirbyteCatalog;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.ConfiguredCatalog;
import io.brickbyte.protocol.RecordDecoder;
import io.brickbyte.protocol.SyncMode;
import io.brickbyte.testing.TestConnectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The protocol commands against real child processes, without Spark. */
class ConnectorClientTest {

  @TempDir Path tmp;

  private ConnectorClient client(Duration idleTimeout) {
    return new ConnectorClient(
        Connectors.parse(TestConnectors.testSourceOption()), new RunSettings(idleTimeout, tmp.toString()));
  }

  private ConnectorClient client() {
    return client(Duration.ofMinutes(2));
  }

  @Test
  void specCheckAndDiscover() {
    JsonNode spec = client().spec();
    assertTrue(spec.path("connectionSpecification").path("properties").has("count"), spec.toString());

    assertTrue(client().check(ConnectorConfig.parse("{}", "config")).succeeded());
    AirbyteMessage.ConnectionStatus failed =
        client().check(ConnectorConfig.parse("{\"password\": \"wrong\"}", "config"));
    assertEquals("FAILED", failed.status());
    assertEquals("Authentication failed: the password was rejected", failed.message());

    AirbyteCatalog catalog = client().discover(ConnectorConfig.EMPTY);
    assertEquals(List.of("users", "types", "wide", "large", "generated"), catalog.names());
    var users = catalog.find("users", null).orElseThrow();
    assertEquals(List.of("full_refresh", "incremental"), users.supportedSyncModes());
    assertEquals(List.of("updated_at"), users.defaultCursorField());
    assertEquals(List.of(List.of("id")), users.sourceDefinedPrimaryKey());
    assertTrue(users.sourceDefinedCursor());
  }

  @Test
  void failedCheckIsAConfigErrorWithTheConnectorsMessage() {
    AirbyteConfigException e =
        assertThrows(
            AirbyteConfigException.class,
            () -> client().requireCheck(ConnectorConfig.parse("{\"password\": \"wrong\"}", "config")));
    assertTrue(e.getMessage().endsWith("rejected its config: Authentication failed: the password was rejected"), e.getMessage());
  }

  @Test
  void readYieldsRecordsStatesAndTracesInOrder() {
    ConnectorClient client = client();
    AirbyteCatalog catalog = client.discover(ConnectorConfig.EMPTY);
    ConfiguredCatalog configured =
        new ConfiguredCatalog(
            List.of(
                new ConfiguredCatalog.ConfiguredStream(
                    catalog.find("users", null).orElseThrow(), SyncMode.FULL_REFRESH, List.of(), List.of())));
    List<AirbyteMessage> messages = new ArrayList<>();
    try (ConnectorRun run =
        client.read(ConnectorConfig.parse("{\"count\": 3}", "config"), configured, null, RecordDecoder.TREE, () -> false)) {
      for (AirbyteMessage m = run.next(); m != null; m = run.next()) {
        messages.add(m);
      }
      assertTrue(run.bytesRead() > 0);
    }
    List<AirbyteMessage.Record> records =
        messages.stream().filter(AirbyteMessage.Record.class::isInstance).map(AirbyteMessage.Record.class::cast).toList();
    assertEquals(3, records.size());
    assertEquals("user-2", ((JsonNode) records.get(1).data()).path("name").asText());
    assertEquals(1_700_000_000_002L, records.get(1).emittedAt());
    AirbyteMessage.State state =
        (AirbyteMessage.State) messages.stream().filter(AirbyteMessage.State.class::isInstance).reduce((a, b) -> b).orElseThrow();
    assertEquals("STREAM", state.type());
    assertEquals("users", state.stream().name());
    assertEquals("2024-01-01T00:03:00+00:00", state.json().path("stream").path("stream_state").path("updated_at").asText());
    assertTrue(messages.stream().anyMatch(m -> m instanceof AirbyteMessage.Log log && log.message().equals("Starting read")));
    assertTrue(messages.stream().anyMatch(m -> m instanceof AirbyteMessage.Trace t && t.type().equals("STREAM_STATUS")));
  }

  @Test
  void configFilesArePrivateAndDeletedAfterTheRun() throws Exception {
    Path pidFile = tmp.resolve("pid");
    ConnectorClient client = client();
    ConfiguredCatalog configured = usersCatalog(client);
    Path workDir;
    try (ConnectorRun run =
        client.read(
            ConnectorConfig.parse("{\"count\": 5, \"hang_after\": 1, \"pid_file\": \"" + pidFile + "\"}", "config"),
            configured,
            null,
            RecordDecoder.TREE,
            () -> false)) {
      assertNotNull(run.next());
      workDir = Files.readSymbolicLink(Path.of("/proc", Long.toString(run.pid()), "cwd"));
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(workDir)));
      try (Stream<Path> files = Files.list(workDir)) {
        for (Path file : files.toList()) {
          assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        }
      }
      assertTrue(Files.exists(workDir.resolve("config.json")));
    }
    assertFalse(Files.exists(workDir), "the private directory outlived the run");
    assertTrue(TestConnectors.waitUntilGone(Long.parseLong(Files.readString(pidFile).strip()), 5));
  }

  @Test
  void closingARunKillsTheConnectorAndItsChildren() throws Exception {
    Path script = tmp.resolve("parent.sh");
    Path childPid = tmp.resolve("child.pid");
    // It answers spec (read looks up the spec's secret fields first), then starts a child and waits.
    Files.writeString(script, "#!/bin/sh\nif [ \"$1\" = spec ]; then echo '"
        + "{\"type\": \"SPEC\", \"spec\": {\"connectionSpecification\": {}}}'; exit 0; fi\n"
        + "sleep 300 &\necho $! > " + childPid + "\nwait\n");
    script.toFile().setExecutable(true);
    ConnectorClient client =
        new ConnectorClient(Connectors.parse("exec:" + script), new RunSettings(Duration.ofMinutes(5), tmp.toString()));
    ConnectorRun run = client.read(ConnectorConfig.EMPTY, new ConfiguredCatalog(List.of()), null, RecordDecoder.TREE, () -> false);
    long parent = run.pid();
    for (int i = 0; i < 100 && !Files.exists(childPid); i++) {
      Thread.sleep(50);
    }
    Thread.sleep(100);
    long child = Long.parseLong(Files.readString(childPid).strip());
    run.close();
    assertTrue(TestConnectors.waitUntilGone(parent, 5));
    assertTrue(TestConnectors.waitUntilGone(child, 5), "the connector's child process survived");
  }

  @Test
  void cancellationKillsARunningConnector() throws Exception {
    ConnectorClient client = client();
    boolean[] cancelled = {false};
    try (ConnectorRun run =
        client.read(
            ConnectorConfig.parse("{\"count\": 5, \"hang_after\": 2}", "config"),
            usersCatalog(client),
            null,
            RecordDecoder.TREE,
            () -> cancelled[0])) {
      assertNotNull(run.next());
      cancelled[0] = true;
      AirbyteConnectorException e =
          assertThrows(AirbyteConnectorException.class, () -> {
            while (run.next() != null) {
              // drain
            }
          });
      assertTrue(e.getMessage().contains("was killed because its task was cancelled"), e.getMessage());
    }
  }

  @Test
  void missingExecutableIsAClearError() {
    ConnectorClient client =
        new ConnectorClient(Connectors.parse("exec:/no/such/connector --flag"), new RunSettings(Duration.ofMinutes(1), tmp.toString()));
    AirbyteConnectorException e = assertThrows(AirbyteConnectorException.class, client::spec);
    assertTrue(e.getMessage().startsWith("Connector exec:/no/such/connector --flag cannot start"), e.getMessage());
  }

  @Test
  void secretsInStderrAndTraceAreMasked() {
    String secret = "tok_9f8e7d6c5b4a";
    ConnectorClient client = client();
    AirbyteConnectorException e =
        assertThrows(
            AirbyteConnectorException.class,
            () -> {
              try (ConnectorRun run =
                  client.read(
                      ConnectorConfig.parse(
                          "{\"count\": 5, \"api_token\": \"" + secret + "\", \"echo_config_to_stderr\": true, \"fail_after\": 1}",
                          "config"),
                      usersCatalog(client),
                      null,
                      RecordDecoder.TREE,
                      () -> false)) {
                while (run.next() != null) {
                  // drain
                }
              }
            });
    assertTrue(e.getMessage().contains("config is:"), e.getMessage());
    assertTrue(e.getMessage().contains("\"api_token\":\"****\"") || e.getMessage().contains("****"), e.getMessage());
    assertFalse(e.getMessage().contains(secret), e.getMessage());
  }

  private static ConfiguredCatalog usersCatalog(ConnectorClient client) {
    AirbyteCatalog catalog = client.discover(ConnectorConfig.EMPTY);
    return new ConfiguredCatalog(
        List.of(
            new ConfiguredCatalog.ConfiguredStream(
                catalog.find("users", null).orElseThrow(), SyncMode.FULL_REFRESH, List.of(), List.of())));
  }
}
