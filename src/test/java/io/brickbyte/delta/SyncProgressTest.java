package io.brickbyte.delta;

import static io.brickbyte.delta.SyncFixtures.config;
import static io.brickbyte.delta.SyncFixtures.newSchema;
import static io.brickbyte.delta.SyncFixtures.numbered;
import static io.brickbyte.delta.SyncFixtures.record;
import static io.brickbyte.delta.SyncFixtures.rows;
import static io.brickbyte.delta.SyncFixtures.stream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.AirbyteConnectorException;
import io.brickbyte.progress.RunProgress;
import io.brickbyte.progress.StreamProgress;
import io.brickbyte.protocol.Json;
import io.brickbyte.testing.LogCapture;
import io.brickbyte.testing.SparkTestBase;
import io.brickbyte.testing.TestConnectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sync's progress while it runs, its stream statuses, and the history it leaves in _airbyte_syncs. */
class SyncProgressTest extends SparkTestBase {

  private static final String SECRET = "pw-Zq81-never-shown";

  @TempDir Path temp;

  private AirbyteSync sync(String schema, ObjectNode config, String... options) {
    AirbyteSync sync = AirbyteSync.create(spark)
        .option("connector", TestConnectors.syncSourceOption())
        .option("config", config.toString())
        .option("catalog", "spark_catalog")
        .option("schema", schema);
    for (int i = 0; i < options.length; i += 2) {
      sync.option(options[i], options[i + 1]);
    }
    return sync;
  }

  /** Two streams of 60 records each, sent slowly (about 1.5 s), with estimates and statuses. */
  private ObjectNode throttled(Path emitted) {
    ObjectNode config = stream(config(), "events", null, "ts", numbered("ts", 1, 60));
    stream(config, "users", "id", null, numbered("id", 1, 60));
    config.put("sleep_every", 4).put("sleep_seconds", 0.05).put("state_every", 10)
        .put("estimates", true).put("stream_statuses", true)
        .put("emitted_file", emitted.toString()).put("password", SECRET);
    return config;
  }

  @Test
  void progressGrowsWhileTheSyncRunsAndEndsAtWhatTheConnectorSent() throws Exception {
    Path emitted = temp.resolve("emitted.json");
    String schema = newSchema("progress");
    AirbyteSync sync = sync(schema, throttled(emitted), "syncMode", "incremental",
        "checkpointRecords", "10", "progressInterval", "200ms");
    List<Long> samples = new ArrayList<>();
    SyncResult result;
    try (LogCapture log = new LogCapture()) {
      CompletableFuture<SyncResult> running = CompletableFuture.supplyAsync(sync::run);
      while (!running.isDone()) {
        RunProgress progress = sync.progress();
        if (progress != null) {
          samples.add(progress.snapshot().stream().mapToLong(StreamProgress.Snapshot::records).sum());
        }
        Thread.sleep(20);
      }
      result = running.get(1, TimeUnit.MINUTES);
      List<String> lines = log.lines().stream().filter(l -> l.startsWith("Sync " + result.syncId() + " of ")).toList();
      assertTrue(lines.size() >= 3, "a progress line every 200 ms: " + lines);
      assertTrue(lines.stream().anyMatch(l -> l.contains("| events ") && l.contains("records") && l.contains("%")),
          lines.toString());
      assertFalse(log.text().contains(SECRET));
    }
    // It grew while the connector ran: samples rise step by step, never back.
    for (int i = 1; i < samples.size(); i++) {
      assertTrue(samples.get(i) >= samples.get(i - 1), samples.toString());
    }
    List<Long> between = samples.stream().filter(n -> n > 0 && n < 120).distinct().toList();
    assertTrue(between.size() >= 5, "seen growing: " + samples);

    JsonNode sent = Json.MAPPER.readTree(Files.readString(emitted));
    RunProgress progress = sync.progress();
    assertEquals(RunProgress.Phase.SUCCEEDED, progress.phase());
    for (StreamProgress.Snapshot s : progress.snapshot()) {
      long records = sent.path(s.stream()).path("records").asLong();
      long bytes = sent.path(s.stream()).path("bytes").asLong();
      assertEquals(60, records);
      assertEquals(records, s.records(), s.stream());
      assertEquals(bytes, s.bytes(), s.stream());
      assertEquals(records, s.estimatedRecords(), "the connector's row estimate");
      assertEquals(bytes, s.estimatedBytes(), "the connector's byte estimate");
      assertEquals(100.0, s.percent());
      assertEquals("COMPLETE", s.status());
      assertEquals(records, s.recordsCommitted());
      assertTrue(s.recordsPerSecond() > 0);
    }
    JsonNode json = Json.MAPPER.readTree(progress.toJson());
    assertEquals("succeeded", json.path("phase").asText());
    assertEquals(60, json.path("streams").path(0).path("records").asLong());
    for (StreamSyncResult stream : result.streams()) {
      assertEquals(sent.path(stream.stream()).path("bytes").asLong(), stream.bytesRead());
      assertEquals(Boolean.TRUE, stream.reportedComplete());
      assertEquals("succeeded", stream.status());
    }
  }

