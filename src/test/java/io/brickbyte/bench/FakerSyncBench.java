package io.brickbyte.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.delta.AirbyteSync;
import io.brickbyte.delta.StreamSyncResult;
import io.brickbyte.delta.SyncResult;
import io.brickbyte.protocol.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * A real connector's small sync, tried as a new user would (issue 21): airbyte-source-faker from
 * PyPI with {@code count=20000} (three streams), its {@code read} drained alone, our sync of it into
 * local Delta once the JVM is warm (after one sync not measured, which also installs it), in turns,
 * median of the repetitions; and PyAirbyte reading the same executable into DuckDB when a Python
 * with it is given. {@code bench/run --faker-sync [--reps N] [--pyairbyte PYTHON|auto]}.
 */
public final class FakerSyncBench {

  static final String FAKER = CatalogReuseBench.FAKER;
  static final String CONFIG = "{\"count\": 20000, \"seed\": 42}";
  /** Issue 21's target: a warm sync within this many times the connector alone. */
  static final double TARGET = 1.5;

  private final SparkSession spark;
  private final Path venvs = Path.of("target", "bench", "venvs").toAbsolutePath();
  private final String schema = "faker_bench_" + System.currentTimeMillis();

  private FakerSyncBench(SparkSession spark) {
    this.spark = spark;
  }

  public static void main(String[] args) throws Exception {
    int reps = Integer.parseInt(BenchSession.flag(args, "--reps", "3"));
    String pyAirbyte = BenchSession.flag(args, "--pyairbyte", null);
    SparkSession spark = BenchSession.create();
    try {
      new FakerSyncBench(spark).run(reps, pyAirbyte);
    } finally {
      spark.stop();
    }
  }

  private void run(int reps, String pyAirbyte) throws Exception {
    System.out.printf("faker.sync: %s config %s, reps=%d, cores=%d%n", FAKER, CONFIG, reps,
        Runtime.getRuntime().availableProcessors());
    SyncResult[] last = new SyncResult[1];
    double first = BenchSession.seconds(() -> last[0] = sync());
    System.out.printf("faker.sync: first sync in this JVM (installs the connector if missing; not "
        + "measured): %.1f s%n", first);
    Path executable = executable();
    Path dir = Files.createTempDirectory(Path.of("target", "bench").toAbsolutePath(), "faker-");
    Path config = Files.writeString(dir.resolve("config.json"), CONFIG);
    Path catalog = Files.writeString(dir.resolve("catalog.json"), configuredCatalog(executable, config).toString());
    List<Double> alone = new ArrayList<>();
    List<Double> synced = new ArrayList<>();
    long[] records = new long[1];
    try {
      for (int rep = 0; rep < reps; rep++) {
        alone.add(BenchSession.seconds(() -> records[0] = drainRecords(executable, config, catalog)));
        synced.add(BenchSession.seconds(() -> last[0] = sync()));
      }
    } finally {
      spark.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(dir);
    }
    long syncedRecords = last[0].streams().stream().mapToLong(StreamSyncResult::recordsRead).sum();
    double connector = Bench.median(alone);
    double sync = Bench.median(synced);
    System.out.printf("faker.connector (read drained alone): %.2f s, %d records (each: %s)%n",
        connector, records[0], alone);
    System.out.printf("faker.sync (warm, into local Delta): %.2f s, %d records (each: %s)%n",
        sync, syncedRecords, synced);
    if (pyAirbyte != null) {
      PyAirbyteRead.print("faker.pyairbyte (DuckDB cache)", pyAirbyte, executable, CONFIG, "*",
          Path.of("target", "bench", "pyairbyte-cache"), System.out);
    } else {
      System.out.println("faker.pyairbyte: skipped: no --pyairbyte PYTHON given");
    }
    double ratio = sync / connector;
    System.out.printf("faker sync / connector alone (time): %.2f (target <= %.2f: %s)%n", ratio,
        TARGET, ratio <= TARGET ? "met" : "NOT met");
  }

  private SyncResult sync() {
    return AirbyteSync.create(spark).option("connector", FAKER)
        .option("registryUrl", registry().toString()).option("installDir", venvs.toString())
        .option("config", CONFIG).option("schema", schema).run();
  }

  static Path registry() {
    return Path.of("src", "test", "resources", "registry", "oss_registry.json").toAbsolutePath();
  }

  /** The connector's executable in the venv the sync installed. */
  private Path executable() throws IOException {
    try (Stream<Path> files = Files.walk(venvs, 4)) {
      return files.filter(f -> f.endsWith(Path.of("bin", "source-faker")) && Files.isExecutable(f)
              && f.toString().contains("airbyte-source-faker_7.2.1"))
          .findFirst().orElseThrow(() -> new IOException("no source-faker venv under " + venvs));
    }
  }

  /** Every stream the connector discovers, read in full: what the sync's default selects. */
  private static ObjectNode configuredCatalog(Path executable, Path config) throws Exception {
    Process process = new ProcessBuilder(executable.toString(), "discover", "--config", config.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    JsonNode catalog = null;
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("{") && line.contains("\"CATALOG\"")) {
          catalog = Json.MAPPER.readTree(line).path("catalog");
        }
      }
    }
    if (process.waitFor() != 0 || catalog == null) {
      throw new IOException("source-faker discover failed");
    }
    ArrayNode streams = Json.MAPPER.createArrayNode();
    for (JsonNode stream : catalog.path("streams")) {
      streams.addObject().<ObjectNode>set("stream", stream).put("sync_mode", "full_refresh")
          .put("destination_sync_mode", "overwrite");
    }
    ObjectNode configured = Json.MAPPER.createObjectNode();
    configured.set("streams", streams);
    return configured;
  }

  /** Runs {@code read} and drains its stdout in a plain loop; returns the RECORD lines. */
  private static long drainRecords(Path executable, Path config, Path catalog) throws Exception {
    Process process = new ProcessBuilder(executable.toString(), "read", "--config", config.toString(),
        "--catalog", catalog.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    long records = 0;
    try (InputStream out = process.getInputStream();
        BufferedReader lines = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8), 1 << 20)) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("{\"type\": \"RECORD\"") || line.startsWith("{\"type\":\"RECORD\"")) {
          records++;
        }
      }
    }
    if (process.waitFor() != 0) {
      throw new IOException("source-faker read failed");
    }
    return records;
  }
}
