package io.brickbyte.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.AirbyteConfigException;
import io.brickbyte.testing.FullDiskFileSystem;
import io.brickbyte.testing.LogCapture;
import io.brickbyte.testing.SparkTestBase;
import io.brickbyte.testing.TestConnectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connectors that fail, hang or send bad data; options that are wrong; secrets that must not leak. */
class AirbyteFailureTest extends SparkTestBase {

  @TempDir Path tmp;

  @Test
  void traceErrorNamesConnectorExitCodeMessageAndStderr() {
    Exception e =
        assertThrows(
            Exception.class,
            () -> testSource("{\"count\": 100, \"fail_after\": 10}").option("stream", "users").load().count());
    String message = rootMessage(e);
    assertTrue(message.contains("Connector " + TestConnectors.testSourceOption() + " read of stream users exited with code 1"), message);
    assertTrue(message.contains("Something broke: the API returned 500 [system_error]"), message);
    assertTrue(message.contains("Internal message: HTTPError 500 for url"), message);
    assertTrue(message.contains("fatal: giving up"), message);
  }

  @Test
  void crashMidStreamNamesExitCodeAndStderrTail() {
    Exception e =
        assertThrows(
            Exception.class,
            () -> testSource("{\"count\": 100, \"exit_after\": 30}").option("stream", "users").load().collectAsList());
    String message = rootMessage(e);
    assertTrue(message.contains("exited with code 3"), message);
    assertTrue(message.contains("RuntimeError: boom in the middle"), message);
  }

  @Test
  void fullStagingDiskFailsTheDriverReadAndLeavesNoFiles() throws Exception {
    FullDiskFileSystem.register(spark.sparkContext().hadoopConfiguration());
    Path root = Files.createDirectories(tmp.resolve("staging"));
    // ~3 MB of records: the staging writer's buffer fills and the file system refuses its write.
    Exception e = assertThrows(Exception.class, () -> testSource("{\"count\": 20000}")
        .option("stream", "generated").option("execution", "driver")
        .option("stagingDir", FullDiskFileSystem.SCHEME + "://" + root).load().count());
    assertTrue(rootMessage(e).contains("No space left on device"), rootMessage(e));
    try (var left = Files.list(root)) {
      assertEquals(List.of(), left.toList(), "the staged files were deleted");
    }
  }

