package io.brickbyte.bench;

import io.brickbyte.AirbyteException;
import io.brickbyte.staging.StagedDir;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The benchmark of record: the replay connector's output drained by a plain loop (the limit), the
 * airbyte source, and Spark's own JSON reader on the same records, measured side by side in one
 * run; prints each figure (median of the repetitions) and the ratios the targets are stated in.
 */
public final class Bench {

  /** Live heap that grows less than this with N times the records is flat (GC timing varies). */
  private static final double HEAP_FLAT = 1.25;

  private final BenchOptions options;
  private final SparkSession spark;
  private final PrintStream out;
  private final Map<String, Figure> figures = new LinkedHashMap<>();
  /** What the last streaming run left staged under its checkpoint (its last batch's records). */
  private long streamStagedBytesLeft;
  private int driverPartitions;

  /** One measured figure: median seconds over the repetitions, and what was moved. */
  record Figure(double seconds, long records, long bytes) {
    double recordsPerSecond() {
      return records / seconds;
    }
  }

  Bench(BenchOptions options, SparkSession spark, PrintStream out) {
    this.options = options;
    this.spark = spark;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    BenchOptions options = BenchOptions.parse(args);
    SparkSession spark = BenchSession.builder().getOrCreate();
    try {
      new Bench(options, spark, System.out).run();
    } finally {
      spark.stop();
    }
  }

  /** Runs every measurement and prints the figures and ratios; returns the figures by name. */
  Map<String, Figure> run() throws Exception {
    out.printf("brickbyte bench: preset=%s records=%d reps=%d cores=%d java=%s "
            + "spark.databricks.delta.snapshotPartitions=%s%n", options.preset(),
        options.records(), options.repetitions(), Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        spark.conf().get("spark.databricks.delta.snapshotPartitions", "50"));
    long generateStart = System.nanoTime();
    BenchData data = new BenchData(options.dir(), options.records()).ensure();
    BenchData throttledData = new BenchData(options.dir(), options.throttledRecords()).ensure();
    long protocolBytes = Files.size(data.protocolFile());
    out.printf("data: %s (%d records, %.1f MB protocol, %.0f bytes/record; ready in %.1f s)%n",
        data.dir(), data.records(), protocolBytes / 1e6, (double) protocolBytes / data.records(),
        (System.nanoTime() - generateStart) / 1e9);
    ReplayProcess replay = ReplayProcess.install(options.dir());
    String config = ReplayProcess.config(data, 0, 1);

    // One partition each: the JSON file must not be split.
    spark.conf().set("spark.sql.files.maxPartitionBytes", Long.toString(Long.MAX_VALUE / 4));
    spark.conf().set("spark.sql.files.minPartitionNum", "1");
    Dataset<Row> executor = airbyte(replay, config, "executor");
    StructType payloadSchema = payloadSchema(executor.schema());
    Dataset<Row> json = spark.read().schema(payloadSchema).json(data.payloadFile().toString());
    out.printf("partitions (one core each): airbyte.executor=%d, spark.json=%d%n",
        executor.rdd().getNumPartitions(), json.rdd().getNumPartitions());
    Map<String, Callable<Long>> runs = new LinkedHashMap<>();
    runs.put("limit", () -> replay.drain(config).bytes());
    runs.put("airbyte.executor", () -> noop(executor));
    driverFrame(replay, config).ifPresent(driver -> runs.put("airbyte.driver", () -> noop(driver)));
    // The two that write 1.3 GB each, one after the other and after the driver read: each writes
    // into page-cache memory the run before freed. Memory freed longer ago (seconds) costs a VM
    // with free page reporting a host fault per page: the driver read above pays that.
    Path copy = options.dir().toAbsolutePath().resolve("limit-staged.jsonl");
    runs.put("limit.staged", () -> replay.drain(config, copy).bytes());
    // The driver's part alone: planning a fresh frame's partitions runs the connector and stages.
    Deque<Dataset<Row>> undrained = new ArrayDeque<>();
    for (int rep = 0; rep < options.repetitions(); rep++) {
      driverFrame(replay, config).ifPresent(undrained::add);
    }
    if (!undrained.isEmpty()) {
      runs.put("airbyte.driver.drain", () -> {
        driverPartitions = undrained.pop().rdd().getNumPartitions();
        return 0L;
      });
    }
    runs.put("spark.json", () -> noop(json));
    // Loaded once, as the batch frames are: each figure is a read, not a discover.
    Dataset<Row> stream = spark.readStream().format("airbyte").option("connector", replay.connectorOption())
        .option("config", config).option("stream", BenchData.STREAM).load();
    runs.put("airbyte.stream", () -> streamOnce(stream));
    try (PythonSourceProcess python = startPythonSource(replay, config)) {
      if (python != null) {
        runs.put("python.source", () -> readAll(python, data.records()));
      }
      measureInterleaved(data.records(), protocolBytes, runs);
    }

    String throttled = ReplayProcess.config(throttledData, options.throttleRate(), 1);
    Dataset<Row> throttledRead = airbyte(replay, throttled, "executor");
    long throttledBytes = Files.size(throttledData.protocolFile());
    runs.clear();
    runs.put("throttled.connector", () -> replay.drain(throttled).bytes());
    runs.put("throttled.airbyte", () -> noop(throttledRead));
    measureInterleaved(throttledData.records(), throttledBytes, runs);

    printFigures();
    printHeap(replay, data);
    new DeltaBench(spark, replay, config, options).measure(figures, data.records(), protocolBytes);
    for (String name : new String[] {"delta.overwrite", "plain.overwrite", "delta.append", "plain.append",
        "delta.merge", "plain.merge", "delta.merge.new"}) {
      Figure figure = figures.get(name);
      out.printf("%-22s %10.3f %14.0f%n", name, figure.seconds(), figure.recordsPerSecond());
    }
    printPyAirbyte(replay, BenchData.withinBigint(options.dir(), options.throttledRecords()).ensure());
    printRatios();
    return figures;
  }

