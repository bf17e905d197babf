package io.brickbyte.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.protocol.Json;
import io.brickbyte.testing.SparkTestBase;
import io.brickbyte.testing.TestConnectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code readStream.format("airbyte")} into Delta with AvailableNow: real connector processes
 * (sync_source.py, which reads incrementally from its state), a real Delta sink, real checkpoints.
 */
class AirbyteStreamTest extends SparkTestBase {

  @TempDir Path dir;

  @Test
  void eachRunBringsOnlyNewRecordsAndStagedRunsOfDoneBatchesGo() throws Exception {
    Path checkpoint = dir.resolve("checkpoint");
    StreamingQuery first = runAvailableNow(config(1, 3, Map.of("estimates", true, "stream_statuses", true)),
        Map.of(), checkpoint);
    assertEquals(List.of(1L, 2L, 3L), ids());
    assertEquals(1, batches(first));
    Map<String, String> metrics = first.lastProgress().sources()[0].metrics();
    assertEquals("3", metrics.get(StreamMetrics.RECORDS));
    assertTrue(Long.parseLong(metrics.get(StreamMetrics.BYTES)) > 3 * 20, metrics.toString());
    assertTrue(Double.parseDouble(metrics.get(StreamMetrics.CONNECTOR_SECONDS)) > 0, metrics.toString());
    assertTrue(Double.parseDouble(metrics.get(StreamMetrics.LATEST_STATE_AGE)) >= 0, metrics.toString());
    assertEquals("3", metrics.get(StreamMetrics.ESTIMATED_RECORDS), "the connector's TRACE ESTIMATE");
    assertEquals("100.0", metrics.get(StreamMetrics.PERCENT), metrics.toString());
    assertEquals("COMPLETE", metrics.get(StreamMetrics.STATUS), metrics.toString());
    assertTrue(Double.parseDouble(metrics.get(StreamMetrics.RECORDS_PER_SECOND)) > 0, metrics.toString());
    assertEquals(List.of(), runDirs(checkpoint), "every batch was committed: nothing stays staged");

    StreamingQuery second = runAvailableNow(config(1, 5, Map.of()), Map.of(), checkpoint);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ids());
    assertEquals(1, batches(second));
    assertEquals("2", second.lastProgress().sources()[0].metrics().get(StreamMetrics.RECORDS));
    assertEquals(List.of(), runDirs(checkpoint));

