package io.brickbyte;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The quickstart: reads the bundled sample connector's streams on a local Spark and writes them to
 * local Delta tables, printing what it did. {@code mvn compile exec:exec} runs it.
 *
 * <p>Arguments: [output directory (default target/quickstart)] [number of users (default 1000)].
 */
public final class QuickStart {

  private QuickStart() {}

  public static void main(String[] args) throws IOException {
    Path output = Path.of(args.length > 0 ? args[0] : "target/quickstart").toAbsolutePath();
    int users = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    Path connector = extractSampleConnector(output);

    SparkSession spark =
        SparkSession.builder()
            .appName("brickbyte-quickstart")
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .getOrCreate();
    try {
      for (String stream : new String[] {"users", "purchases"}) {
        long started = System.nanoTime();
        Dataset<Row> records =
            spark.read()
                .format("airbyte")
                .option("connector", "exec:python3 " + connector)
                .option("config", "{\"count\": " + users + "}")
                .option("stream", stream)
                .load();
        String table = output.resolve("delta").resolve(stream).toString();
        records.write().format("delta").mode("overwrite").save(table);
        long rows = spark.read().format("delta").load(table).count();
        System.out.printf(
            "%nStream '%s': %d rows written to the Delta table %s in %.1f s. Its columns:%n",
            stream, rows, table, (System.nanoTime() - started) / 1e9);
        records.printSchema();
        spark.read().format("delta").load(table).drop("_airbyte_meta").show(3, 40);
      }
    } finally {
      spark.stop();
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