  @Test
  void theSyncsJobsCarryItsLabelsAndTheThreadsOwnComeBack() throws Exception {
    List<java.util.Properties> jobs = java.util.Collections.synchronizedList(new ArrayList<>());
    org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart start) {
        jobs.add(start.properties());
      }
    };
    spark.sparkContext().addSparkListener(listener);
    try {
      ObjectNode config = stream(config(), "users", "id", null, record("id", 1), record("id", 2));
      SyncResult own = sync(newSchema("labels"), config).run();
      assertNull(spark.sparkContext().getLocalProperty("spark.jobGroup.id"), "no group left behind");
      assertNull(spark.sparkContext().getLocalProperty("spark.job.description"));
      String tag = "brickbyte-sync-" + own.syncId();
      java.util.Properties write = awaitJob(jobs, p -> String.valueOf(p.getProperty("spark.job.description"))
          .contains("sync " + own.syncId() + " of ") && p.getProperty("spark.job.description").contains("checkpoint 1, stream users -> `spark_catalog`."));
      assertEquals(tag, write.getProperty("spark.jobGroup.id"));
      assertTrue(write.getProperty("spark.job.tags").contains(tag), write.toString());

      // A notebook cell's group stays (Databricks cancels the cell by it); the tag tells the sync.
      spark.sparkContext().setJobGroup("cell-7", "my cell", false);
      try {
        SyncResult inCell = sync(newSchema("labels"), config).run();
        java.util.Properties cellJob = awaitJob(jobs, p -> String.valueOf(p.getProperty("spark.job.tags"))
            .contains("brickbyte-sync-" + inCell.syncId()));
        assertEquals("cell-7", cellJob.getProperty("spark.jobGroup.id"));
        assertEquals("cell-7", spark.sparkContext().getLocalProperty("spark.jobGroup.id"));
        assertEquals("my cell", spark.sparkContext().getLocalProperty("spark.job.description"));
        assertFalse(String.valueOf(spark.sparkContext().getLocalProperty("spark.job.tags")).contains("brickbyte"));
      } finally {
        spark.sparkContext().clearJobGroup();
      }
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
  }

  /** The first job whose properties match, waiting for the listener bus to deliver it. */
  private static java.util.Properties awaitJob(List<java.util.Properties> jobs,
      java.util.function.Predicate<java.util.Properties> matching) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      synchronized (jobs) {
        for (java.util.Properties job : jobs) {
          if (job != null && matching.test(job)) {
            return job;
          }
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no such job among " + jobs.size());
  }

  @Test
  void aDriverReadsProgressIsAmongTheRunningOnesWhileItRuns() throws Exception {
    Path emitted = temp.resolve("read.json");
    ObjectNode config = throttled(emitted);
    CompletableFuture<Long> read = CompletableFuture.supplyAsync(() -> spark.read().format("airbyte")
        .option("connector", TestConnectors.syncSourceOption()).option("config", config.toString())
        .option("stream", "users").option("execution", "driver").load().count());
    List<Long> samples = new ArrayList<>();
    while (!read.isDone()) {
      for (RunProgress run : RunProgress.running()) {
        StreamProgress users = run.stream(new io.brickbyte.protocol.StreamDescriptor("users", null));
        if (run.label().startsWith("Read of ") && users != null) {
          samples.add(users.snapshot().records());
        }
      }
      Thread.sleep(20);
    }
    assertEquals(60L, read.get());
    assertTrue(samples.stream().filter(n -> n > 0 && n < 60).distinct().count() >= 3, samples.toString());
    assertTrue(RunProgress.running().stream().noneMatch(r -> r.label().startsWith("Read of ")),
        "a finished read is no longer running");
  }

  @Test
  void theConnectorsLogMessagesReachTheLogAtTheirLevelMasked() {
    ObjectNode config = stream(config(), "users", null, null, record("id", 1));
    config.put("password", SECRET);
    com.fasterxml.jackson.databind.node.ArrayNode logs = config.putArray("logs");
    for (String level : List.of("WARN", "ERROR", "FATAL", "INFO", "DEBUG", "TRACE")) {
      logs.addObject().put("level", level).put("message", level.toLowerCase() + " says token={password}");
    }
    List<String> lines;
    try (LogCapture log = new LogCapture()) {
      assertEquals(1, spark.read().format("airbyte").option("connector", TestConnectors.syncSourceOption())
          .option("config", config.toString()).option("stream", "users").option("execution", "driver")
          .load().count());
      // (an event reaches the capture through each logger config that holds it: once each here)
      lines = log.leveledLines().stream().filter(l -> l.contains(" says token=")).distinct().toList();
    }
    String prefix = "[" + TestConnectors.syncSourceOption() + "] ";
    assertEquals(List.of("WARN " + prefix + "warn says token=****", "ERROR " + prefix + "error says token=****",
        "ERROR " + prefix + "fatal says token=****", "INFO " + prefix + "info says token=****"),
        lines.stream().filter(l -> !l.contains("debug says") && !l.contains("trace says")).toList());
    // DEBUG and TRACE go out at DEBUG, which the tests' log configuration may filter out.
    assertTrue(lines.stream().filter(l -> l.contains("debug says") || l.contains("trace says"))
        .allMatch(l -> l.startsWith("DEBUG ")), lines.toString());
  }

  @Test
  void historyHasARowPerStreamOfEverySyncSuccessfulFailedAndIncremental() {
    String schema = newSchema("history");
    ObjectNode config = stream(config(), "events", null, "ts", numbered("ts", 1, 4));
    stream(config, "users", "id", null, record("id", 1), record("id", 2));
    config.put("password", SECRET).put("stream_statuses", true).put("state_every", 1);
    String[] incremental = {"syncMode", "incremental", "checkpointRecords", "1"};
    SyncResult first = sync(schema, config, incremental).run();

    stream(config, "events", null, "ts", numbered("ts", 1, 6));
    SyncResult second = sync(schema, config, incremental).run();

    stream(config, "events", null, "ts", numbered("ts", 1, 9));
    config.put("fail_after", 1);
    AirbyteConnectorException failed = assertThrows(AirbyteConnectorException.class,
        () -> sync(schema, config, incremental).run());
    assertFalse(failed.getMessage().contains(SECRET), failed.getMessage());

    List<Row> history = spark.sql("SELECT * FROM spark_catalog." + schema + "._airbyte_syncs "
        + "ORDER BY started_at, stream").collectAsList();
    assertEquals(6, history.size(), "a row per stream of each of the three syncs");
    assertEquals(SyncResult.SCHEMA, spark.table("spark_catalog." + schema + "._airbyte_syncs").schema());
    assertEquals(first.toDataFrame().collectAsList(), history.subList(0, 2), "the result is the sync's rows");
    assertEquals(second.toDataFrame().collectAsList(), history.subList(2, 4));

    Row events1 = history.get(0);
    Row events2 = history.get(2);
    Row events3 = history.get(4);
    Row users3 = history.get(5);
    assertEquals(List.of(4L, 2L, 1L), List.of(events1.<Long>getAs("records_read"),
        events2.<Long>getAs("records_read"), events3.<Long>getAs("records_read")),
        "the second sync read only the new events, the failed one one record");
    assertEquals("succeeded", events2.getAs("status"));
    assertNull(events2.getAs("error"));
    assertTrue(events2.<String>getAs("state").contains("\"cursor\":6"), events2.toString());
    assertEquals(TestConnectors.syncSourceOption().strip(), events2.<String>getAs("connector").strip());
    assertTrue(events2.<java.sql.Timestamp>getAs("ended_at").compareTo(events2.getAs("started_at")) >= 0);
    assertEquals(Boolean.TRUE, events2.getAs("reported_complete"));

    assertEquals("failed", events3.getAs("status"));
    assertEquals("failed", users3.getAs("status"));
    assertTrue(events3.<String>getAs("error").contains("failing on purpose"), events3.toString());
    assertFalse(events3.<Boolean>getAs("reported_complete"), "STARTED, never COMPLETE");
    assertNull(users3.getAs("reported_complete"), "never started");
    assertTrue(events3.<String>getAs("state").contains("\"cursor\":7"),
        "the state it committed before it failed: " + events3);
    assertTrue(events3.<Long>getAs("sync_id") > events2.<Long>getAs("sync_id"));
    for (Row row : history) {
      assertFalse(row.toString().contains(SECRET), row.toString());
    }
  }

  @Test
  void aStreamReportedIncompleteFailsAndKeepsItsTable() {
    String schema = newSchema("incomplete");
    ObjectNode config = stream(config(), "users", null, null, record("id", 1), record("id", 2), record("id", 3));
    stream(config, "events", null, "ts", numbered("ts", 1, 3));
    config.put("stream_statuses", true);
    sync(schema, config).run();
    assertEquals(List.of("[1]", "[2]", "[3]"), rows(spark, schema, "users", "id"));

    stream(config, "users", null, null, record("id", 7), record("id", 8), record("id", 9));
    config.putObject("in_band_failure").put("after", 2).put("kind", "incomplete").put("reset_cursor", 0);
    AirbyteConnectorException error = assertThrows(AirbyteConnectorException.class, () -> sync(schema, config).run());
    assertTrue(error.getMessage().contains("reported stream users INCOMPLETE"), error.getMessage());
    assertEquals(List.of("[1]", "[2]", "[3]"), rows(spark, schema, "users", "id"), "its table is kept");

    Map<String, Row> last = new java.util.HashMap<>();
    spark.sql("SELECT * FROM spark_catalog." + schema + "._airbyte_syncs ORDER BY sync_id")
        .collectAsList().forEach(r -> last.put(r.getAs("stream"), r));
    Row users = last.get("users");
    assertEquals("failed", users.getAs("status"));
    assertEquals(Boolean.FALSE, users.getAs("reported_complete"));
    assertEquals(0L, users.<Long>getAs("records_written"));
    assertTrue(users.<String>getAs("error").contains("INCOMPLETE"), users.toString());
    assertNotNull(last.get("events"));
  }
}
