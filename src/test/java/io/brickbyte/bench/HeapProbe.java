package io.brickbyte.bench;

import io.brickbyte.delta.AirbyteSync;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Reads, syncs or streams the bench stream in a JVM of its own (started by {@link Bench} with
 * {@code -Xmx1g}) and prints the heap it needed: the sum of the heap pools' peaks, and the largest
 * heap still live after a full collection, forced every {@link #SAMPLE_MILLIS} ms and once at the
 * end (what the work really holds; flat when nothing buffers the stream). After a young
 * collection the old generation still holds what died there since the last full one: counted
 * that way, the same sync's figure moved by ~200 MB between runs.
 */
public final class HeapProbe {

  static final String RESULT_PREFIX = "HEAP_PROBE ";
  static final long SAMPLE_MILLIS = 500;

  private HeapProbe() {}

  /** What a probe does with the stream. */
  enum Work { READ, SYNC, STREAM }

  /** Arguments: the work, the connector option, the config JSON, a scratch directory. */
  public static void main(String[] args) throws Exception {
    Work work = Work.valueOf(args[0]);
    AtomicLong maxLive = new AtomicLong();
    Thread sampler = new Thread(() -> {
      try {
        while (true) {
          Thread.sleep(SAMPLE_MILLIS);
          maxLive.accumulateAndGet(liveAfterFullGc(), Math::max);
        }
      } catch (InterruptedException e) {
        // the work is done
      }
    }, "heap-probe-sampler");
    sampler.setDaemon(true);
    SparkSession spark = SparkSession.builder().master("local[1]").appName("brickbyte-bench-heap")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.warehouse.dir", Path.of(args[3], "warehouse").toString())
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .getOrCreate();
    sampler.start();
    try {
      doWork(spark, work, args[1], args[2], Path.of(args[3]));
      sampler.interrupt();
      sampler.join();
      maxLive.accumulateAndGet(liveAfterFullGc(), Math::max);
      long peak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      System.out.println(RESULT_PREFIX + peak + " " + maxLive.get());
    } finally {
      spark.stop();
    }
  }

  /** The heap in use right after a full collection (what {@code System.gc()} is with G1). */
  private static long liveAfterFullGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void doWork(SparkSession spark, Work work, String connector, String config, Path scratch)
      throws Exception {
    switch (work) {
      case READ -> spark.read().format("airbyte").option("connector", connector).option("config", config)
          .option("stream", BenchData.STREAM).load().write().format("noop").mode("overwrite").save();
      // An append sync: every record is written, as many as the connector sends.
      case SYNC -> AirbyteSync.create(spark).option("connector", connector).option("config", config)
          .option("schema", "heap_probe").option("streams", BenchData.STREAM)
          .option("syncMode", "incremental").option("writeMode." + BenchData.STREAM, "append").run();
      case STREAM -> spark.readStream().format("airbyte").option("connector", connector)
          .option("config", config).option("stream", BenchData.STREAM).load()
          .writeStream().format("noop").option("checkpointLocation", scratch.resolve("checkpoint").toString())
          .trigger(Trigger.AvailableNow()).start().awaitTermination();
    }
  }

  /** Runs a probe JVM with a 1 GB heap; returns {peak bytes, max live bytes after GC}. */
  static long[] run(Work work, String connectorOption, String configJson) throws Exception {
    Path scratch = Files.createTempDirectory("brickbyte-heap-probe-");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("-Djdk.reflect") || arg.startsWith("-Dio.netty")
          || arg.startsWith("-Dlog4j2") || arg.equals("-XX:+IgnoreUnrecognizedVMOptions")) {
        command.add(arg);
      }
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), HeapProbe.class.getName(),
        work.name(), connectorOption, configJson, scratch.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String result = null;
    StringBuilder tail = new StringBuilder();
    for (String line : new String(process.getInputStream().readAllBytes()).split("\n")) {
      if (line.startsWith(RESULT_PREFIX)) {
        result = line.substring(RESULT_PREFIX.length());
      } else {
        tail.append(line).append('\n');
      }
    }
    int exit = process.waitFor();
    try (var paths = Files.walk(scratch)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
    if (exit != 0 || result == null) {
      throw new IllegalStateException("heap probe failed:\n" + tail);
    }
    String[] parts = result.split(" ");
    return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
  }
}
