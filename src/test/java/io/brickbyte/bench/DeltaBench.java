package io.brickbyte.bench;

import io.brickbyte.delta.AirbyteSync;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The sync into Delta against what a hand-written pipeline costs on the same rows, cached: an
 * overwrite sync against {@code df.write.format("delta").mode("overwrite")}; an append sync into a
 * new table against a plain append into a new table; a MERGE sync of the same records again into
 * the table the overwrite made (every row matches) against Delta's own {@code MERGE INTO} of the
 * rows (already unique per key) into the table the plain overwrite made; and a MERGE sync into a
 * new table.
 */
final class DeltaBench {

  // A schema per run: the session catalog is in memory, so an earlier JVM's tables are unknown to
  // it while their files still sit in the warehouse directory.
  private final String schema = "brickbyte_bench_" + System.currentTimeMillis();

  private final SparkSession spark;
  private final ReplayProcess replay;
  private final String config;
  private final BenchOptions options;

  DeltaBench(SparkSession spark, ReplayProcess replay, String config, BenchOptions options) {
    this.spark = spark;
    this.replay = replay;
    this.config = config;
    this.options = options;
  }

  void measure(Map<String, Bench.Figure> figures, long records, long bytes) throws Exception {
    Path plainDir = options.dir().toAbsolutePath().resolve("delta-plain");
    deleteRecursively(plainDir);
    Dataset<Row> rows = spark.read().format("airbyte").option("connector", replay.connectorOption())
        .option("config", config).option("stream", BenchData.STREAM).load().cache();
    rows.count();
    String plainTable = plainDir.resolve("overwrite").toString();
    Map<String, List<Double>> times = new LinkedHashMap<>();
    try {
      for (int rep = 0; rep < options.repetitions(); rep++) {
        String fresh = "new" + rep + "_";
        String appendPrefix = "append" + rep + "_";
        String appendTable = plainDir.resolve("append-" + rep).toString();
        measure(times, "delta.overwrite", () -> sync("overwrite", ""));
        measure(times, "plain.overwrite", () -> rows.write().format("delta").mode("overwrite").save(plainTable));
        measure(times, "delta.merge", () -> sync("merge", ""));
        measure(times, "plain.merge", () -> plainMerge(rows, plainTable));
        measure(times, "delta.merge.new", () -> sync("merge", fresh));
        measure(times, "delta.append", () -> sync("append", appendPrefix));
        measure(times, "plain.append", () -> rows.write().format("delta").mode("append").save(appendTable));
      }
    } finally {
      rows.unpersist();
      spark.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      deleteRecursively(plainDir);
    }
    times.forEach((name, seconds) -> figures.put(name, new Bench.Figure(Bench.median(seconds), records, bytes)));
  }

  private static void measure(Map<String, List<Double>> times, String name, Runnable write) {
    times.computeIfAbsent(name, n -> new ArrayList<>()).add(time(write));
  }

  /** Delta's own MERGE of the rows on the stream's key: what a user would write by hand. */
  private void plainMerge(Dataset<Row> rows, String table) {
    rows.createOrReplaceTempView("bench_merge_source");
    spark.sql("MERGE INTO delta.`" + table + "` t USING bench_merge_source s ON t.id = s.id "
        + "WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
  }

  /** A sync of every record: a MERGE into the table the overwrite sync filled matches every row. */
  private void sync(String writeMode, String tablePrefix) {
    AirbyteSync.create(spark).option("tablePrefix", tablePrefix).option("connector", replay.connectorOption())
        .option("config", config).option("schema", schema).option("streams", BenchData.STREAM)
        .option("syncMode", "incremental")
        .option("writeMode." + BenchData.STREAM, writeMode).run();
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    if (java.nio.file.Files.exists(dir)) {
      try (var paths = java.nio.file.Files.walk(dir)) {
        for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          java.nio.file.Files.delete(path);
        }
      }
    }
  }

  private static double time(Runnable write) {
    long start = System.nanoTime();
    write.run();
    return (System.nanoTime() - start) / 1e9;
  }
}
