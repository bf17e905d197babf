package io.brickbyte.delta;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.protocol.Json;
import io.brickbyte.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * A driver of its own for crash tests: runs syncs of {@code sync_source.py} into one schema under
 * a warehouse directory, printing {@code AT <point>} at each point of the last sync ({@link
 * SyncRun#at}) and stopping dead at the one that matches {@code pauseAt}, for the test to SIGKILL.
 *
 * <p>Arguments: warehouse schema pauseAt|- config.json... (one sync per config, in order).
 * The in-memory catalog forgets tables with the JVM, so the tables already under the schema's
 * directory are registered first, as a metastore would have kept them.
 */
public final class SyncInChildJvm {

  private SyncInChildJvm() {}

  public static void main(String[] args) throws Exception {
    Path warehouse = Path.of(args[0]);
    String schema = args[1];
    String pauseAt = args[2];
    SparkSession spark = SparkSession.builder().master("local[2]").appName("brickbyte-crash-test")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.warehouse.dir", warehouse.toString())
        .getOrCreate();
    Path location = warehouse.resolve(schema + ".db");
    spark.sql("CREATE SCHEMA IF NOT EXISTS spark_catalog." + schema + " LOCATION '" + location.toUri() + "'");
    if (Files.isDirectory(location)) {
      try (Stream<Path> tables = Files.list(location)) {
        for (Path table : tables.filter(t -> Files.isDirectory(t.resolve("_delta_log"))).toList()) {
          spark.sql("CREATE TABLE IF NOT EXISTS spark_catalog." + schema + ".`" + table.getFileName()
              + "` USING delta LOCATION '" + table.toUri() + "'");
        }
      }
    }
    for (int i = 3; i < args.length; i++) {
      boolean last = i == args.length - 1;
      System.out.println("SYNC " + (i - 2));
      SyncRun.at = !last ? point -> {} : point -> {
        System.out.println("AT " + point);
        System.out.flush();
        if (point.matches(pauseAt)) {
          sleepForever();
        }
      };
      ObjectNode config = (ObjectNode) Json.MAPPER.readTree(Files.readString(Path.of(args[i])));
      SyncFixtures.sync(spark, schema, config, "syncMode", "incremental", "checkpointRecords", "1");
    }
    System.out.println("DONE");
    System.out.flush();
    spark.stop();
  }

  /** The command line that runs this class in a JVM like the current one. */
  static List<String> command(Path warehouse, String schema, String pauseAt, List<Path> configs) {
    List<String> args = new ArrayList<>(List.of(warehouse.toString(), schema, pauseAt == null ? "-" : pauseAt));
    configs.forEach(config -> args.add(config.toString()));
    return ChildJvm.command(SyncInChildJvm.class, args);
  }

  private static void sleepForever() {
    try {
      TimeUnit.DAYS.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
