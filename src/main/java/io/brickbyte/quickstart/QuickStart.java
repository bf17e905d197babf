package io.brickbyte.quickstart;

import io.brickbyte.delta.AirbyteSync;
import io.brickbyte.delta.StreamSyncResult;
import io.brickbyte.delta.SyncResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The quickstart: syncs the bundled sample connector's streams into Delta tables on a local Spark
 * (one connector run, one table per stream, state kept in {@code _airbyte_state}), printing what
 * it did. {@code mvn compile exec:exec} runs it.
 *
 * <p>Arguments: [output directory (default target/quickstart)] [number of users (default 1000)].
 */
public final class QuickStart {

  private QuickStart() {}

  public static void main(String[] args) throws IOException {
    Path output = Path.of(args.length > 0 ? args[0] : "target/quickstart").toAbsolutePath();
    int users = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    Path connector = extractSampleConnector(output);
    // Local Spark keeps its catalog in memory: start each run from an empty warehouse.
    Path warehouse = output.resolve("warehouse");
    deleteTree(warehouse);

    SparkSession spark =
        SparkSession.builder()
            .appName("brickbyte-quickstart")
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.databricks.delta.snapshotPartitions", "2")
            .config("spark.sql.warehouse.dir", warehouse.toString())
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .getOrCreate();
    try {
      long started = System.nanoTime();
      SyncResult result =
          AirbyteSync.create(spark)
              .option("connector", "exec:python3 " + connector)
              .option("config", "{\"count\": " + users + "}")
              .option("schema", "quickstart")
              .run();
      System.out.printf("%nSynced %d streams into Delta tables under %s in %.1f s:%n",
          result.streams().size(), warehouse, (System.nanoTime() - started) / 1e9);
      result.toDataFrame().drop("state").show(false);
      for (StreamSyncResult stream : result.streams()) {
        Dataset<Row> table = spark.table(stream.table());
        System.out.printf("%nTable %s: %d rows. Its columns:%n", stream.table(), table.count());
        table.printSchema();
        table.drop("_airbyte_meta").show(3, 40);
      }
    } finally {
      spark.stop();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (Files.exists(root)) {
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  private static Path extractSampleConnector(Path output) throws IOException {
    Files.createDirectories(output);
    Path script = output.resolve("sample_source.py");
    try (InputStream in = QuickStart.class.getResourceAsStream("sample_source.py")) {
      if (in == null) {
        throw new IOException("sample_source.py is missing from the classpath");
      }
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    return script;
  }
}
