package io.brickbyte.delta;

import static io.brickbyte.delta.SyncFixtures.committedStates;
import static io.brickbyte.delta.SyncFixtures.config;
import static io.brickbyte.delta.SyncFixtures.newSchema;
import static io.brickbyte.delta.SyncFixtures.numbered;
import static io.brickbyte.delta.SyncFixtures.record;
import static io.brickbyte.delta.SyncFixtures.rows;
import static io.brickbyte.delta.SyncFixtures.stream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.AirbyteConfigException;
import io.brickbyte.AirbyteConnectorException;
import io.brickbyte.AirbyteException;
import io.brickbyte.testing.FullDiskFileSystem;
import io.brickbyte.testing.SparkTestBase;
import io.brickbyte.testing.TestConnectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What real connectors do that ours did not: failures in-band, interleaved streams, full disks. */
class SyncReliabilityTest extends SparkTestBase {

  @TempDir Path temp;

  /** A full refresh stream and an incremental one, both synced once. */
  private static ObjectNode twoStreams() {
    ObjectNode config = stream(config(), "events", null, "ts", numbered("ts", 1, 4));
    return stream(config, "users", null, null, record("id", 1), record("id", 2), record("id", 3));
  }

  @ParameterizedTest
  @ValueSource(strings = {"connection_status", "trace", "incomplete"})
  void anInBandFailureWithExitCodeZeroFailsTheSyncAndCommitsNothingAfterIt(String kind) {
    String schema = newSchema("inband");
    ObjectNode config = twoStreams();
    config.put("state_every", 1);
    String[] options = {"syncMode", "incremental", "checkpointRecords", "1"};
    SyncFixtures.sync(spark, schema, config, options);
    List<String> users = rows(spark, schema, "users", "id");
    List<String> states = committedStates(spark, schema);

    stream(config, "events", null, "ts", numbered("ts", 1, 8));
    config.putObject("in_band_failure").put("after", 2).put("kind", kind).put("reset_cursor", 0);
    AirbyteConnectorException error = assertThrows(AirbyteConnectorException.class,
        () -> SyncFixtures.sync(spark, schema, config, options));
    assertTrue(error.getMessage().contains(kind.equals("incomplete") ? "INCOMPLETE" : "401 Unauthorized"),
        error.getMessage());
    assertEquals(users, rows(spark, schema, "users", "id"), "the full refresh table was not replaced");
    // The records before the failure were committed with their states; the reset cursor was not.
    List<String> after = committedStates(spark, schema);
    assertEquals(states, after.subList(0, states.size()));
    assertFalse(after.stream().anyMatch(s -> s.contains("\"cursor\":0")), after.toString());
    assertEquals(List.of("[1]", "[2]", "[3]", "[4]", "[5]", "[6]"), rows(spark, schema, "events", "ts"));
  }

  @Test
  void anInBandFailureFailsAPlainReadOnBothPaths() {
    ObjectNode config = twoStreams();
    config.putObject("in_band_failure").put("after", 1).put("kind", "connection_status").put("reset_cursor", 0);
    for (String execution : List.of("executor", "driver")) {
      Exception error = assertThrows(Exception.class, () -> spark.read().format("airbyte")
          .option("connector", TestConnectors.syncSourceOption()).option("config", config.toString())
          .option("stream", "users").option("execution", execution).load().collectAsList());
      assertTrue(rootMessage(error).contains("CONNECTION_STATUS FAILED"), rootMessage(error));
      assertTrue(rootMessage(error).contains("401 Unauthorized, bad token"), rootMessage(error));
    }
  }

  @Test
  void interleavedStreamsCommitOnlyTheRecordsTheirStatesCover() {
    // a1 b1 a2 b2 a3 S(a) b3 S(b) a4 b4 a5 b5 a6 S(a) -- dies before b6: b4 and b5 are not covered.
    ObjectNode config = config();
    stream(config, "a", null, "ts", numbered("ts", 1, 10));
    stream(config, "b", null, "ts", numbered("ts", 1, 10));
    config.put("interleave", true);
    config.put("state_every", 3);
    config.put("fail_after", 11);
    String schema = newSchema("interleaved");
    String[] options = {"syncMode", "incremental", "checkpointRecords", "1"};
    AirbyteConnectorException died = assertThrows(AirbyteConnectorException.class,
        () -> SyncFixtures.sync(spark, schema, config, options));
    assertTrue(died.getMessage().contains(" read of streams a, b exited with code 1"), died.getMessage());
    assertEquals(6, spark.table("spark_catalog." + schema + ".a").count());
    assertEquals(3, spark.table("spark_catalog." + schema + ".b").count(), "only what b's state covers");

    config.remove("fail_after");
    SyncFixtures.sync(spark, schema, config, options);
    List<String> all = Arrays.stream(numbered("ts", 1, 10)).map(r -> "[" + r.get("ts") + "]").sorted().toList();
    for (String table : List.of("a", "b")) {
      assertEquals(all, rows(spark, schema, table, "ts").stream().sorted().toList(), table + ": each record once");
    }
  }

