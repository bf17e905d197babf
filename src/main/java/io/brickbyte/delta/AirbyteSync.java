package io.brickbyte.delta;

import io.brickbyte.options.OptionValues;
import io.brickbyte.options.SessionDefaults;
import io.brickbyte.progress.RunProgress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;
import scala.collection.JavaConverters;

/**
 * Syncs the selected streams of a source into Delta tables in one connector run (or, with option
 * {@code parallelism}, in up to that many runs at once, each for a group of the streams):
 *
 * <pre>{@code
 * SyncResult result = AirbyteSync.create(spark)
 *     .option("connector", "source-faker")
 *     .option("config", "{\"count\": 1000}")
 *     .option("catalog", "main").option("schema", "bronze")
 *     .option("syncMode", "incremental")
 *     .run();
 * result.toDataFrame().show();
 * }</pre>
 *
 * Options are the data source's (connector, config, conversion, install) plus the sync's, listed
 * in {@link SyncOptions}; keys are case-insensitive.
 */
public final class AirbyteSync {

  private final SparkSession spark;
  private final Map<String, String> options = new HashMap<>();
  private volatile SyncRun current;

  private AirbyteSync(SparkSession spark) {
    this.spark = Objects.requireNonNull(spark, "spark");
  }

  public static AirbyteSync create(SparkSession spark) {
    return new AirbyteSync(spark);
  }

  public AirbyteSync option(String key, String value) {
    options.put(key, value);
    return this;
  }

  public AirbyteSync options(Map<String, String> more) {
    options.putAll(more);
    return this;
  }

  /**
   * Runs the sync; throws if the connector or a write fails, leaving state where the data is. The
   * sync writes with a session of its own, so the caller's session settings are neither used for
   * its commits nor changed. Syncs of different schemas may run at once (in threads); a second sync
   * of a schema while one runs in this JVM fails at once.
   */
  public SyncResult run() {
    Map<String, String> sessionConf = JavaConverters.mapAsJavaMap(spark.conf().getAll());
    SyncRun run = new SyncRun(spark, SyncOptions.parse(
        new OptionValues(SessionDefaults.apply(sessionConf, options)), spark.sparkContext().hadoopConfiguration()));
    current = run;
    try (RunningSyncs.Claim claim = RunningSyncs.claim(run.targetSchema(), run.syncId())) {
      return run.run();
    }
  }

  /**
   * The progress of the sync {@link #run()} runs (or ran last), for another thread to watch: per
   * stream, records and bytes so far, records/s, the connector's estimates as a percentage and
   * ETA, its stream status and the records committed. Null until {@code run()} parsed its options.
   */
  public RunProgress progress() {
    SyncRun run = current;
    return run == null ? null : run.progress();
  }
}
