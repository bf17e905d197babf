package io.brickbyte.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.protocol.Json;
import io.brickbyte.testing.SparkTestBase;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Reads of the test connector's streams: schemas, counts and values equal what it emitted. */
class AirbyteReadTest extends SparkTestBase {

  @Test
  void readsTypedUsers() {
    Dataset<Row> users = testSource("{\"count\": 1000}").option("stream", "users").load();

    StructType expected =
        new StructType()
            .add("id", DataTypes.LongType)
            .add("name", DataTypes.StringType)
            .add("email", DataTypes.StringType)
            .add("age", DataTypes.LongType)
            .add("score", DataTypes.createDecimalType(38, 10))
            .add("active", DataTypes.BooleanType)
            .add("created_at", DataTypes.TimestampType)
            .add("updated_at", DataTypes.TimestampType)
            .add("birthday", DataTypes.DateType);
    for (var field : expected.fields()) {
      assertEquals(field.dataType(), users.schema().apply(field.name()).dataType(), field.name());
    }
    assertEquals(
        List.of("_airbyte_raw_id", "_airbyte_extracted_at", "_airbyte_meta"),
        List.of(users.columns()).subList(users.columns().length - 3, users.columns().length));

    List<Row> rows = users.orderBy("id").collectAsList();
    assertEquals(1000, rows.size());
    for (int i = 1; i <= 1000; i++) {
      Row row = rows.get(i - 1);
      assertEquals((long) i, row.getLong(row.fieldIndex("id")));
      assertEquals("user-" + i, row.getString(row.fieldIndex("name")));
      assertEquals(i % 5 == 0 ? null : "user" + i + "@example.com", row.get(row.fieldIndex("email")));
      assertEquals(20L + i % 50, row.getLong(row.fieldIndex("age")));
      assertEquals(
          0, new BigDecimal(i).multiply(new BigDecimal("1.5")).compareTo(row.getDecimal(row.fieldIndex("score"))));
      assertEquals(i % 2 == 0, row.getBoolean(row.fieldIndex("active")));
      assertEquals(
          Timestamp.from(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(3600L * i)),
          row.getTimestamp(row.fieldIndex("created_at")));
      assertEquals(
          Timestamp.from(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(60L * i)),
          row.getTimestamp(row.fieldIndex("updated_at")));
      assertEquals(
          java.sql.Date.valueOf(LocalDate.of(1990, 1, 1).plusDays(i)),
          row.getDate(row.fieldIndex("birthday")));
      assertEquals(
          Timestamp.from(Instant.ofEpochMilli(1_700_000_000_000L + i)),
          row.getTimestamp(row.fieldIndex("_airbyte_extracted_at")));
      assertEquals(4, UUID.fromString(row.getString(row.fieldIndex("_airbyte_raw_id"))).version());
      assertTrue(row.getStruct(row.fieldIndex("_airbyte_meta")).getList(1).isEmpty());
    }
    assertEquals(1000, users.select("_airbyte_raw_id").distinct().count());
  }

  @Test
  void countsAndSumsOfManyGeneratedRecords() {
    int n = 150_000;
    Row totals =
        testSource("{\"count\": " + n + "}")
            .option("stream", "generated")
            .load()
            .selectExpr("count(*)", "sum(id)", "count(distinct _airbyte_raw_id)", "sum(value)")
            .first();
    assertEquals((long) n, totals.getLong(0));
    assertEquals((long) n * (n + 1) / 2, totals.getLong(1));
    assertEquals((long) n, totals.getLong(2));
    // value = id / 100
    assertEquals(
        0,
        new BigDecimal((long) n * (n + 1) / 2).movePointLeft(2).compareTo(totals.getDecimal(3)));
  }

  @Test
  void driverExecutionStagesOnceAndConvertsFileByFile() throws IOException {
    int n = 60_000; // ~10 MB staged: above the smallest split
    Path runs = Files.createTempFile("runs", ".txt");
    Dataset<Row> staged =
        testSource("{\"count\": " + n + ", \"runs_file\": \"" + runs + "\"}")
            .option("stream", "generated")
            .option("execution", "driver")
            .load();
    Dataset<Row> live = testSource("{\"count\": " + n + "}").option("stream", "generated").load();
    String[] totals = {"count(*)", "sum(id)", "count(distinct _airbyte_raw_id)", "sum(value)", "min(_airbyte_extracted_at)"};
    Dataset<Row> stagedTotals = staged.selectExpr(totals);
    assertEquals(live.selectExpr(totals).first(), stagedTotals.first());
    assertEquals(1, Files.readAllLines(runs).size(), "one query ran the connector once");
    assertEquals((long) n, staged.selectExpr("count(*)").first().getLong(0));
    assertEquals(2, Files.readAllLines(runs).size(), "a second query runs it again, once");
    // Split over the cores even though it is one staged file: the totals above saw every record once.
    assertEquals(2, staged.rdd().getNumPartitions());
  }

