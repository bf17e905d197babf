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
import io.brickbyte.protocol.ConfiguredCatalog;
import io.brickbyte.protocol.Json;
import io.brickbyte.protocol.RecordDecoder;
import io.brickbyte.protocol.SyncMode;
import io.brickbyte.testing.SparkTestBase;
import io.brickbyte.testing.TestDockerImage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * docker: connectors on a real engine, with the Go test connector of src/test/docker. Skipped
 * without an engine outside CI; in CI (.ci/run starts dockerd) they must run.
 */
class DockerEngineTest extends SparkTestBase {

  /** A config value that must reach the container only inside the mounted config file. */
  private static final String SECRET = "s3cr3t-value-4711";
  private static String connector;

  /** Skips each test (with the reason) or fails it in CI where no engine answers. */
  @BeforeEach
  void requireImage() {
    connector = TestDockerImage.connectorOption();
  }

  @AfterEach
  void noContainerOfOursIsLeft() throws InterruptedException {
    if (connector != null) {
      assertEquals(List.of(), TestDockerImage.waitForNoContainers(10), "containers left behind");
    }
  }

  private static DataFrameReader source(String configJson) {
    return spark.read().format("airbyte").option("connector", connector)
        .option("dockerNetwork", "none").option("config", configJson);
  }

  @Test
  void specCheckAndDiscover() {
    Row spec = source("{}").option("action", "spec").load().first();
    assertTrue(spec.getString(spec.fieldIndex("connection_specification")).contains("\"api_key\""));
    Row ok = source("{\"count\": 1}").option("action", "check").load().first();
    assertEquals("SUCCEEDED", ok.getString(0));
    Row failed = source("{\"count\": 1, \"api_key\": \"wrong\"}").option("action", "check").load().first();
    assertEquals(List.of("FAILED", "the api_key is not accepted"), List.of(failed.getString(0), failed.getString(1)));
    List<Row> streams = source("{}").option("action", "discover").load().orderBy("stream").collectAsList();
    assertEquals(List.of("numbers", "seen"), streams.stream().map(r -> r.getString(0)).toList());
  }

  @Test
  void readGivesTheRecordsAndResumesFromState() {
    assertEquals(
        List.of("[1,n-1]", "[2,n-2]", "[3,n-3]"),
        rows(source("{\"count\": 3}").option("stream", "numbers").load().select("id", "name")));
    String state = "[{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":{\"name\":\"numbers\"},"
        + "\"stream_state\":{\"id\":3}}}]";
    assertEquals(
        List.of("[4,n-4]", "[5,n-5]"),
        rows(source("{\"count\": 2}").option("stream", "numbers").option("syncMode", "incremental")
            .option("state", state).load().select("id", "name")));
  }

  @Test
  void aFailedReadCarriesTheTraceErrorAndStderr() {
    Exception e = assertThrows(Exception.class,
        () -> source("{\"count\": 2, \"fail\": true}").option("stream", "numbers").load().count());
    String message = rootMessage(e);
    assertTrue(message.contains("Connector " + connector + " read of stream numbers exited with code 1: "
        + "The source failed on purpose [config_error]"), message);
    assertTrue(message.contains("Internal message: fail=true in the config"), message);
    assertTrue(message.contains("fatal: the test connector was asked to fail"), message);
  }

  @Test
  void aHungReadFailsAfterIdleTimeoutAndItsContainerIsRemoved() throws InterruptedException {
    long started = System.nanoTime();
    Exception e = assertThrows(Exception.class,
        () -> source("{\"count\": 2, \"hang\": true}").option("stream", "numbers")
            .option("idleTimeout", "2s").load().count());
    assertTrue(rootMessage(e).contains("wrote nothing for 2s (option 'idleTimeout') and was killed"), rootMessage(e));
    assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(60));
    // Killing the docker client alone leaves this container running: it sleeps for a day.
    assertEquals(List.of(), TestDockerImage.waitForNoContainers(10));
  }

  @Test
  void aCancelledRunLeavesNoContainer() throws InterruptedException {
    ConnectorClient client = client(DockerSettings.defaults());
    boolean[] cancelled = {false};
    try (ConnectorRun run = client.read(config("{\"count\": 2, \"hang\": true}"),
        numbers(client), null, RecordDecoder.TREE, () -> cancelled[0])) {
      assertNotNull(run.next());
      TestDockerImage.waitForHangingContainer(30);
      cancelled[0] = true;
      AirbyteConnectorException e = assertThrows(AirbyteConnectorException.class, () -> {
        while (run.next() != null) {
          // drain
        }
      });
      assertTrue(e.getMessage().contains("was killed because its task was cancelled"), e.getMessage());
    }
    assertEquals(List.of(), TestDockerImage.waitForNoContainers(10));
  }

