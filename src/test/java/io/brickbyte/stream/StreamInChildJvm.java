package io.brickbyte.stream;

import io.brickbyte.testing.TestConnectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * A driver of its own for the crash test: one AvailableNow query of sync_source's stream
 * "issues" into a Delta table, printing {@code AT <point>} at each point a batch reaches and
 * stopping dead at the one matching {@code pauseAt}, for the test to SIGKILL.
 *
 * <p>Arguments: checkpoint table pauseAt|- config.json
 */
public final class StreamInChildJvm {

  private StreamInChildJvm() {}

  public static void main(String[] args) throws Exception {
    String pauseAt = args[2];
    SparkSession spark = SparkSession.builder().master("local[2]").appName("brickbyte-stream-crash-test")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .getOrCreate();
    AirbyteMicroBatchStream.at = point -> {
      System.out.println("AT " + point);
      System.out.flush();
      if (point.matches(pauseAt)) {
        sleepForever();
      }
    };
    StreamingQuery query = spark.readStream().format("airbyte")
        .option("connector", TestConnectors.syncSourceOption())
        .option("config", Files.readString(Path.of(args[3])))
        .option("stream", "issues")
        .load()
        .writeStream().format("delta")
        .option("checkpointLocation", args[0])
        .trigger(Trigger.AvailableNow())
        .start(args[1]);
    query.awaitTermination();
    System.out.println("DONE");
    System.out.flush();
    spark.stop();
  }

  private static void sleepForever() {
    try {
      TimeUnit.DAYS.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