  @Test
  void driverExecutionKeepsAndSkipsOddRecordLinesAsALiveReadDoes() {
    // Lines starting as the record before them: the driver stages them by their first bytes.
    String head = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"users\",\"data\":";
    ObjectNode config = Json.MAPPER.createObjectNode().put("count", 5);
    config.putArray("raw_lines")
        .add(head + "{\"id\":1001,\"name\":\"raw\"},\"emitted_at\":1700000000000}}")
        .add(head + "{\"id\":1002,\"name\":\"cut off") // broken: not JSON
        .add(head + "{\"id\":1003},\"namespace\":\"other\",\"emitted_at\":1700000000000}}")
        .add(head + "{\"id\":1004},\"emitted_at\":1700000000000,\"stream\":\"orders\"}}")
        .add(head + "{\"id\":1005},\"emitted_at\":1700000000000}}");
    List<Row> live = testSource(config.toString()).option("stream", "users").load()
        .orderBy("id").collectAsList();
    List<Row> staged = testSource(config.toString()).option("stream", "users")
        .option("execution", "driver").load().orderBy("id").collectAsList();
    List<Long> ids = live.stream().map(row -> row.getLong(row.fieldIndex("id"))).toList();
    assertTrue(ids.containsAll(List.of(1001L, 1005L)) && !ids.contains(1002L), ids.toString());
    assertEquals(ids, staged.stream().map(row -> row.getLong(row.fieldIndex("id"))).toList());
    assertEquals(live.stream().map(row -> row.getAs("name") + " " + row.getAs("_airbyte_extracted_at")).toList(),
        staged.stream().map(row -> row.getAs("name") + " " + row.getAs("_airbyte_extracted_at")).toList());
  }

  @Test
  void driverExecutionStagesUnderTheGivenDir() {
    Dataset<Row> staged = testSource("{\"count\": 3}").option("stream", "users")
        .option("execution", "driver").option("stagingDir", "file:" + System.getProperty("java.io.tmpdir") + "/bb-staging")
        .load();
    assertEquals(3, staged.count());
  }

  @Test
  void stagedFilesStayWhileAPlanCanReadThemAndGoAfter() throws Exception {
    Path root = Files.createTempDirectory("bb-staging-gc");
    JavaRDD<Row> rows = testSource("{\"count\": 1000}").option("stream", "generated")
        .option("execution", "driver").option("stagingDir", root.toUri().toString())
        .load().javaRDD();
    assertEquals(1, stagedDirs(root), "planning staged the connector's output");
    System.gc();
    Thread.sleep(200);
    assertEquals(1000, rows.count(), "still read after a garbage collection while its RDD is held");
    rows = null;
    for (int i = 0; i < 100 && stagedDirs(root) > 0; i++) {
      System.gc();
      Thread.sleep(100);
    }
    assertEquals(0, stagedDirs(root), "deleted once no plan can read them");
  }