  /**
   * The pure-Python source's session (PySpark 4, a child process), where a Python with it was
   * given; started before the measurements, so that its start is not one of them.
   */
  private PythonSourceProcess startPythonSource(ReplayProcess replay, String config) throws IOException {
    if (options.pythonSourcePython() == null) {
      out.println("python.source: skipped: no --python-source PYTHON given "
          + "(bench/run --python-source auto uses the pinned pyspark4 test venv)");
      return null;
    }
    Path log = options.dir().toAbsolutePath().resolve("python-source.log");
    PythonSourceProcess python = PythonSourceProcess.start(options.pythonSourcePython(), replay, config, log);
    out.println("python.source: a PySpark session in " + options.pythonSourcePython() + " (its log: " + log + ")");
    return python;
  }

  private static long readAll(PythonSourceProcess python, long records) throws IOException {
    long rows = python.read();
    if (rows != records) {
      throw new IOException("the Python source read " + rows + " rows of " + records);
    }
    return 0;
  }

  /**
   * One {@code trigger(availableNow=True)} query of the stream into the noop sink, from a fresh
   * checkpoint: what a scheduled streaming job does each run.
   */
  private long streamOnce(Dataset<Row> stream) throws Exception {
    Path checkpoint = Files.createTempDirectory(options.dir().toAbsolutePath(), "stream-checkpoint-");
    StreamingQuery query = stream.writeStream().format("noop").option("checkpointLocation", checkpoint.toString())
        .trigger(Trigger.AvailableNow()).start();
    query.awaitTermination();
    streamStagedBytesLeft = stagedBytesUnder(checkpoint);
    try (var paths = Files.walk(checkpoint)) { // the query's logs: nothing a later run reads
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
    return 0;
  }

  /** The bytes of the staged runs under a query's checkpoint (its source's {@code runs/}). */
  private static long stagedBytesUnder(Path checkpoint) throws IOException {
    try (var files = Files.walk(checkpoint)) {
      return files.filter(Files::isRegularFile)
          .filter(file -> file.toString().contains("/runs/"))
          .mapToLong(file -> file.toFile().length()).sum();
    }
  }

  private Dataset<Row> airbyte(ReplayProcess replay, String config, String execution) {
    var reader = spark.read().format("airbyte").option("connector", replay.connectorOption())
        .option("config", config).option("stream", BenchData.STREAM);
    return (execution == null ? reader : reader.option("execution", execution)).load();
  }

  /** {@code execution=driver}, where this build has it (the sync brings it). */
  private Optional<Dataset<Row>> driverFrame(ReplayProcess replay, String config) {
    try {
      return Optional.of(airbyte(replay, config, "driver"));
    } catch (AirbyteException unavailable) {
      out.println("airbyte.driver: not measured yet: needs the sync (" + unavailable.getMessage() + ")");
      return Optional.empty();
    }
  }

  private static long noop(Dataset<Row> frame) {
    frame.write().format("noop").mode("overwrite").save();
    return 0;
  }

  /** The stream's own columns: what Spark's JSON reader is given as its schema. */
  private static StructType payloadSchema(StructType airbyteSchema) {
    return new StructType(Arrays.stream(airbyteSchema.fields())
        .filter(field -> !field.name().startsWith("_airbyte_")).toArray(StructField[]::new));
  }

  /**
   * Two full GCs a moment apart: Spark lets go of a finished query's plan only once its listeners
   * have seen the end event; the cleaner thread deletes staged files after the GC that frees them.
   */
  private static void collectGarbage() throws InterruptedException {
    for (int i = 0; i < 2; i++) {
      System.gc();
      Thread.sleep(500);
    }
  }

  /**
   * Runs each measurement once per repetition, in turns, so a noisy moment of the machine hits all
   * of them alike; keeps each one's median, which one slow (cold-JIT first) repetition cannot move.
   * Each run starts after a full GC, which also deletes the staged files of plans no longer held
   * (StagedDir): a driver read stages once, and gigabytes of earlier runs' files left in the page
   * cache would slow the next run's writes, on a VM most of all (fresh guest pages fault).
   */
  private void measureInterleaved(long records, long bytes, Map<String, Callable<Long>> runs)
      throws Exception {
    Map<String, List<Double>> times = new LinkedHashMap<>();
    for (int rep = 0; rep < options.repetitions(); rep++) {
      for (Map.Entry<String, Callable<Long>> run : runs.entrySet()) {
        collectGarbage();
        long start = System.nanoTime();
        run.getValue().call();
        times.computeIfAbsent(run.getKey(), ignored -> new ArrayList<>())
            .add((System.nanoTime() - start) / 1e9);
      }
    }
    times.forEach((name, seconds) -> figures.put(name, new Figure(median(seconds), records, bytes)));
  }

  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private void printFigures() {
    out.println();
    out.printf("%-22s %10s %14s %10s%n", "figure", "seconds", "records/s", "MB/s");
    figures.forEach((name, figure) -> out.printf("%-22s %10.3f %14.0f %10.1f%n", name,
        figure.seconds(), figure.recordsPerSecond(), figure.bytes() / figure.seconds() / 1e6));
  }

  private void printHeap(ReplayProcess replay, BenchData data) throws Exception {
    out.println();
    for (HeapProbe.Work work : HeapProbe.Work.values()) {
      for (int repeat : new int[] {1, options.heapRepeat()}) {
        long[] heap = HeapProbe.run(work, replay.connectorOption(), ReplayProcess.config(data, 0, repeat));
        String name = work.name().toLowerCase(Locale.ROOT);
        out.printf("heap.-Xmx1g %-6s %d records: peak heap %.0f MB, max live after a full GC %.0f MB%n",
            name, data.records() * repeat, heap[0] / 1e6, heap[1] / 1e6);
        figures.put("heap." + name + "." + repeat, new Figure(0, data.records() * repeat, heap[1]));
      }
    }
  }

  /**
   * PyAirbyte reading the same connector (unthrottled) into its DuckDB cache, where a venv with it
   * was given; on a record set of the throttled run's smaller size, as it is ~20x slower, with
   * every integer within BIGINT (DuckDB fails the whole read on one that is not).
   */
  private void printPyAirbyte(ReplayProcess replay, BenchData data) throws Exception {
    String config = ReplayProcess.config(data, 0, 1);
    if (options.pyAirbytePython() == null) {
      out.println("pyairbyte: skipped: no --pyairbyte PYTHON given "
          + "(bench/run --pyairbyte auto installs it into a venv with pip install airbyte)");
      return;
    }
    PyAirbyteRead.Result result = PyAirbyteRead.run("pyairbyte", options.pyAirbytePython(),
        replay.script(), config, BenchData.STREAM, options.dir().resolve("pyairbyte-cache"), out);
    if (result == null) {
      return;
    }
    figures.put("pyairbyte", new Figure(result.seconds(), result.records(), Files.size(data.protocolFile())));
    Figure figure = figures.get("pyairbyte");
    out.printf("pyairbyte (DuckDB cache): %.3f s, %.0f records/s%n", figure.seconds(),
        figure.recordsPerSecond());
  }

  private void printRatios() {
    out.println();
    ratio("speed-up over Spark's JSON reader (json time / airbyte executor time)", "spark.json",
        "airbyte.executor", 3.0, true);
    ratio("airbyte executor vs the limit (limit time / airbyte time)", "limit", "airbyte.executor",
        0, true);
    ratio("airbyte driver drain vs the limit (limit time / drain time)", "limit",
        "airbyte.driver.drain", 0, true);
    // The drain stages the bytes: a plain loop that also writes them is its limit (issue 21).
    ratio("airbyte driver drain vs the limit with a file write (limit.staged time / drain time)",
        "limit.staged", "airbyte.driver.drain", 0.9, true);
    ratio("airbyte driver read vs the limit (limit time / driver time)", "limit", "airbyte.driver",
        0, true);
    ratio("AvailableNow stream vs the batch read (batch read time / stream time)", "airbyte.executor",
        "airbyte.stream", 0.9, true);
    out.printf("stream: staged bytes left under the checkpoint after the run: %d (target 0: every "
        + "batch committed, nothing is kept)%n", streamStagedBytesLeft);
    printDriverConversion();
    printHeapGrowth();
    ratio("throttled-connector overhead (read time / connector time)", "throttled.airbyte",
        "throttled.connector", 1.05, false);
    Figure executor = figures.get("airbyte.executor");
    if (executor != null) {
      out.printf("records/s per core (airbyte executor, one task): %.0f%n", executor.recordsPerSecond());
    }
    Figure json = figures.get("spark.json");
    if (json != null) {
      out.printf("records/s per core (Spark JSON reader, one task): %.0f%n", json.recordsPerSecond());
    }
    Figure pyAirbyte = figures.get("pyairbyte");
    out.println(pyAirbyte == null || executor == null
        ? "speed-up over PyAirbyte into DuckDB: not measured"
        : String.format("speed-up over PyAirbyte into DuckDB (records/s, airbyte executor / PyAirbyte): %.1f",
            executor.recordsPerSecond() / pyAirbyte.recordsPerSecond()));
    rateRatio("python.source vs PyAirbyte (records/s, python.source / pyairbyte)", "python.source",
        "pyairbyte", 5.0);
    rateRatio("python.source vs airbyte.executor (records/s, python.source / airbyte.executor)",
        "python.source", "airbyte.executor", 0.5);
    ratio("overwrite sync / plain Delta overwrite of the same rows, cached (time)", "delta.overwrite",
        "plain.overwrite", 1.15, false);
    ratio("append sync / plain Delta append of the same rows, cached (time)", "delta.append",
        "plain.append", 1.15, false);
    ratio("MERGE sync, every row matched / Delta's own MERGE INTO of the same rows, cached (time)",
        "delta.merge", "plain.merge", 1.25, false);
    ratio("MERGE sync into a new table / plain Delta append of the same rows (time)",
        "delta.merge.new", "plain.append", 0, false);
  }

  /**
   * The tasks' part of {@code execution=driver}: the whole read less the drain, spread over the
   * staged files; per core, to set beside the single executor task's records/s.
   */
  private void printDriverConversion() {
    Figure driver = figures.get("airbyte.driver");
    Figure drain = figures.get("airbyte.driver.drain");
    if (driver == null || drain == null || driver.seconds() <= drain.seconds()) {
      out.println("driver conversion (tasks): not measured");
      return;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    double seconds = driver.seconds() - drain.seconds();
    out.printf("driver conversion (tasks, %d staged files on %d cores; driver time less drain time): "
            + "%.3f s, %.0f records/s, %.0f per core%n", driverPartitions, cores, seconds,
        driver.records() / seconds, driver.records() / seconds / Math.min(cores, Math.max(1, driverPartitions)));
  }

  /** Prints {@code a.recordsPerSecond / b.recordsPerSecond}, held to at least {@code target}. */
  private void rateRatio(String label, String a, String b, double target) {
    Figure first = figures.get(a);
    Figure second = figures.get(b);
    if (first == null || second == null) {
      out.printf("%s: not measured%n", label);
      return;
    }
    double value = first.recordsPerSecond() / second.recordsPerSecond();
    out.printf("%s: %.2f (target >= %.2f: %s)%n", label, value, target, value >= target ? "met" : "NOT met");
  }

  /** Prints {@code a.seconds / b.seconds} with the target it is held to (0: none). */
  /** Whether the live heap stays flat when the records grow (--heap-repeat times as many). */
  private void printHeapGrowth() {
    for (HeapProbe.Work work : HeapProbe.Work.values()) {
      String name = work.name().toLowerCase(Locale.ROOT);
      Figure small = figures.get("heap." + name + ".1");
      Figure large = figures.get("heap." + name + "." + options.heapRepeat());
      if (small == null || large == null || options.heapRepeat() == 1) {
        continue;
      }
      double growth = (double) large.bytes() / small.bytes();
      out.printf("heap %s: max live after a full GC at %dx the records / at 1x: %.2f (target <= %.2f, "
          + "flat: %s)%n", name, options.heapRepeat(), growth, HEAP_FLAT, growth <= HEAP_FLAT ? "met" : "NOT met");
    }
  }

  private void ratio(String label, String a, String b, double target, boolean atLeast) {
    Figure first = figures.get(a);
    Figure second = figures.get(b);
    if (first == null || second == null) {
      out.printf("%s: not measured%n", label);
      return;
    }
    double value = first.seconds() / second.seconds();
    String verdict = target == 0 ? "" : String.format(" (target %s %.2f: %s)", atLeast ? ">=" : "<=",
        target, (atLeast ? value >= target : value <= target) ? "met" : "NOT met");
    out.printf("%s: %.2f%s%n", label, value, verdict);
  }
}
