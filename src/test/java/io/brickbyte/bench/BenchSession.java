package io.brickbyte.bench;

import org.apache.spark.sql.SparkSession;

/** The local Spark session the benches run in: two cores, Delta, no UI. */
final class BenchSession {

  private BenchSession() {}

  static SparkSession create() {
    return builder().getOrCreate();
  }

  /** The bench session's settings, for a bench that adds its own (a warehouse directory). */
  static SparkSession.Builder builder() {
    return SparkSession.builder().master("local[2]").appName("brickbyte-bench")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        // Delta rebuilds a table's snapshot in 50 tasks by default: seconds per overwrite or MERGE
        // on two cores. Sized to the machine, as for any local or single-node Spark.
        .config("spark.databricks.delta.snapshotPartitions", Integer.toString(
            Runtime.getRuntime().availableProcessors()))
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
  }

  /** Seconds {@code work} took. */
  static double seconds(ThrowingRunnable work) throws Exception {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1e9;
  }

  /** Work that may throw what a bench step throws. */
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  /** The flag's value in {@code args} ({@code --name value}), or {@code fallback}. */
  static String flag(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