  @Test
  void aFullRefreshIsCommittedOnlyWithItsStreamComplete() {
    String schema = newSchema("complete");
    ObjectNode config = twoStreams();
    config.put("stream_statuses", true);
    SyncFixtures.sync(spark, schema, config);
    stream(config, "users", null, null, record("id", 9));
    config.put("never_complete", true);
    AirbyteConnectorException error = assertThrows(AirbyteConnectorException.class,
        () -> SyncFixtures.sync(spark, schema, config));
    assertTrue(error.getMessage().contains("COMPLETE (its last status: STARTED): its full refresh was not "
        + "committed"), error.getMessage());
    assertEquals(List.of("[1]", "[2]", "[3]"), rows(spark, schema, "users", "id"));
  }

  @Test
  void aFullStagingDiskFailsTheSyncAtOnceNamingStagingDir() throws Exception {
    FullDiskFileSystem.register(spark.sparkContext().hadoopConfiguration());
    Path root = Files.createDirectories(temp.resolve("staging"));
    ObjectNode[] large = new ObjectNode[1500]; // ~1.5 MB: more than the disk holds
    for (int i = 0; i < large.length; i++) {
      large[i] = record("ts", i, "v", "x".repeat(1000));
    }
    ObjectNode config = stream(config(), "events", null, "ts", large);
    String schema = newSchema("fullerror");
    AirbyteException error = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(
        AirbyteException.class, () -> SyncFixtures.sync(spark, schema, config, "syncMode", "incremental",
            "stagingDir", FullDiskFileSystem.ERROR_SCHEME + "://" + root)));
    assertTrue(error.getMessage().contains("option 'stagingDir'"), error.getMessage());
    assertTrue(error.getMessage().contains("No space left on device"), error.getMessage());
    assertEquals(0, spark.table("spark_catalog." + schema + ".events").count());
    try (var left = Files.list(root)) {
      assertEquals(List.of(), left.toList(), "the staged files were deleted");
    }
  }

  @Test
  void aFullStagingDiskFailsTheDriverReadNamingStagingDir() throws Exception {
    FullDiskFileSystem.register(spark.sparkContext().hadoopConfiguration());
    Path root = Files.createDirectories(temp.resolve("driver-staging"));
    Exception error = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(Exception.class,
        () -> testSource("{\"count\": 20000}").option("stream", "generated").option("execution", "driver")
            .option("stagingDir", FullDiskFileSystem.ERROR_SCHEME + "://" + root).load().count()));
    assertTrue(rootMessage(error).contains("option 'stagingDir'"), rootMessage(error));
    try (var left = Files.list(root)) {
      assertEquals(List.of(), left.toList(), "the staged files were deleted");
    }
  }

  @Test
  void anUnwritableControlConfigFileFailsBeforeTheConnectorRuns() {
    String schema = newSchema("controlcheck");
    ObjectNode config = stream(config(), "users", null, null, record("id", 1));
    config.putObject("control_config").put("token", "rotated-secret");
    AirbyteConfigException error = assertThrows(AirbyteConfigException.class, () -> SyncFixtures.sync(
        spark, schema, config, "controlConfigFile", temp.resolve("missing/dir/config.json").toString()));
    assertTrue(error.getMessage().contains("'controlConfigFile'"), error.getMessage());
    assertTrue(error.getMessage().contains("its directory does not exist"), error.getMessage());
    assertFalse(spark.catalog().databaseExists(schema), "nothing ran");
  }

  @Test
  void aConfigRotatedInAFailedSyncIsSavedAndNamed() throws Exception {
    ObjectNode config = stream(config(), "users", null, null, record("id", 1), record("id", 2));
    config.putObject("control_config").put("token", "rotated-secret");
    config.put("fail_after", 1);
    AirbyteConnectorException error = assertThrows(AirbyteConnectorException.class,
        () -> SyncFixtures.sync(spark, newSchema("rotated"), config));
    assertEquals(1, error.getSuppressed().length);
    String note = error.getSuppressed()[0].getMessage();
    assertFalse(note.contains("rotated-secret"), note);
    Path saved = Path.of(note.replaceAll(".* is in (\\S+) .*", "$1"));
    assertEquals("{\"token\":\"rotated-secret\"}", Files.readString(saved));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(saved)));
    Files.delete(saved);
  }

  /** Every message in the chain of causes (Spark wraps what a task threw). */
  private static String rootMessage(Throwable e) {
    StringBuilder messages = new StringBuilder();
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      messages.append(cause.getMessage()).append('\n');
    }
    return messages.toString();
  }
}
