package io.brickbyte.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.AirbyteConnectorException;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.ConfiguredCatalog;
import io.brickbyte.protocol.RecordDecoder;
import io.brickbyte.protocol.SyncMode;
import io.brickbyte.testing.TestPackages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pip: connectors installed for real, offline, from a wheel of our test package. */
class PipInstallTest {

  private static final String CONNECTOR = "pip:" + TestPackages.TEST_PACKAGE;

  @TempDir static Path wheelhouse;
  @TempDir Path tmp;

  @BeforeAll
  static void buildWheel() throws Exception {
    TestPackages.buildTestWheel(wheelhouse);
  }

  /** Hermetic installs: pip, no index, no machine pip configuration. */
  static InstallSettings offline(Path installDir, Path wheels) {
    return offline(installDir, wheels, "python3");
  }

  static InstallSettings offline(Path installDir, Path wheels, String python) {
    return new InstallSettings(
        installDir.toString(), python, null, wheels.toString(), List.of("--isolated"), List.of(),
        InstallSettings.Installer.PIP, null, null, false);
  }

  private ConnectorClient client(Connector connector) {
    return new ConnectorClient(connector, new RunSettings(Duration.ofMinutes(5), tmp.toString()));
  }

  private static int readCount(ConnectorClient client, int count) {
    ConnectorConfig config = ConnectorConfig.parse("{\"count\": " + count + "}", "config");
    var stream = client.discover(config).streams().get(0);
    int records = 0;
    try (ConnectorRun run =
        client.read(
            config,
            new ConfiguredCatalog(
                List.of(
                    new ConfiguredCatalog.ConfiguredStream(
                        stream, SyncMode.FULL_REFRESH, List.of(), List.of()))),
            null,
            RecordDecoder.TREE,
            () -> false)) {
      for (AirbyteMessage m = run.next(); m != null; m = run.next()) {
        if (m instanceof AirbyteMessage.Record) {
          records++;
        }
      }
    }
    return records;
  }

  @Test
  void firstUseInstallsAndLaterUsesReuseTheVenv() throws Exception {
    Path root = TestPackages.venvRoot("pip");
    PipConnector connector = (PipConnector) Connectors.parse(CONNECTOR, offline(root, wheelhouse));
    assertEquals("source-brickbyte-test", connector.executable());
    Venv venv = connector.venv();
    assertFalse(venv.isInstalled());

    ConnectorClient client = client(connector);
    assertTrue(client.spec().path("connectionSpecification").isObject());
    assertTrue(venv.isInstalled());
    assertTrue(Files.isExecutable(venv.bin("source-brickbyte-test")));

    // A file dropped into the venv survives later uses: nothing is reinstalled.
    Path sentinel = Files.writeString(venv.dir().resolve("sentinel"), "kept");
    assertEquals(7, readCount(client, 7));
    assertFalse(venv.ensureInstalled());
    PipConnector again = (PipConnector) Connectors.parse(CONNECTOR, offline(root, wheelhouse));
    assertEquals(venv.dir(), again.venv().dir());
    assertEquals(3, readCount(client(again), 3));
    assertTrue(Files.exists(sentinel));
  }

  @Test
  void aVenvLeftWithoutItsMarkerIsRebuilt() throws Exception {
    Path root = TestPackages.venvRoot("pip-unfinished");
    PipConnector connector = (PipConnector) Connectors.parse(CONNECTOR, offline(root, wheelhouse));
    Venv venv = connector.venv();
    // What a killed install leaves: a real venv, the package not (fully) in it, no marker.
    Process created = new ProcessBuilder("python3", "-m", "venv", venv.dir().toString()).start();
    assertEquals(0, created.waitFor());
    Path junk = Files.writeString(venv.dir().resolve("half-written"), "x");
    assertFalse(venv.isInstalled());

    assertEquals(5, readCount(client(connector), 5));
    assertTrue(venv.isInstalled());
    assertFalse(Files.exists(junk), "the unfinished venv was deleted, not reused");
  }