  private static long stagedDirs(Path root) throws IOException {
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.count();
    }
  }

  @Test
  void readsWideAndLargeRecords() {
    Dataset<Row> wide = testSource("{\"count\": 50}").option("stream", "wide").load();
    assertEquals(200 + 3, wide.columns().length);
    Row row = wide.where("c0 = 7000").first();
    assertEquals(7000L + 198, row.getLong(row.fieldIndex("c198")));
    assertEquals("v7_199", row.getString(row.fieldIndex("c199")));
    assertEquals(50, wide.count());

    List<Row> large =
        testSource("{\"large_count\": 3, \"large_size\": 2000000}")
            .option("stream", "large")
            .load()
            .selectExpr("id", "length(payload)", "payload = repeat('x', 2000000)")
            .orderBy("id")
            .collectAsList();
    assertEquals(3, large.size());
    for (Row r : large) {
      assertEquals(2_000_000, r.getInt(1));
      assertTrue(r.getBoolean(2));
    }
  }

  @Test
  void prunesColumnsItDoesNotNeed() {
    Dataset<Row> names =
        testSource("{\"count\": 20}").option("stream", "users").load().select("name");
    assertArrayEquals(new String[] {"name"}, names.columns());
    String plan = names.queryExecution().executedPlan().toString();
    assertTrue(plan.contains("airbyte["), plan);
    assertEquals(20, names.where("name like 'user-%'").count());
  }

  @Test
  void aQueryOfAirbyteMetaAloneSeesTheChangesOfEveryColumn() {
    for (String execution : List.of("executor", "driver")) {
      Dataset<Row> users = testSource("{\"count\": 5, \"bad_values\": true}")
          .option("stream", "users").option("execution", execution).load();
      Dataset<Row> meta = users.select("_airbyte_meta");
      assertEquals(List.of("_airbyte_meta"), List.of(meta.columns()));
      List<String> fields = meta.selectExpr("explode(_airbyte_meta.changes.field)")
          .as(org.apache.spark.sql.Encoders.STRING()).collectAsList().stream().sorted().toList();
      assertEquals(List.of("age", "age", "created_at"), fields, execution);
      assertEquals(2, users.where("size(_airbyte_meta.changes) > 0").count(), execution);
      assertEquals(2, users.select("name", "_airbyte_meta").where("size(_airbyte_meta.changes) > 0").count());
      // A query that does not read _airbyte_meta still converts only what it selects.
      assertEquals(List.of("name"), scannedColumns(users.select("name")));
    }
  }

  private static List<String> scannedColumns(Dataset<Row> query) {
    return List.of(query.queryExecution().sparkPlan().collectLeaves().head().schema().fieldNames());
  }

  @Test
  void fieldOrderExtraKeysAndNonJsonLinesChangeNothing() {
    String plain = "{\"count\": 60}";
    String messy = "{\"count\": 60, \"type_last\": true, \"noise\": true}";
    List<Row> expected =
        testSource(plain).option("stream", "users").load().drop("_airbyte_raw_id").orderBy("id").collectAsList();
    List<Row> actual =
        testSource(messy).option("stream", "users").load().drop("_airbyte_raw_id").orderBy("id").collectAsList();
    assertEquals(60, actual.size());
    assertEquals(expected, actual);
  }

  @Test
  void userSchemaSkipsDiscoverAndTypesTheColumns() {
    StructType schema =
        new StructType()
            .add("id", DataTypes.IntegerType)
            .add("score", DataTypes.DoubleType)
            .add("created_at", DataTypes.StringType);
    List<Row> rows =
        testSource("{\"count\": 3}").schema(schema).option("stream", "users").load().orderBy("id").collectAsList();
    assertEquals(schema, rows.get(0).schema());
    assertEquals(3, rows.get(2).getInt(0));
    assertEquals(4.5, rows.get(2).getDouble(1));
    assertEquals("2024-01-01T03:00:00Z", rows.get(2).getString(2));
  }

  @Test
  void incrementalReadResumesFromState() {
    String state =
        "[{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":{\"name\":\"users\"},"
            + "\"stream_state\":{\"updated_at\":\"2024-01-01T00:07:00+00:00\"}}}]";
    Dataset<Row> newer =
        testSource("{\"count\": 10}")
            .option("stream", "users")
            .option("syncMode", "incremental")
            .option("state", state)
            .load();
    assertEquals(List.of(8L, 9L, 10L), newer.orderBy("id").select("id").as(org.apache.spark.sql.Encoders.LONG()).collectAsList());
  }

  @Test
  void aStateAsTheConnectorPrintedItIsUnwrappedAndTheReadResumes() {
    // strict_state: the connector ignores what the CDK would not read, and starts over.
    String envelope =
        "{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":{\"name\":\"users\"},"
            + "\"stream_state\":{\"updated_at\":\"2024-01-01T00:07:00+00:00\"}}}}";
    for (String state : List.of(envelope, "[" + envelope + "]")) {
      Dataset<Row> newer = testSource("{\"count\": 10, \"strict_state\": true}")
          .option("stream", "users").option("syncMode", "incremental").option("state", state).load();
      assertEquals(List.of(8L, 9L, 10L),
          newer.orderBy("id").select("id").as(org.apache.spark.sql.Encoders.LONG()).collectAsList(), state);
    }
    var e = org.junit.jupiter.api.Assertions.assertThrows(io.brickbyte.AirbyteConfigException.class,
        () -> testSource("{\"count\": 10}").option("stream", "users")
            .option("state", "{\"users\":{\"updated_at\":\"secret-cursor\"}}").load());
    assertTrue(e.getMessage().startsWith("Option 'state' ") && !e.getMessage().contains("secret-cursor"),
        e.getMessage());
  }

  @Test
  void sourceMetaChangesReachAirbyteMeta() {
    Row first =
        testSource("{\"count\": 3, \"meta_changes\": true}")
            .option("stream", "users")
            .load()
            .where("id = 1")
            .selectExpr("email", "_airbyte_meta.changes[0].field", "_airbyte_meta.changes[0].change")
            .first();
    assertNull(first.get(0));
    assertEquals("email", first.getString(1));
    assertEquals("NULLED", first.getString(2));
  }
}