  @Test
  void hungConnectorIsKilledAfterIdleTimeout() throws Exception {
    Path pidFile = tmp.resolve("hang.pid");
    long started = System.nanoTime();
    Exception e =
        assertThrows(
            Exception.class,
            () ->
                testSource(config("\"count\": 100, \"hang_after\": 5", pidFile))
                    .option("stream", "users")
                    .option("idleTimeout", "2s")
                    .load()
                    .count());
    assertTrue(rootMessage(e).contains("wrote nothing for 2s (option 'idleTimeout') and was killed"), rootMessage(e));
    assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(60));
    assertTrue(TestConnectors.waitUntilGone(pid(pidFile), 5));
  }

  @Test
  void cancelledJobLeavesNoConnectorProcess() throws Exception {
    Path pidFile = tmp.resolve("cancel.pid");
    CompletableFuture<Long> job =
        CompletableFuture.supplyAsync(
            () -> {
              spark.sparkContext().setJobGroup("hang", "a connector that hangs", false);
              return testSource(config("\"count\": 100, \"hang_after\": 5", pidFile))
                  .option("stream", "users")
                  .load()
                  .count();
            });
    long pid = waitForPid(pidFile);
    Thread.sleep(500);
    assertFalse(TestConnectors.isGone(pid), "the connector should be hanging");
    spark.sparkContext().cancelJobGroup("hang");
    assertThrows(Exception.class, () -> job.get(60, TimeUnit.SECONDS));
    assertTrue(TestConnectors.waitUntilGone(pid, 10), "connector process " + pid + " outlived its task");
  }

  @Test
  void failFastStopsTheReadAndItsConnector() throws Exception {
    Path pidFile = tmp.resolve("failfast.pid");
    Exception e =
        assertThrows(
            Exception.class,
            () ->
                testSource(config("\"count\": 100, \"bad_values\": true, \"hang_after\": 50", pidFile))
                    .option("stream", "users")
                    .option("mode", "FAILFAST")
                    .load()
                    .count());
    String message = rootMessage(e);
    assertTrue(message.contains("Stream 'users': field 'age' expects BIGINT"), message);
    assertFalse(message.contains("not a number"), "the bad value itself is data, not for messages");
    assertTrue(TestConnectors.waitUntilGone(pid(pidFile), 10));
  }

  @Test
  void permissiveNullsBadValuesAndRecordsThem() {
    List<Row> rows =
        testSource("{\"count\": 4, \"bad_values\": true}")
            .option("stream", "users")
            .load()
            .orderBy("id")
            .selectExpr("id", "age", "created_at", "_airbyte_meta.changes")
            .collectAsList();
    assertEquals(4, rows.size());
    Row two = rows.get(1);
    assertNull(two.get(1));
    assertNull(two.get(2));
    List<Row> changes = two.getList(3);
    assertEquals(2, changes.size());
    assertEquals("age", changes.get(0).getString(0));
    assertEquals("NULLED", changes.get(0).getString(1));
    assertEquals("DESTINATION_TYPECAST_ERROR", changes.get(0).getString(2));
    assertEquals("created_at", changes.get(1).getString(0));
    Row three = rows.get(2);
    assertNull(three.get(1), "an integer beyond BIGINT is nulled");
    assertEquals("age", ((Row) three.getList(3).get(0)).getString(0));
    assertTrue(rows.get(0).getList(3).isEmpty());
  }

  @Test
  void dropMalformedDropsBadRecords() {
    List<Long> ids =
        testSource("{\"count\": 5, \"bad_values\": true}")
            .option("stream", "users")
            .option("mode", "dropmalformed")
            .load()
            .orderBy("id")
            .select("id")
            .as(org.apache.spark.sql.Encoders.LONG())
            .collectAsList();
    assertEquals(List.of(1L, 4L, 5L), ids);
  }

  @Test
  void aRecordThatIsNotUtf8IsKeptDroppedOrFailsAsTheModeSaysLiveAndStaged() {
    String config = "{\"count\": 4, \"invalid_utf8\": 2}";
    for (String execution : List.of("executor", "driver")) {
      List<Row> rows = testSource(config).option("stream", "users").option("execution", execution).load()
          .orderBy("id").selectExpr("id", "name", "_airbyte_meta.changes").collectAsList();
      assertEquals(4, rows.size(), execution);
      assertEquals("user-\uFFFD2", rows.get(1).getString(1), execution);
      Row change = (Row) rows.get(1).getList(2).get(0);
      assertEquals(List.of("name", "TRUNCATED", "SOURCE_SERIALIZATION_ERROR"),
          List.of(change.getString(0), change.getString(1), change.getString(2)), execution);
      assertTrue(rows.get(0).getList(2).isEmpty());

      List<Long> ids = testSource(config).option("stream", "users").option("execution", execution)
          .option("mode", "dropmalformed").load().orderBy("id").select("id")
          .as(org.apache.spark.sql.Encoders.LONG()).collectAsList();
      assertEquals(List.of(1L, 3L, 4L), ids, execution);

      String message = stackTraceText(assertThrows(Exception.class,
          () -> testSource(config).option("stream", "users").option("execution", execution)
              .option("mode", "failfast").load().count()));
      assertTrue(message.contains("Stream 'users': field 'name' holds bytes that are not valid UTF-8"), message);
    }
  }

  @Test
  void secretsReachNoLogExceptionOrPlan() {
    String secret = "s3cr3t-Passw0rd-42";
    String config =
        "{\"count\": 5, \"password\": \"" + secret + "\", \"echo_config_to_stderr\": true, \"fail_after\": 3}";
    String message;
    String explained;
    try (LogCapture logs = new LogCapture()) {
      explained = testSource(config).option("stream", "users").load().queryExecution().toString();
      message = stackTraceText(assertThrows(Exception.class, () -> testSource(config).option("stream", "users").load().count()));
      assertTrue(logs.text().contains("config is:"), "the connector's stderr is logged");
      assertFalse(logs.text().contains(secret), "a log line holds the secret");
    }
    assertTrue(message.contains("config is:"), message);
    assertFalse(message.contains(secret), message);
    assertFalse(explained.contains(secret), explained);
    assertFalse(explained.contains("password"), explained);
  }

  @Test
  void badOptionsFailAtLoadNamingTheOptionAndWhatIsAccepted() {
    assertOptionError(
        () -> spark.read().format("airbyte").option("stream", "users").load(),
        "Option 'connector' is required. Accepted: source-x or source-x==1.2.3 (the Airbyte registry)");
    assertOptionError(
        () -> spark.read().format("airbyte").option("connector", "nosuch:thing").option("stream", "users").load(),
        "Option 'connector' = 'nosuch:thing' is not a connector this version can run");
    assertOptionError(
        () -> testSource("{}").option("stream", "users").option("mode", "LENIENT").load(),
        "Option 'mode' = 'LENIENT' is not accepted. Accepted: PERMISSIVE, DROPMALFORMED, FAILFAST");
    assertOptionError(
        () -> testSource("{}").option("stream", "users").option("numberType", "float").load(),
        "Option 'numberType' = 'float' is not accepted. Accepted: decimal, double");
    assertOptionError(
        () -> testSource("{}").option("stream", "users").option("idleTimeout", "soon").load(),
        "Option 'idleTimeout' = 'soon' is not accepted: not a positive duration");
    assertOptionError(() -> testSource("{}").load(), "Option 'stream' is required to read");
    assertOptionError(
        () -> testSource("{\"count\": 1}").option("stream", "nosuch").load(),
        "Option 'stream' = 'nosuch' is not a stream of exec:python3");
    assertOptionError(
        () -> testSource("{\"count\": 1}").option("stream", "nosuch").load(),
        "Accepted: users, types, wide, large, generated");
    assertOptionError(
        () -> testSource("{\"password\": \"hunter22\", oops}").option("stream", "users").load(),
        "Option 'config' is not valid JSON (line 1, column");
    assertOptionError(
        () -> testSource("[1, 2]").option("stream", "users").load(),
        "Option 'config' must be a JSON object, not array");
    AirbyteConfigException noLeak =
        assertThrows(
            AirbyteConfigException.class,
            () -> testSource("{\"password\": \"hunter22\", oops}").option("stream", "users").load());
    assertFalse(noLeak.getMessage().contains("hunter22"), noLeak.getMessage());
  }

  private static void assertOptionError(org.junit.jupiter.api.function.Executable load, String expected) {
    AirbyteConfigException e = assertThrows(AirbyteConfigException.class, load);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  private static String config(String fields, Path pidFile) {
    return "{" + fields + ", \"pid_file\": \"" + pidFile + "\"}";
  }

  private static long pid(Path pidFile) throws Exception {
    return Long.parseLong(Files.readString(pidFile).strip());
  }

  private static long waitForPid(Path pidFile) throws Exception {
    for (int i = 0; i < 600 && !Files.exists(pidFile); i++) {
      Thread.sleep(50);
    }
    Thread.sleep(100);
    return pid(pidFile);
  }

  /** The message of the deepest cause: Spark wraps task failures in its own exceptions. */
  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return String.valueOf(cause.getMessage());
  }

  private static String stackTraceText(Throwable e) {
    var out = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(out));
    return out.toString();
  }
}
