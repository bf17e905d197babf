package io.brickbyte.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.testing.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's small preset end to end: it works and prints every figure (values are not checked). */
class BenchSmokeTest extends SparkTestBase {

  @TempDir static Path dir;

  @Test
  void smallPresetProducesEveryFigure() throws Exception {
    BenchOptions options = BenchOptions.parse("--preset", "small", "--records", "3000",
        "--throttled-records", "1000", "--heap-repeat", "3", "--dir", dir.toString());
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Map<String, Bench.Figure> figures;
    try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      figures = new Bench(options, spark, out).run();
    }
    String output = printed.toString(StandardCharsets.UTF_8);
    System.out.println(output);

    for (String figure : List.of("limit", "limit.staged", "airbyte.executor", "spark.json", "throttled.connector",
        "throttled.airbyte", "heap.read.1", "heap.read.3", "heap.sync.1", "heap.sync.3", "heap.stream.1", "heap.stream.3", "airbyte.driver", "airbyte.driver.drain", "delta.overwrite", "delta.merge",
        "delta.merge.new", "delta.append", "plain.overwrite", "plain.append", "plain.merge", "airbyte.stream")) {
      assertTrue(figures.containsKey(figure), figure + " missing from\n" + output);
    }
    for (String work : List.of("read", "sync", "stream")) {
      assertEquals(9000, figures.get("heap." + work + ".3").records());
      assertTrue(figures.get("heap." + work + ".3").bytes() > 0, output);
    }
    assertTrue(output.contains("partitions (one core each): airbyte.executor=1, spark.json=1"), output);
    for (String line : List.of("speed-up over Spark's JSON reader", "vs the limit",
        "throttled-connector overhead", "records/s per core", "MERGE sync, every row matched / Delta's own MERGE INTO", "MERGE sync into a new table",
        "overwrite sync / plain Delta overwrite", "append sync / plain Delta append",
        "airbyte driver drain vs the limit", "vs the limit with a file write", "airbyte driver read vs the limit", "driver conversion (tasks",
        "heap.-Xmx1g read   3000 records", "heap.-Xmx1g stream 9000 records", "heap sync: max live after a full GC", "pyairbyte: ",
        "python.source: skipped", "python.source vs PyAirbyte", "python.source vs airbyte.executor",
        "AvailableNow stream vs the batch read", "stream: staged bytes left under the checkpoint")) {
      assertTrue(output.contains(line), "'" + line + "' missing from\n" + output);
    }
  }

  @Test
  void replayConnectorEmitsEveryRecordAndTheSameRecordsReadBothWays() throws Exception {
    BenchData data = new BenchData(dir, 2000).ensure();
    ReplayProcess replay = ReplayProcess.install(dir);
    long lines = data.protocolLines(); // 2,000 records and their one state
    assertEquals(2001, lines);
    assertEquals(lines, replay.drain(ReplayProcess.config(data, 0, 1)).lines());
    assertEquals(3 * lines, replay.drain(ReplayProcess.config(data, 0, 3)).lines());
    assertEquals(lines, replay.drain(ReplayProcess.config(data, 100_000, 1)).lines());
    Path copy = dir.resolve("copy.jsonl");
    assertEquals(Files.size(data.protocolFile()), replay.drain(ReplayProcess.config(data, 0, 1), copy).bytes());
    assertFalse(Files.exists(copy), "the copy is deleted after the drain");

    var airbyte = spark.read().format("airbyte").option("connector", replay.connectorOption())
        .option("config", ReplayProcess.config(data, 0, 1)).option("stream", BenchData.STREAM)
        .load().drop("_airbyte_raw_id", "_airbyte_extracted_at", "_airbyte_meta");
    var json = spark.read().schema(airbyte.schema()).json(data.payloadFile().toString());
    assertEquals(2000, airbyte.count());
    // Both round numbers to DECIMAL(38,10) half-up (the data has no non-zero number that rounds
    // to 0, which Spark reads as 0 and the airbyte read nulls and records) and null BIGINTs past
    // its range. Spark's reader nulls integers written as floats or strings (35.0, "35"), which
    // the type table reads as 35: those are filled from the payload's text, then every value of
    // every row must be the same.
    var text = spark.read().text(data.payloadFile().toString()).selectExpr(
        "CAST(get_json_object(value, '$.id') AS BIGINT) AS text_id",
        "get_json_object(value, '$.age') AS age_text",
        "get_json_object(value, '$.logins') AS logins_text",
        "get_json_object(value, '$.discount_rate') AS rate_text",
        "get_json_object(value, '$.address.lat') AS lat_text");
    var joined = json.join(text, json.col("id").equalTo(text.col("text_id")));
    assertTrue(joined.where("age_text RLIKE '^[0-9]+$' AND age IS NULL").count() > 0, "no \"35\" ages");
    assertTrue(joined.where("logins_text RLIKE '[.]0$' AND logins IS NULL").count() > 0, "no 35.0 logins");
    assertTrue(joined.where("rate_text RLIKE '[eE]-'").count() > 0, "no ratios with an exponent");
    assertTrue(joined.where("lat_text RLIKE '[.][0-9]{11,}'").count() > 100, "no coordinates to round");
    assertTrue(json.where("account_id IS NULL").count() > 0, "no ids past BIGINT");
    var filled = joined.selectExpr(Arrays.stream(json.columns()).map(column -> switch (column) {
      case "age", "logins" -> "coalesce(" + column + ", try_cast(regexp_replace(" + column
          + "_text, '[.]0$', '') AS BIGINT)) AS " + column;
      default -> column;
    }).toArray(String[]::new));
    assertEquals(0, airbyte.exceptAll(filled).count(), "the airbyte read and Spark's JSON reader differ");
    assertEquals(0, filled.exceptAll(airbyte).count(), "the airbyte read and Spark's JSON reader differ");
    assertEquals(2000, json.where("created_at IS NOT NULL AND address.city IS NOT NULL").count());
  }
}
