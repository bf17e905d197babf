package io.brickbyte.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.AirbyteConnectorException;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.ConfiguredCatalog;
import io.brickbyte.protocol.RecordDecoder;
import io.brickbyte.protocol.SyncMode;
import io.brickbyte.testing.TestConnectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How connector processes end: helpers they leave, silence, lingering, directories left by a killed JVM. */
class ConnectorProcessTest {

  private static final Duration IDLE = Duration.ofSeconds(2);
  /** Upper bound of how long ending a run may take beyond the idle timeout. */
  private static final Duration ENDING =
      ConnectorProcess.EXIT_WAIT.plus(ConnectorProcess.STOP_GRACE).plusSeconds(3);

  @TempDir Path tmp;

  @Test
  void helperHoldingStdoutIsKilledWithinIdleTimeout() throws Exception {
    Path helperPid = tmp.resolve("helper.pid");
    long started = System.nanoTime();
    // Without the fix the read waits for the helper's 300 s sleep.
    AirbyteConnectorException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
        assertThrows(AirbyteConnectorException.class,
            () -> drain("{\"count\": 3, \"helper\": \"stdout\", \"helper_pid_file\": \"" + helperPid + "\"}")));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertTrue(took.compareTo(IDLE.plus(ENDING)) < 0, "the read took " + took);
    assertTrue(e.getMessage().contains(
        "exited, but a process it started kept its stdout open and wrote nothing for 2s (option 'idleTimeout')"),
        e.getMessage());
    assertTrue(TestConnectors.waitUntilGone(pid(helperPid), 5), "the helper survived the read");
  }

  @Test
  void detachedHelperIsEndedWithTheRun() throws Exception {
    Path helperPid = tmp.resolve("helper.pid");
    assertEquals(3, drain("{\"count\": 3, \"helper\": \"detached\", \"helper_pid_file\": \"" + helperPid + "\"}"));
    assertTrue(TestConnectors.waitUntilGone(pid(helperPid), 5), "the detached helper survived the read");
  }

  @Test
  void silentConnectorIsKilledNamingIdleTimeout() throws Exception {
    Path script = tmp.resolve("silent.sh");
    Files.writeString(script, "#!/bin/sh\nexec sleep 300\n");
    script.toFile().setExecutable(true);
    ConnectorClient client = new ConnectorClient(Connectors.parse("exec:" + script), new RunSettings(IDLE, tmp.toString()));
    AirbyteConnectorException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
        assertThrows(AirbyteConnectorException.class, () -> {
          try (ConnectorRun run = client.read(ConnectorConfig.EMPTY, new ConfiguredCatalog(List.of()), null,
              RecordDecoder.TREE, () -> false)) {
            while (run.next() != null) {
              // drain
            }
          }
        }));
    assertTrue(e.getMessage().contains(" read wrote nothing for 2s (option 'idleTimeout') and was killed"), e.getMessage());
  }

  @Test
  void connectorThatClosesStdoutAndLingersKeepsItsRecords() throws Exception {
    Path pidFile = tmp.resolve("source.pid");
    long started = System.nanoTime();
    int records = assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> drain("{\"count\": 5, \"linger_after_close\": 300, \"pid_file\": \"" + pidFile + "\"}"));
    assertEquals(5, records);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertTrue(took.compareTo(ENDING) < 0, "the read took " + took);
    assertTrue(TestConnectors.waitUntilGone(pid(pidFile), 5), "the lingering connector survived the read");
  }

  @Test
  void runDirectoriesOfAGoneJvmAreRemovedAtTheNextRun() throws Exception {
    Process exited = new ProcessBuilder("sleep", "0.2").start();
    long exitedStart = DirOwner.startMillis(exited.toHandle()).orElseThrow();
    exited.waitFor();
    ProcessHandle self = ProcessHandle.current();
    long selfStart = DirOwner.startMillis(self).orElseThrow();
    String host = DirOwner.host();
    Path gone = runDir(DirOwner.prefix("run", host, exited.pid(), exitedStart) + "1");
    Path pidReused = runDir(DirOwner.prefix("run", host, self.pid(), selfStart - 1000) + "2");
    Path live = runDir(DirOwner.prefix("run", host, self.pid(), selfStart) + "3");
    Path otherHost = runDir(DirOwner.prefix("run", "elsewhere", exited.pid(), exitedStart) + "4");
    Path notOurs = runDir("airbyte-" + exited.pid() + "-" + exitedStart);

    assertTrue(client().check(ConnectorConfig.EMPTY).succeeded());

    assertFalse(Files.exists(gone), "the directory of an exited JVM is left");
    assertFalse(Files.exists(pidReused), "the directory of an exited JVM whose pid was reused is left");
    assertTrue(Files.exists(live.resolve("config.json")), "a live JVM's directory was removed");
    assertTrue(Files.exists(otherHost), "another host's directory was removed");
    assertTrue(Files.exists(notOurs), "a directory not named by us was removed");
  }

  private Path runDir(String name) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Files.writeString(dir.resolve("config.json"), "{}");
    return dir;
  }

  private ConnectorClient client() {
    return new ConnectorClient(Connectors.parse(TestConnectors.testSourceOption()), new RunSettings(IDLE, tmp.toString()));
  }

  /** Reads users with {@code config} to the end; returns the records read. */
  private int drain(String config) {
    ConnectorClient client = client();
    var users = client.discover(ConnectorConfig.EMPTY).find("users", null).orElseThrow();
    ConfiguredCatalog catalog = new ConfiguredCatalog(
        List.of(new ConfiguredCatalog.ConfiguredStream(users, SyncMode.FULL_REFRESH, List.of(), List.of())));
    int records = 0;
    try (ConnectorRun run = client.read(ConnectorConfig.parse(config, "config"), catalog, null, RecordDecoder.TREE, () -> false)) {
      for (AirbyteMessage m = run.next(); m != null; m = run.next()) {
        records += m instanceof AirbyteMessage.Record ? 1 : 0;
      }
    }
    return records;
  }

  private static long pid(Path pidFile) throws Exception {
    return Long.parseLong(Files.readString(pidFile).strip());
  }
}
