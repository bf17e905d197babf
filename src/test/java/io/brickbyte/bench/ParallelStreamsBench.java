package io.brickbyte.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.delta.AirbyteSync;
import io.brickbyte.delta.StreamSyncResult;
import io.brickbyte.delta.SyncResult;
import io.brickbyte.protocol.Json;
import io.brickbyte.testing.TestConnectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * What option {@code parallelism} gains on a source of many throttled streams (issue 21): the test
 * source {@code sync_source.py} with {@code --streams} streams of {@code --records} records each,
 * every stream held to {@code --rate} records/s (as an API's rate limit would), synced in full into
 * Delta with one connector run ({@code parallelism=1}) and with {@code --parallelism} runs at once.
 * A small sync first, not measured, warms the JVM and Delta up.
 * {@code bench/run --parallel-streams [--streams 10] [--records 5000] [--rate 5000] [--parallelism 4]}.
 */
public final class ParallelStreamsBench {

  public static void main(String[] args) throws Exception {
    int streams = intArg(args, "--streams", 10);
    int records = intArg(args, "--records", 5_000);
    int rate = intArg(args, "--rate", 5_000);
    int parallelism = intArg(args, "--parallelism", 4);
    Path warehouse = Path.of("target", "bench", "parallel-streams-warehouse").toAbsolutePath();
    deleteRecursively(warehouse);
    SparkSession spark = BenchSession.builder().appName("brickbyte-bench-parallel")
        .config("spark.sql.warehouse.dir", warehouse.toString()).getOrCreate();
    try {
      sync(spark, config(2, 1_000, 0), 2, 2_000); // warm-up, not measured
      String config = config(streams, records, rate);
      System.out.printf("parallel.streams: %d streams x %d records, each stream throttled to %d records/s "
          + "(%.1f s of reading per stream)%n", streams, records, rate, (double) records / rate);
      double one = sync(spark, config, 1, streams * (long) records);
      double many = sync(spark, config, parallelism, streams * (long) records);
      System.out.printf("parallel.streams: parallelism=%d %.1f s, parallelism=1 %.1f s: %.2fx "
          + "(ideal %.2fx: %d rounds of streams against %d)%n", parallelism, many, one, one / many,
          (double) streams / ceilDiv(streams, parallelism), ceilDiv(streams, parallelism), streams);
    } finally {
      spark.stop();
    }
  }

  /** Seconds of one full-refresh sync into a new schema; checks that every record landed. */
  private static double sync(SparkSession spark, String config, int parallelism, long expected) {
    String schema = "bench_parallel_" + parallelism + "_" + System.currentTimeMillis();
    long start = System.nanoTime();
    SyncResult result = AirbyteSync.create(spark)
        .option("connector", TestConnectors.syncSourceOption())
        .option("config", config)
        .option("schema", schema)
        .option("parallelism", Integer.toString(parallelism))
        .run();
    double seconds = (System.nanoTime() - start) / 1e9;
    long written = result.streams().stream().mapToLong(StreamSyncResult::recordsWritten).sum();
    if (written != expected) {
      throw new IllegalStateException("parallelism=" + parallelism + " wrote " + written + " of " + expected);
    }
    System.out.printf("parallel.streams: parallelism=%d synced %d records in %.1f s (%.0f records/s)%n",
        parallelism, written, seconds, written / seconds);
    return seconds;
  }

  private static String config(int streams, int records, int rate) {
    ObjectNode config = Json.MAPPER.createObjectNode();
    ObjectNode specs = config.putObject("streams");
    for (int s = 0; s < streams; s++) {
      specs.putObject(String.format("stream_%02d", s)).put("count", records);
    }
    if (rate > 0) {
      config.put("stream_rate", rate);
    }
    return config.toString();
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  private static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }

  private static void deleteRecursively(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
