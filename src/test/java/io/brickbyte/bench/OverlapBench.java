package io.brickbyte.bench;

import io.brickbyte.delta.AirbyteSync;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Whether checkpoints commit while the connector goes on (issue 21): the replay connector throttled
 * to a Python connector's rate, drained alone, against an incremental append sync of its records
 * into local Delta, in turns, median of the repetitions (after one sync not measured, which warms
 * the JVM). {@code bench/run --overlap [--overlap-records N] [--rate R] [--checkpoint-records N]
 * [--reps N]}; the figure of record is 1M records at 50k records/s.
 */
public final class OverlapBench {

  /** Issue 21's target: the sync within this many times the connector alone. */
  static final double TARGET = 1.3;

  public static void main(String[] args) throws Exception {
    long records = Long.parseLong(BenchSession.flag(args, "--overlap-records", "200000"));
    long rate = Long.parseLong(BenchSession.flag(args, "--rate", "50000"));
    String checkpointRecords = BenchSession.flag(args, "--checkpoint-records", null);
    int reps = Integer.parseInt(BenchSession.flag(args, "--reps", "3"));
    Path dir = Path.of(BenchSession.flag(args, "--dir", "target/bench"));
    BenchData data = new BenchData(dir, records).ensure();
    ReplayProcess replay = ReplayProcess.install(dir);
    String config = ReplayProcess.config(data, rate, 1);
    SparkSession spark = BenchSession.create();
    String schema = "overlap_bench_" + System.currentTimeMillis();
    System.out.printf("overlap: %d records at %d records/s, checkpointRecords=%s, reps=%d, cores=%d%n",
        records, rate, checkpointRecords == null ? "default" : checkpointRecords, reps,
        Runtime.getRuntime().availableProcessors());
    try {
      int[] table = {0};
      Runnable sync = () -> {
        AirbyteSync run = AirbyteSync.create(spark).option("connector", replay.connectorOption())
            .option("config", config).option("schema", schema).option("streams", BenchData.STREAM)
            .option("tablePrefix", "t" + table[0]++ + "_").option("syncMode", "incremental")
            .option("writeMode." + BenchData.STREAM, "append");
        if (checkpointRecords != null) {
          run.option("checkpointRecords", checkpointRecords);
        }
        run.run();
      };
      System.out.printf("overlap: first sync in this JVM (not measured): %.1f s%n",
          BenchSession.seconds(sync::run));
      List<Double> alone = new ArrayList<>();
      List<Double> synced = new ArrayList<>();
      for (int rep = 0; rep < reps; rep++) {
        alone.add(BenchSession.seconds(() -> replay.drain(config)));
        synced.add(BenchSession.seconds(sync::run));
      }
      double connector = Bench.median(alone);
      double append = Bench.median(synced);
      System.out.printf("overlap.connector (throttled, drained alone): %.2f s (each: %s)%n", connector, alone);
      System.out.printf("overlap.sync (incremental append into local Delta): %.2f s (each: %s)%n", append, synced);
      double ratio = append / connector;
      System.out.printf("overlap: append sync / throttled connector alone (time): %.2f (target <= %.2f: %s)%n",
          ratio, TARGET, ratio <= TARGET ? "met" : "NOT met");
    } finally {
      spark.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      spark.stop();
    }
  }
}