  @Test
  void anInstallKilledMidWayIsRedoneAndItsLockReleased() throws Exception {
    Path root = TestPackages.venvRoot("pip-killed");
    // A Python that stalls after creating the venv while the stall file exists: the install is
    // killed there, between the venv and its packages, as a killed Spark task would leave it.
    Path stall = tmp.resolve("stall");
    Path python = tmp.resolve("stalling-python");
    Files.writeString(
        python,
        "#!/bin/sh\npython3 \"$@\"\ncode=$?\nwhile [ -f '" + stall + "' ]; do sleep 0.1; done\nexit $code\n");
    python.toFile().setExecutable(true);
    Files.createFile(stall);
    Process child = startInstall(root, tmp.resolve("ready"), tmp.resolve("go"), python.toString());
    Files.createFile(tmp.resolve("go"));
    Venv venv = new Venv(List.of(TestPackages.TEST_PACKAGE), offline(root, wheelhouse, python.toString()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!Files.exists(venv.bin("python")) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(Files.exists(venv.bin("python")), "the child never created its venv");
    child.descendants().forEach(ProcessHandle::destroyForcibly);
    child.destroyForcibly();
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    Files.delete(stall);
    assertFalse(venv.isInstalled());
    assertFalse(Files.exists(venv.bin("source-brickbyte-test")));

    // The dead process's lock is gone with it; the half-made venv is replaced by a working one.
    assertTrue(venv.ensureInstalled());
    assertTrue(venv.isInstalled());
    PipConnector connector =
        (PipConnector) Connectors.parse(CONNECTOR, offline(root, wheelhouse, python.toString()));
    assertEquals(venv.dir(), connector.venv().dir());
    assertEquals(2, readCount(client(connector), 2));
  }

  private Process startInstall(Path root, Path ready, Path go, String python) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(
            java, "-cp", System.getProperty("java.class.path"),
            InstallInChildProcess.class.getName(),
            root.toString(), wheelhouse.toString(), ready.toString(), go.toString(), python)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  @Test
  void twoProcessesInstallingAtOnceEndWithOneGoodVenv() throws Exception {
    Path root = TestPackages.venvRoot("pip-concurrent");
    String java = ProcessHandle.current().info().command().orElse("java");
    Path go = tmp.resolve("go");
    List<Process> children = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Path ready = tmp.resolve("ready-" + i);
      children.add(
          new ProcessBuilder(
                  java, "-cp", System.getProperty("java.class.path"),
                  InstallInChildProcess.class.getName(),
                  root.toString(), wheelhouse.toString(), ready.toString(), go.toString())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start());
    }
    for (int i = 0; i < 2; i++) {
      Path ready = tmp.resolve("ready-" + i);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(ready) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    }
    Files.createFile(go);
    List<String> outcomes = new ArrayList<>();
    for (Process child : children) {
      String out = new String(child.getInputStream().readAllBytes()).strip();
      assertTrue(child.waitFor(120, TimeUnit.SECONDS));
      assertEquals(0, child.exitValue(), out);
      outcomes.add(out);
    }
    outcomes.sort(null);
    assertEquals(List.of("installed", "reused"), outcomes);

    PipConnector connector = (PipConnector) Connectors.parse(CONNECTOR, offline(root, wheelhouse));
    assertTrue(connector.venv().isInstalled());
    assertEquals(4, readCount(client(connector), 4));
  }

  @Test
  void aFailedInstallGivesPipsError() throws Exception {
    Path root = TestPackages.venvRoot("pip-failed");
    Connector connector =
        Connectors.parse("pip:airbyte-source-not-in-wheelhouse==9.9.9", offline(root, wheelhouse));
    AirbyteConnectorException e =
        assertThrows(AirbyteConnectorException.class, () -> client(connector).spec());
    assertTrue(e.getMessage().startsWith("Connector pip:airbyte-source-not-in-wheelhouse==9.9.9 cannot install"), e.getMessage());
    assertTrue(e.getMessage().contains("pip install exited with code 1"), e.getMessage());
    assertTrue(e.getMessage().contains("No matching distribution found"), e.getMessage());
    assertFalse(((PipConnector) connector).venv().isInstalled());
  }
}
