package io.brickbyte.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.Json;
import io.brickbyte.protocol.StreamDescriptor;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the drain feeds in and what a reader sees: no connector, no Spark. */
class RunProgressTest {

  private static final StreamDescriptor USERS = new StreamDescriptor("users", null);
  private static final StreamDescriptor ORDERS = new StreamDescriptor("orders", "shop");

  private static AirbyteMessage.Trace estimate(String name, String namespace, String type, Long rows, Long bytes) {
    ObjectNode trace = Json.MAPPER.createObjectNode().put("type", "ESTIMATE");
    ObjectNode body = trace.putObject("estimate").put("name", name).put("type", type);
    if (namespace != null) {
      body.put("namespace", namespace);
    }
    if (rows != null) {
      body.put("row_estimate", rows);
    }
    if (bytes != null) {
      body.put("byte_estimate", bytes);
    }
    return new AirbyteMessage.Trace("ESTIMATE", trace);
  }

  private static AirbyteMessage.Trace status(String name, String status) {
    ObjectNode trace = Json.MAPPER.createObjectNode().put("type", "STREAM_STATUS");
    trace.putObject("stream_status").put("status", status).putObject("stream_descriptor").put("name", name);
    return new AirbyteMessage.Trace("STREAM_STATUS", trace);
  }

  @Test
  void countsRecordsAndBytesPerStreamAndTurnsEstimatesIntoAPercentage() throws Exception {
    RunProgress progress = new RunProgress("Sync 1 of exec:x", Duration.ofSeconds(10));
    progress.expect(List.of(USERS, ORDERS));
    progress.trace(estimate("users", null, "STREAM", 4L, null));
    progress.trace(estimate("orders", "shop", "STREAM", null, 1000L));
    progress.trace(estimate("any", null, "SYNC", 99L, 12345L));
    String users = new String("users"); // the drain hands out one String per stream run
    progress.record(users, null, 10);
    progress.record(users, null, 12);
    progress.record(new String("orders"), "shop", 250);
    progress.record("elsewhere", null, 99); // a stream the run does not read: not counted
    Thread.sleep(20);

    StreamProgress.Snapshot u = progress.stream(USERS).snapshot();
    assertEquals(List.of(2L, 22L, 4L), List.of(u.records(), u.bytes(), u.estimatedRecords()));
    assertEquals(50.0, u.percent());
    assertTrue(u.recordsPerSecond() > 0 && u.etaSeconds() > 0, u.toString());
    assertNull(u.status());
    assertNull(u.reportedComplete());
    StreamProgress.Snapshot o = progress.stream(ORDERS).snapshot();
    assertEquals(25.0, o.percent(), "by bytes when rows are not estimated");
    assertNull(o.estimatedRecords());

    progress.trace(status("users", "COMPLETE"));
    progress.connectorEnded();
    StreamProgress.Snapshot done = progress.stream(USERS).snapshot();
    assertEquals(100.0, done.percent());
    assertEquals(0.0, done.etaSeconds());
    assertEquals(Boolean.TRUE, done.reportedComplete());
    assertEquals(done.recordsPerSecond(), progress.stream(USERS).snapshot().recordsPerSecond(),
        "the rate stops when the stream ends");

    progress.finish(true);
    JsonNode json = Json.MAPPER.readTree(progress.toJson());
    assertEquals("succeeded", json.path("phase").asText());
    assertEquals(99, json.path("estimated_records").asLong());
    assertEquals("users", json.path("streams").path(0).path("stream").asText());
    assertEquals("COMPLETE", json.path("streams").path(0).path("status").asText());
    assertEquals("shop", json.path("streams").path(1).path("namespace").asText());
    assertTrue(json.path("streams").path(1).path("status").isNull());
    String line = progress.summary();
    assertTrue(line.startsWith("Sync 1 of exec:x: "), line);
    assertTrue(line.contains("| users 2 records, 0.0 MB, ") && line.contains("100%, COMPLETE"), line);
    assertTrue(line.contains("| shop.orders 1 records, 0.0 MB, ") && line.contains("25%"), line);
  }

  @Test
  void anIncompleteStreamIsNeverShownDone() {
    RunProgress progress = new RunProgress("Read of exec:x", Duration.ofSeconds(10));
    progress.expect(List.of(USERS));
    progress.trace(estimate("users", null, "STREAM", 10L, null));
    progress.record(USERS, 5);
    progress.trace(status("users", "INCOMPLETE"));
    StreamProgress.Snapshot s = progress.stream(USERS).snapshot();
    assertEquals(10.0, s.percent());
    assertEquals(Boolean.FALSE, s.reportedComplete());
  }
}
