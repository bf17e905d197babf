package io.brickbyte.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;

/**
 * An AvailableNow run of the bench's stream beside the batch read of the same records, in turns,
 * printing each micro-batch's records and Spark's own duration breakdown: where a stream's time
 * goes that the batch read does not spend. Arguments: the data directory (bench/run's
 * target/bench) with the record count, and the number of passes.
 */
public final class StreamProfile {

  private StreamProfile() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]).toAbsolutePath();
    int passes = Integer.parseInt(args[2]);
    SparkSession spark = SparkSession.builder().master("local[2]").appName("stream-profile")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    BenchData data = new BenchData(root, Long.parseLong(args[1]));
    ReplayProcess replay = ReplayProcess.install(root);
    String config = ReplayProcess.config(data, 0, 1);
    // Loaded once each, as the bench does: the figures compare reads, not discovers.
    Dataset<Row> batchRead = spark.read().format("airbyte").option("connector", replay.connectorOption())
        .option("config", config).option("stream", BenchData.STREAM).option("execution", "executor")
        .load();
    Dataset<Row> streamRead = spark.readStream().format("airbyte")
        .option("connector", replay.connectorOption()).option("config", config)
        .option("stream", BenchData.STREAM).load();
    for (int pass = 0; pass < passes; pass++) {
      long start = System.nanoTime();
      batchRead.write().format("noop").mode("overwrite").save();
      double batch = (System.nanoTime() - start) / 1e9;
      Path checkpoint = Files.createTempDirectory(root, "profile-checkpoint-");
      start = System.nanoTime();
      StreamingQuery query = streamRead.writeStream().format("noop").option("checkpointLocation", checkpoint.toString())
          .trigger(Trigger.AvailableNow()).start();
      query.awaitTermination();
      double stream = (System.nanoTime() - start) / 1e9;
      System.out.printf("pass %d: batch read %.3f s, stream %.3f s (%.2f)%n", pass, batch, stream,
          batch / stream);
      for (StreamingQueryProgress progress : query.recentProgress()) {
        System.out.printf("  batch %d: %d rows %s%n", progress.batchId(), progress.numInputRows(),
            progress.durationMs());
      }
      System.gc();
      Thread.sleep(1000);
    }
    spark.stop();
  }
}
