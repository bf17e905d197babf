package io.brickbyte.delta;

import io.brickbyte.testing.TestConnectors;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A driver of its own, with Spark's event log on, that reads and syncs a connector whose config
 * holds secrets and which echoes that config everywhere it can (stderr, LOG, TRACE), once
 * successfully and once failing. It prints plans, results and error messages to stdout; the test
 * then searches everything the run left for the secrets.
 *
 * <p>Arguments: work directory, config JSON, failing config JSON.
 */
public final class SecretsInChildJvm {

  private SecretsInChildJvm() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    String config = args[1];
    String failing = args[2];
    java.nio.file.Files.createDirectories(work.resolve("eventlog"));
    SparkSession spark = SparkSession.builder().master("local[2]").appName("brickbyte-secrets-test")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.warehouse.dir", work.resolve("warehouse").toString())
        .config("spark.eventLog.enabled", "true")
        .config("spark.eventLog.dir", work.resolve("eventlog").toUri().toString())
        .getOrCreate();
    Map<String, String> source = Map.of("connector", TestConnectors.testSourceOption(),
        "tempDir", work.resolve("tmp").toString());
    for (String execution : List.of("executor", "driver")) {
      Dataset<Row> users = spark.read().format("airbyte").options(source).option("config", config)
          .option("stream", "users").option("execution", execution).load();
      System.out.println("PLAN " + users.queryExecution());
      System.out.println("ROWS " + users.collectAsList().size());
      try {
        spark.read().format("airbyte").options(source).option("config", failing)
            .option("stream", "users").option("execution", execution).load().collectAsList();
      } catch (Exception e) {
        printChain("READ FAILED", e);
      }
    }
    SyncResult result = AirbyteSync.create(spark).options(source).option("config", config)
        .option("schema", "secrets").option("syncMode", "incremental").run();
    System.out.println("RESULT " + result + " " + result.toDataFrame().collectAsList());
    try {
      AirbyteSync.create(spark).options(source).option("config", failing)
          .option("schema", "secrets").option("syncMode", "incremental").run();
    } catch (Exception e) {
      printChain("SYNC FAILED", e);
    }
    spark.stop();
    System.out.println("DONE");
  }

  private static void printChain(String what, Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      System.out.println(what + " " + cause);
      for (Throwable suppressed : cause.getSuppressed()) {
        System.out.println(what + " (suppressed) " + suppressed);
      }
    }
  }
}