    StreamingQuery third = runAvailableNow(config(1, 5, Map.of()), Map.of(), checkpoint);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ids());
    assertEquals(0, batches(third));
  }

  @Test
  void globalStatesAreOffsetsToo() throws Exception {
    Path checkpoint = dir.resolve("checkpoint");
    runAvailableNow(config(1, 2, Map.of("global_state", true)), Map.of(), checkpoint);
    StreamingQuery second = runAvailableNow(config(1, 4, Map.of("global_state", true)), Map.of(), checkpoint);
    assertEquals(List.of(1L, 2L, 3L, 4L), ids());
    assertEquals(1, batches(second));
    StreamingQuery third = runAvailableNow(config(1, 4, Map.of("global_state", true)), Map.of(), checkpoint);
    assertEquals(0, batches(third));
    assertEquals(List.of(1L, 2L, 3L, 4L), ids());
  }

  @Test
  void maxRecordsPerTriggerCutsARunIntoBatchesAtStates() throws Exception {
    Path checkpoint = dir.resolve("checkpoint");
    List<List<String>> stagedAtPlanning = new ArrayList<>();
    AirbyteMicroBatchStream.at = point -> stagedAtPlanning.add(stagedFiles(checkpoint));
    StreamingQuery query;
    try {
      query = runAvailableNow(config(1, 7, Map.of("state_every", 2)),
          Map.of("maxRecordsPerTrigger", "3"), checkpoint);
    } finally {
      AirbyteMicroBatchStream.at = point -> {};
    }
    // States after 2, 4, 6 and 7 records: batches end at the first state after 3 records.
    assertEquals(List.of(4L, 3L), Arrays.stream(query.recentProgress())
        .map(StreamingQueryProgress::numInputRows).filter(n -> n > 0).toList());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), ids());
    // When the second batch is planned, the first was committed: its file is gone.
    assertTrue(stagedAtPlanning.get(0).contains("stream-0000-part-000000.jsonl"), stagedAtPlanning.toString());
    assertEquals(List.of("stream-0000-part-000001.jsonl"), stagedAtPlanning.get(stagedAtPlanning.size() - 1));
    assertEquals(List.of(), runDirs(checkpoint), "every batch was committed: nothing stays staged");
  }

  @Test
  void withoutALimitABatchTakesWhatTheConnectorStagedWhileTheLastOneRan() throws Exception {
    // A state every 2 records, 0.3 s after every 2: the first batch is cut at the first state,
    // and the connector goes on while Spark writes it.
    StreamingQuery query = runAvailableNow(
        config(1, 8, Map.of("state_every", 2, "sleep_every", 2, "sleep_seconds", 0.3)),
        Map.of(), dir.resolve("checkpoint"));
    List<Long> batches = Arrays.stream(query.recentProgress())
        .map(StreamingQueryProgress::numInputRows).filter(n -> n > 0).toList();
    assertEquals(2L, batches.get(0), batches.toString());
    assertTrue(batches.size() >= 2, batches.toString());
    assertEquals(8L, batches.stream().mapToLong(Long::longValue).sum());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), ids());
  }

  @Test
  void aProcessingTimeTriggerTakesARunsBatchesOverTriggersThenRunsTheConnectorAgain() throws Exception {
    StreamingQuery query = reader(config(1, 5, Map.of("state_every", 2)), Map.of("maxRecordsPerTrigger", "2"))
        .load().writeStream().format("delta")
        .option("checkpointLocation", dir.resolve("checkpoint").toString())
        .trigger(Trigger.ProcessingTime(50))
        .start(table().toString());
    try {
      query.processAllAvailable();
      query.processAllAvailable(); // a trigger after the run: a new run from its states, with nothing new
    } finally {
      query.stop();
    }
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ids());
    assertEquals(List.of(2L, 2L, 1L), Arrays.stream(query.recentProgress())
        .map(StreamingQueryProgress::numInputRows).filter(n -> n > 0).toList());
  }

  @Test
  void anActionIsNoStream() {
    Exception e = assertThrows(Exception.class, () -> spark.readStream().format("airbyte")
        .option("connector", TestConnectors.syncSourceOption())
        .option("config", config(1, 1, Map.of()).toString())
        .option("action", "discover")
        .load().writeStream().format("delta")
        .option("checkpointLocation", dir.resolve("checkpoint").toString())
        .trigger(Trigger.AvailableNow()).start(table().toString()).awaitTermination());
    assertTrue(e.getMessage().contains("Option 'action' = 'discover' cannot be read as a stream"),
        e.getMessage());
  }

  @Test
  void aStreamStartsFromStartingState() throws Exception {
    String state = "[{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":{\"name\":\"issues\"},"
        + "\"stream_state\":{\"cursor\":3}}}]";
    Path checkpoint = dir.resolve("checkpoint");
    runAvailableNow(config(1, 5, Map.of()), Map.of("startingState", state), checkpoint);
    assertEquals(List.of(4L, 5L), ids());
    // Decided once: a restart with another startingState keeps to the checkpoint's offsets.
    runAvailableNow(config(1, 6, Map.of()), Map.of("startingState", "[]"), checkpoint);
    assertEquals(List.of(4L, 5L, 6L), ids());
  }

  @Test
  void aFailingConnectorKeepsWhatItsLastStateCoveredAndTheNextRunResumes() throws Exception {
    Path checkpoint = dir.resolve("checkpoint");
    StreamingQueryException failed = assertThrows(StreamingQueryException.class, () ->
        runAvailableNow(config(1, 8, Map.of("state_every", 2, "fail_after", 5)), Map.of(), checkpoint));
    assertTrue(failed.getMessage().contains("failing on purpose"), failed.getMessage());
    assertEquals(List.of(1L, 2L, 3L, 4L), ids());

    runAvailableNow(config(1, 8, Map.of("state_every", 2)), Map.of(), checkpoint);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), ids());
  }

  @Test
  void anInBandFailureFailsTheQueryToo() throws Exception {
    ObjectNode failure = Json.MAPPER.createObjectNode().put("after", 3).put("kind", "trace").put("reset_cursor", 0);
    Path checkpoint = dir.resolve("checkpoint");
    StreamingQueryException failed = assertThrows(StreamingQueryException.class, () -> runAvailableNow(
        config(1, 6, Map.of("state_every", 2, "in_band_failure", failure)), Map.of(), checkpoint));
    assertTrue(failed.getMessage().contains("401 Unauthorized"), failed.getMessage());
    // The state after record 2 is kept; the one reset after the failure is not.
    assertEquals(List.of(1L, 2L), ids());
    runAvailableNow(config(1, 6, Map.of("state_every", 2)), Map.of(), checkpoint);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), ids());
  }

  @Test
  void aFullRefreshOnlyStreamIsRefusedAtStart() {
    ObjectNode config = config(1, 2, Map.of());
    ((ObjectNode) config.get("streams").get("issues")).remove("cursor");
    Exception e = assertThrows(Exception.class,
        () -> runAvailableNow(config, Map.of(), dir.resolve("checkpoint")));
    assertTrue(e.getMessage().contains("supports full_refresh only")
        && e.getMessage().contains("spark.read (a batch read) or a sync"), e.getMessage());
  }

  // --- fixtures --------------------------------------------------------------------------------

  private Path table() {
    return dir.resolve("table");
  }

  /** sync_source's config: stream "issues" with records {id, title} from..to, cursor id. */
  static ObjectNode config(int from, int to, Map<String, Object> settings) {
    ObjectNode config = Json.MAPPER.createObjectNode();
    ObjectNode issues = config.putObject("streams").putObject("issues");
    issues.putArray("primary_key").add("id");
    issues.put("cursor", "id");
    ArrayNode records = issues.putArray("records");
    IntStream.rangeClosed(from, to).forEach(i -> records.addObject().put("id", i).put("title", "issue " + i));
    settings.forEach((key, value) -> config.set(key, Json.MAPPER.valueToTree(value)));
    return config;
  }

  private StreamingQuery runAvailableNow(ObjectNode config, Map<String, String> options, Path checkpoint)
      throws Exception {
    StreamingQuery query = reader(config, options).load().writeStream().format("delta")
        .option("checkpointLocation", checkpoint.toString())
        .trigger(Trigger.AvailableNow())
        .start(table().toString());
    query.awaitTermination();
    return query;
  }

  /** A stream of the sync test source's {@code issues}, with {@code options} on top. */
  static DataStreamReader reader(ObjectNode config, Map<String, String> options) {
    DataStreamReader reader = spark.readStream().format("airbyte")
        .option("connector", TestConnectors.syncSourceOption())
        .option("config", config.toString())
        .option("stream", "issues");
    options.forEach(reader::option);
    return reader;
  }

  private List<Long> ids() {
    return spark.read().format("delta").load(table().toString()).select("id").orderBy("id")
        .collectAsList().stream().map(row -> row.getLong(0)).toList();
  }

  private static long batches(StreamingQuery query) {
    return Arrays.stream(query.recentProgress()).filter(p -> p.numInputRows() > 0).count();
  }

  /** The staged files of the checkpoint's runs, by name, sorted. */
  private static List<String> stagedFiles(Path checkpoint) {
    try (Stream<Path> files = Files.walk(checkpoint)) {
      return files.filter(p -> p.toString().contains("/runs/run-") && Files.isRegularFile(p))
          .map(p -> p.getFileName().toString()).filter(name -> !name.startsWith("."))
          .sorted().toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<Path> runDirs(Path checkpoint) throws Exception {
    try (Stream<Path> files = Files.walk(checkpoint)) {
      return files.filter(p -> p.getFileName().toString().startsWith("run-")).toList();
    }
  }
}
