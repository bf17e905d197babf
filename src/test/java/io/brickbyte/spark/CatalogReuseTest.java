package io.brickbyte.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.AirbyteConfigException;
import io.brickbyte.protocol.Json;
import io.brickbyte.testing.LogCapture;
import io.brickbyte.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads of one source reuse the catalog the driver discovered (options catalogTtl and
 * refreshCatalog), counted by the test connector itself: each discover it really runs appends a
 * line to a file.
 */
class CatalogReuseTest extends SparkTestBase {

  @TempDir Path tmp;

  private DataFrameReader source(String extra) {
    String file = Json.MAPPER.valueToTree(tmp.resolve("discovers.txt").toString()).toString();
    return testSource("{\"discover_count_file\": " + file + extra + "}");
  }

  private long discovers() throws IOException {
    Path file = tmp.resolve("discovers.txt");
    return Files.exists(file) ? Files.readAllLines(file).size() : 0;
  }

  @Test
  void aSecondStreamOfTheSameSourceStartsNoConnector() throws IOException {
    Dataset<Row> users = source("").option("stream", "users").load();
    Dataset<Row> types = source("").option("stream", "types").load();
    Dataset<Row> usersAgain = source("").option("stream", "users").load();

    assertEquals(1, discovers());
    assertTrue(List.of(types.columns()).contains("s_date"), "the types stream's own columns");
    assertEquals(users.schema(), usersAgain.schema());
    assertEquals(10, usersAgain.count(), "a reused catalog reads as a discovered one");
    assertEquals(1, discovers(), "an action runs read, not discover");
  }

  @Test
  void aChangedConfigDiscoversAgain() throws IOException {
    source(", \"count\": 3").option("stream", "users").load();
    source(", \"count\": 4").option("stream", "users").load();
    assertEquals(2, discovers());
  }

  @Test
  void refreshCatalogDiscoversNowAndLaterLoadsReuseIt() throws IOException {
    source("").option("stream", "users").load();
    source("").option("stream", "users").option("refreshCatalog", "true").load();
    assertEquals(2, discovers());
    source("").option("stream", "types").load();
    assertEquals(2, discovers());
  }

  @Test
  void anExpiredCatalogIsDiscoveredAgainAndTtlZeroNeverReuses() throws Exception {
    source("").option("stream", "users").option("catalogTtl", "1s").load();
    Thread.sleep(1_100);
    source("").option("stream", "users").option("catalogTtl", "1s").load();
    assertEquals(2, discovers());

    source("").option("stream", "users").option("catalogTtl", "0").load();
    assertEquals(3, discovers());
  }

  @Test
  void aClusterMayTurnReuseOff() throws IOException {
    spark.conf().set("spark.brickbyte.catalogTtl", "0");
    try {
      source("").option("stream", "users").load();
      source("").option("stream", "types").load();
      assertEquals(2, discovers());
      source("").option("stream", "types").option("catalogTtl", "5m").load();
      source("").option("stream", "users").option("catalogTtl", "5m").load();
      assertEquals(3, discovers(), "the load's own option wins");
    } finally {
      spark.conf().unset("spark.brickbyte.catalogTtl");
    }
  }

  @Test
  void actionDiscoverAlwaysRunsAndLoadsThenReuseItsAnswer() throws IOException {
    source("").option("stream", "users").load();
    source("").option("action", "discover").load();
    assertEquals(2, discovers());
    source("").option("stream", "wide").load();
    assertEquals(2, discovers());
  }

  @Test
  void theConfigsSecretReachesNoLogLine() throws IOException {
    String secret = "catalog-reuse-pw-7731";
    try (LogCapture logs = new LogCapture()) {
      source(", \"password\": \"" + secret + "\"").option("stream", "users").load();
      source(", \"password\": \"" + secret + "\"").option("stream", "types").load();
      assertEquals(1, discovers());
      assertTrue(logs.lines().stream().anyMatch(l -> l.contains("reusing the catalog discovered")),
          "the reuse is logged");
      logs.lines().forEach(line -> assertFalse(line.contains(secret), line));
    }
  }

  @Test
  void aBadTtlFailsTheLoadNamingTheOption() {
    AirbyteConfigException e = assertThrows(AirbyteConfigException.class,
        () -> source("").option("stream", "users").option("catalogTtl", "soon").load());
    assertEquals("Option 'catalogTtl' = 'soon' is not accepted: not a duration. Accepted: 0 (every "
        + "load discovers), or a duration of at most 365d, e.g. 90s, 10m, 2h, PT10M", e.getMessage());
  }
}
