package io.brickbyte.bench;

import io.brickbyte.delta.AirbyteSync;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The sync into Delta: an overwrite sync and a MERGE sync of the bench stream (the same records
 * again, into the table the overwrite made), against a plain {@code df.write.format("delta")}
 * append of the same rows from a cached DataFrame: what Delta itself costs.
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
    deleteRecursively(options.dir().toAbsolutePath().resolve("delta-append"));
    Dataset<Row> rows = spark.read().format("airbyte").option("connector", replay.connectorOption())
        .option("config", config).option("stream", BenchData.STREAM).load().cache();
    rows.count();
    Path appendTable = options.dir().toAbsolutePath().resolve("delta-append");
    List<Double> overwrite = new ArrayList<>();
    List<Double> merge = new ArrayList<>();
    List<Double> mergeNew = new ArrayList<>();
    List<Double> append = new ArrayList<>();
    try {
      for (int rep = 0; rep < options.repetitions(); rep++) {
        overwrite.add(time(() -> sync("overwrite")));
        merge.add(time(() -> sync("merge")));
        String prefix = "new" + rep + "_";
        mergeNew.add(time(() -> sync("merge", prefix)));
        String target = appendTable.resolve("rep-" + rep).toString();
        append.add(time(() -> rows.write().format("delta").mode("append").save(target)));
      }
    } finally {
      rows.unpersist();
      spark.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
    figures.put("delta.overwrite", new Bench.Figure(Bench.median(overwrite), records, bytes));
    figures.put("delta.merge", new Bench.Figure(Bench.median(merge), records, bytes));
    figures.put("delta.merge.new", new Bench.Figure(Bench.median(mergeNew), records, bytes));
    figures.put("delta.append", new Bench.Figure(Bench.median(append), records, bytes));
  }

  /** A sync of every record into the table the overwrite filled: a MERGE matches every row. */
  private void sync(String writeMode) {
    sync(writeMode, "");
  }

  private void sync(String writeMode, String tablePrefix) {
    AirbyteSync.create(spark).option("tablePrefix", tablePrefix).option("connector", replay.connectorOption()).option("config", config)
        .option("schema", schema).option("streams", BenchData.STREAM)
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