  @Test
  void aCancelledSparkJobLeavesNoContainer() throws Exception {
    CompletableFuture<Long> job = CompletableFuture.supplyAsync(() -> {
      spark.sparkContext().setJobGroup("docker-hang", "a container that hangs", false);
      return source("{\"count\": 2, \"hang\": true}").option("stream", "numbers").load().count();
    });
    TestDockerImage.waitForHangingContainer(60);
    spark.sparkContext().cancelJobGroup("docker-hang");
    ExecutionException e = assertThrows(ExecutionException.class, () -> job.get(60, TimeUnit.SECONDS));
    assertTrue(rootMessage(e).contains("cancel"), rootMessage(e));
    assertEquals(List.of(), TestDockerImage.waitForNoContainers(10));
  }

  @Test
  void theConfigIsOnlyAMountedFileAndTheOptionsReachDockerRun() throws InterruptedException {
    ConnectorClient client =
        client(new DockerSettings("none", List.of("--memory", "64m", "-e", "BRICKBYTE_PROBE=42")));
    try (ConnectorRun run = client.read(config("{\"count\": 2, \"hang\": true, \"api_key\": \"" + SECRET + "\"}"),
        numbers(client), null, RecordDecoder.TREE, () -> false)) {
      assertNotNull(run.next());
      String hung = TestDockerImage.waitForHangingContainer(30);
      JsonNode inspected = Json.MAPPER.readTree(TestDockerImage.docker("inspect", hung)).get(0);
      String argsAndEnv = inspected.get("Args").toString() + inspected.get("Path") + inspected.at("/Config/Cmd")
          + inspected.at("/Config/Env") + inspected.at("/Config/Entrypoint");
      assertFalse(argsAndEnv.contains(SECRET), argsAndEnv);
      assertFalse(argsAndEnv.contains("api_key"), argsAndEnv);
      assertTrue(inspected.at("/Config/Env").toString().contains("BRICKBYTE_PROBE=42"), argsAndEnv);
      assertEquals("none", inspected.at("/HostConfig/NetworkMode").asText());
      assertEquals(64L << 20, inspected.at("/HostConfig/Memory").asLong());
      assertTrue(inspected.get("Name").asText().startsWith("/brickbyte-"), inspected.get("Name").asText());
      JsonNode configMount = null;
      for (JsonNode mount : inspected.get("Mounts")) {
        if (mount.get("Destination").asText().equals("/airbyte/input/config.json")) {
          configMount = mount;
        }
      }
      assertNotNull(configMount, inspected.get("Mounts").toString());
      assertFalse(configMount.get("RW").asBoolean(), "the config is mounted read-only");
      // Closed while it runs: the container goes too.
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
    assertEquals(List.of(), TestDockerImage.waitForNoContainers(10));
  }

  @Test
  void theConnectorSeesOnlyItsInputsTheNetworkAndTheExtraArguments() {
    Row seen = source("{\"count\": 1, \"api_key\": \"" + SECRET + "\"}").option("stream", "seen")
        .option("dockerArgs", "[\"-e\", \"BRICKBYTE_PROBE=a b\"]").load().first();
    assertEquals(
        List.of("/connector", "read", "--config", "/airbyte/input/config.json",
            "--catalog", "/airbyte/input/catalog.json"),
        seen.getList(seen.fieldIndex("args")));
    assertEquals(List.of("lo"), seen.getList(seen.fieldIndex("interfaces")));
    assertEquals(List.of("catalog.json", "config.json"), seen.getList(seen.fieldIndex("input")));
    assertFalse(seen.getBoolean(seen.fieldIndex("writable")));
    List<String> env = seen.getList(seen.fieldIndex("env"));
    assertTrue(env.contains("BRICKBYTE_PROBE=a b"), env.toString());
    assertFalse(env.toString().contains(SECRET), env.toString());
  }

  @Test
  void refusedDockerArgsFailTheLoadBeforeAnyContainerStarts() {
    String message = assertThrows(AirbyteConfigException.class,
        () -> source("{}").option("stream", "numbers").option("dockerArgs", "--cpus 1 --privileged").load())
        .getMessage();
    assertTrue(message.startsWith("Option 'dockerArgs' has '--privileged', which is refused: it gives "
        + "the container part of the node"), message);
  }

  private static ConnectorClient client(DockerSettings docker) {
    return new ConnectorClient(
        Connectors.parse(connector, InstallSettings.defaults().withDocker(docker)),
        new RunSettings(Duration.ofMinutes(1), System.getProperty("java.io.tmpdir")));
  }

  private static ConnectorConfig config(String json) {
    return ConnectorConfig.parse(json, "config");
  }

  private static ConfiguredCatalog numbers(ConnectorClient client) {
    AirbyteCatalog catalog = client.discover(ConnectorConfig.EMPTY);
    return new ConfiguredCatalog(List.of(new ConfiguredCatalog.ConfiguredStream(
        catalog.find("numbers", null).orElseThrow(), SyncMode.FULL_REFRESH, List.of(), List.of())));
  }

  private static List<String> rows(org.apache.spark.sql.Dataset<Row> frame) {
    return frame.orderBy("id").collectAsList().stream().map(Row::toString).toList();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
