package io.brickbyte.bench;

import io.brickbyte.delta.AirbyteSync;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Whether a MERGE sync costs what its batch costs, not what its table holds: a target table of N
 * rows is built through the sync (so it has the layout the sync gives a MERGE stream's table),
 * then a batch of half updates (random keys of the table) and half inserts (new keys) is synced
 * into a fresh copy of it, for each N; Delta's own {@code MERGE INTO} of the same rows into
 * another copy is the reference. Prints each time and the ratio of the largest N to the smallest
 * (issue 21: at most 1.5x from 1M to 10M rows).
 *
 * <p>The records are narrower than the main bench's (6 columns, ~190 protocol bytes, against 20
 * columns, ~690 bytes): 10M rows of the full shape take too long to build on 2 shared cores, and
 * what a MERGE pays per table row is the key column's scan and the touched files' rewrite, which
 * the narrow shape has too. Keys arrive in a scrambled order (a permutation), as from a source read
 * by its cursor: every data file spans the whole key range, as in most real tables.
 *
 * <p>Built tables are setup, not timed: they are cached under {@code DIR/merge-scale/table-N-vF}
 * (delete it after changing the sync's table layout) and copied per run, since a MERGE changes them.
 * Layout variants ({@code --merge-layouts}) are applied to the copy before the MERGE: {@code sync}
 * (as the sync built it), {@code dv} / {@code nodv} (deletion vectors on / off), {@code sorted}
 * (OPTIMIZE ZORDER BY the key on the cached table: files of disjoint key ranges; cached too).
 *
 * <p>{@code bench/run --merge-scale [--merge-rows 1000000,10000000] [--merge-batch 10000]
 * [--merge-layouts sync] [--reps 1] [--dir target/bench]}
 */
public final class MergeScaleBench {

  static final String STREAM = "scale_users";
  private static final String TABLE = "scale_users";
  /** Part of the cached directories' names: a change of the data must not reuse older ones. */
  private static final int FORMAT = 1;
  private static final long SCRAMBLE = 2_654_435_761L;

  private final SparkSession spark;
  private final ReplayProcess replay;
  private final Path root;
  private final long batch;
  private final String runId = Long.toString(System.currentTimeMillis());
  private int runs;

  private MergeScaleBench(SparkSession spark, ReplayProcess replay, Path root, long batch) {
    this.spark = spark;
    this.replay = replay;
    this.root = root;
    this.batch = batch;
  }

  public static void main(String[] args) throws Exception {
    List<Long> sizes = List.of(1_000_000L, 10_000_000L);
    long batch = 10_000;
    List<String> layouts = List.of("sync");
    int reps = 1;
    Path dir = Path.of("target", "bench");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--merge-rows" -> sizes = List.of(args[i + 1].split(",")).stream().map(Long::parseLong).toList();
        case "--merge-batch" -> batch = Long.parseLong(args[i + 1]);
        case "--merge-layouts" -> layouts = List.of(args[i + 1].split(","));
        case "--reps" -> reps = Integer.parseInt(args[i + 1]);
        case "--dir" -> dir = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; accepted: --merge-rows N,M --merge-batch N --merge-layouts sync,dv,nodv,sorted --reps N --dir PATH");
      }
    }
    Path root = dir.toAbsolutePath().resolve("merge-scale");
    Files.createDirectories(root);
    SparkSession spark = SparkSession.builder().master("local[2]").appName("brickbyte-merge-scale")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.databricks.delta.snapshotPartitions", Integer.toString(
            Runtime.getRuntime().availableProcessors()))
        .config("spark.sql.warehouse.dir", root.resolve("warehouse").toString())
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .getOrCreate();
    try {
      MergeScaleBench bench = new MergeScaleBench(spark, ReplayProcess.install(root.resolve("bin")), root, batch);
      bench.run(sizes, layouts, reps);
    } finally {
      spark.stop();
    }
  }

  private void run(List<Long> sizes, List<String> layouts, int reps) throws IOException {
    System.out.printf("brickbyte merge-scale bench: rows=%s batch=%d (half updates, half inserts) "
        + "layouts=%s reps=%d cores=%d java=%s%n", sizes, batch, layouts, reps,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    Map<String, Double> figures = new LinkedHashMap<>();
    for (long rows : sizes) {
      for (String layout : layouts) {
        Path table = cachedTable(rows, layout);
        Path batchDir = batchData(rows);
        Dataset<Row> source = batchRows(batchDir);
        List<Double> synced = new ArrayList<>();
        List<Double> plain = new ArrayList<>();
        for (int rep = 0; rep < reps; rep++) {
          String target = copy(table, layout);
          synced.add(seconds(() -> sync(batchDir, target, Long.MAX_VALUE / 2)));
          System.out.printf("  sync.merge  %-8s %10d rows: %s%n", layout, rows, work(target));
          check(target, rows);
          String plainTarget = copy(table, layout);
          plain.add(seconds(() -> plainMerge(source, plainTarget)));
          System.out.printf("  plain.merge %-8s %10d rows: %s%n", layout, rows, work(plainTarget));
          check(plainTarget, rows);
        }
        source.unpersist();
        figures.put("sync.merge " + layout + " " + rows, Bench.median(synced));
        figures.put("plain.merge " + layout + " " + rows, Bench.median(plain));
        System.out.printf("%-28s %10d rows: MERGE sync %7.3f s, Delta MERGE INTO %7.3f s (%s)%n",
            layout, rows, Bench.median(synced), Bench.median(plain), load());
      }
    }
    if (sizes.size() < 2) {
      return; // one size: no ratio to state
    }
    long small = sizes.get(0);
    long large = sizes.get(sizes.size() - 1);
    for (String layout : layouts) {
      for (String what : new String[] {"sync.merge", "plain.merge"}) {
        double ratio = figures.get(what + " " + layout + " " + large) / figures.get(what + " " + layout + " " + small);
        System.out.printf("%s %s: %d rows / %d rows (time): %.2f%s%n", what, layout, large, small, ratio,
            what.equals("sync.merge") ? String.format(" (target <= 1.50: %s)", ratio <= 1.5 ? "met" : "NOT met") : "");
      }
    }
  }

  /** The target table of {@code rows} rows, built through the sync once (setup, not timed). */
  private Path cachedTable(long rows, String layout) throws IOException {
    if (layout.equals("sorted")) {
      Path sorted = root.resolve("table-" + rows + "-v" + FORMAT + "-sorted");
      if (!Files.exists(sorted.resolve("_COMPLETE"))) {
        Path built = cachedTable(rows, "sync");
        deleteRecursively(sorted);
        copyRecursively(built.resolve(TABLE), sorted.resolve(TABLE));
        long start = System.nanoTime();
        spark.sql("OPTIMIZE delta.`" + sorted.resolve(TABLE) + "` ZORDER BY (id)");
        System.out.printf("setup: %d rows sorted by the key (OPTIMIZE ZORDER BY) in %.1f s%n", rows, (System.nanoTime() - start) / 1e9);
        Files.writeString(sorted.resolve("_COMPLETE"), "");
      }
      return sorted;
    }
    Path dir = root.resolve("table-" + rows + "-v" + FORMAT);
    if (Files.exists(dir.resolve("_COMPLETE"))) {
      return dir;
    }
    deleteRecursively(dir);
    Path data = writeRecords(root.resolve("base-" + rows + "-v" + FORMAT), baseIds(rows), 0);
    String schema = "scale_build_" + runId + "_" + rows;
    spark.sql("CREATE SCHEMA " + schema + " LOCATION '" + dir + "'");
    long start = System.nanoTime();
    // One checkpoint: a first sync into the empty table the sync creates is one append.
    AirbyteSync.create(spark).option("connector", replay.connectorOption())
        .option("config", config(data)).option("schema", schema).option("streams", STREAM)
        .option("syncMode", "incremental").option("tableName." + STREAM, TABLE)
        .option("checkpointRecords", Long.toString(rows + 1)).run();
    System.out.printf("setup: %d rows synced into a new table in %.1f s, %d files%n", rows,
        (System.nanoTime() - start) / 1e9, numFiles("delta.`" + dir.resolve(TABLE) + "`"));
    deleteRecursively(data);
    Files.writeString(dir.resolve("_COMPLETE"), "");
    return dir;
  }

  /** The base's keys: 0..rows-1 in a scrambled order (a bijection: SCRAMBLE is a prime, no factor of rows). */
  private static long[] baseIds(long rows) {
    long[] ids = new long[Math.toIntExact(rows)];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = Math.floorMod(i * SCRAMBLE, rows);
    }
    return ids;
  }

  /** The batch: half of it random keys of the table (updates), half new keys (inserts). */
  private Path batchData(long rows) throws IOException {
    Path dir = root.resolve("batch-" + rows + "-" + batch + "-v" + FORMAT);
    if (Files.exists(dir.resolve("_COMPLETE"))) {
      return dir;
    }
    SplittableRandom random = new SplittableRandom(rows);
    Set<Long> updates = new HashSet<>();
    while (updates.size() < batch / 2) {
      updates.add(random.nextLong(rows));
    }
    long[] ids = new long[Math.toIntExact(batch)];
    int i = 0;
    for (long id : updates) {
      ids[i++] = id;
    }
    for (long id = rows; i < ids.length; id++) {
      ids[i++] = id;
    }
    return writeRecords(dir, ids, 1);
  }

  /** Writes the connector's files for {@code ids}; {@code version} 1 is newer than 0 (cursor). */
  private static Path writeRecords(Path dir, long[] ids, int version) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(BenchData.CATALOG_FILE), catalogJson());
    String updatedAt = version == 0 ? "2025-01-01T00:00:00Z" : "2025-06-01T00:00:00Z";
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(BenchData.PROTOCOL_FILE)), 1 << 20)) {
      StringBuilder line = new StringBuilder(256);
      for (long id : ids) {
        line.setLength(0);
        line.append("{\"type\":\"RECORD\",\"record\":{\"stream\":\"").append(STREAM).append("\",\"data\":{\"id\":")
            .append(id).append(",\"updated_at\":\"").append(updatedAt).append("\",\"status\":\"")
            .append(version == 0 ? "active" : "changed").append("\",\"amount\":").append(id % 100_000).append('.')
            .append(id % 100).append(",\"name\":\"user-").append(id).append("\",\"email\":\"user")
            .append(id).append("@example.com\"},\"emitted_at\":1700000000000}}\n");
        out.write(line.toString().getBytes(StandardCharsets.UTF_8));
      }
      out.write(("{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":"
          + "{\"name\":\"" + STREAM + "\"},\"stream_state\":{\"version\":" + version + "}}}}\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    Files.writeString(dir.resolve("_COMPLETE"), "");
    return dir;
  }

  private static String catalogJson() {
    return "{\"streams\":[{\"name\":\"" + STREAM + "\",\"json_schema\":{\"type\":\"object\",\"properties\":{"
        + "\"id\":{\"type\":\"integer\"},"
        + "\"updated_at\":{\"type\":\"string\",\"format\":\"date-time\",\"airbyte_type\":\"timestamp_with_timezone\"},"
        + "\"status\":{\"type\":\"string\"},\"amount\":{\"type\":\"number\"},"
        + "\"name\":{\"type\":\"string\"},\"email\":{\"type\":\"string\"}}},"
        + "\"supported_sync_modes\":[\"full_refresh\",\"incremental\"],"
        + "\"source_defined_cursor\":true,\"default_cursor_field\":[\"updated_at\"],"
        + "\"source_defined_primary_key\":[[\"id\"]]}]}";
  }

  private String config(Path data) {
    return "{\"dir\":\"" + data + "\"}";
  }

  /** A fresh copy of the cached table in a schema of its own, with {@code layout} applied. */
  private String copy(Path cached, String layout) throws IOException {
    String schema = "scale_run_" + runId + "_" + runs++;
    Path dir = root.resolve("runs").resolve(schema);
    copyRecursively(cached.resolve(TABLE), dir.resolve(TABLE));
    spark.sql("CREATE SCHEMA " + schema + " LOCATION '" + dir + "'");
    String table = schema + "." + TABLE;
    spark.sql("CREATE TABLE " + table + " USING delta LOCATION '" + dir.resolve(TABLE) + "'");
    switch (layout) {
      case "dv" -> spark.sql("ALTER TABLE " + table + " SET TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
      case "nodv" -> spark.sql("ALTER TABLE " + table + " SET TBLPROPERTIES ('delta.enableDeletionVectors' = 'false')");
      case "sync", "sorted" -> { }
      default -> throw new IllegalArgumentException("unknown layout " + layout + "; accepted: sync, dv, nodv, sorted");
    }
    return schema;
  }

  /** The MERGE sync of the batch into the copy in {@code schema}. */
  private void sync(Path batchDir, String schema, long checkpointRecords) {
    AirbyteSync.create(spark).option("connector", replay.connectorOption())
        .option("config", config(batchDir)).option("schema", schema).option("streams", STREAM)
        .option("syncMode", "incremental").option("tableName." + STREAM, TABLE)
        .option("checkpointRecords", Long.toString(checkpointRecords)).run();
  }

  /** The batch as the source reads it, cached: the rows Delta's own MERGE INTO takes. */
  private Dataset<Row> batchRows(Path batchDir) {
    Dataset<Row> rows = spark.read().format("airbyte").option("connector", replay.connectorOption())
        .option("config", config(batchDir)).option("stream", STREAM).load().cache();
    rows.count();
    return rows;
  }

  /** Delta's own MERGE of the batch on the key: what a user would write by hand. */
  private void plainMerge(Dataset<Row> source, String schema) {
    source.createOrReplaceTempView("scale_merge_source");
    spark.sql("MERGE INTO " + schema + "." + TABLE + " t USING scale_merge_source s ON t.id = s.id "
        + "WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
  }

  /** The MERGE landed: the table holds the base's rows and the batch's inserts, half the batch changed. */
  private void check(String schema, long rows) {
    String table = schema + "." + TABLE;
    long total = spark.table(table).count();
    long changed = spark.table(table).filter("status = 'changed'").count();
    if (total != rows + batch / 2 || changed != batch) {
      throw new IllegalStateException(table + " holds " + total + " rows, " + changed
          + " changed, after the MERGE; expected " + (rows + batch / 2) + " and " + batch);
    }
    spark.sql("DROP SCHEMA " + schema + " CASCADE");
    deleteRecursively(root.resolve("runs").resolve(schema));
  }

  /**
   * What the MERGE did, from its commit's metrics: rows copied unchanged (the work that grows with
   * the table), files and bytes rewritten, deletion vectors, Delta's own scan and rewrite times. On
   * a loaded machine these say more than the wall time.
   */
  private String work(String schema) {
    Map<String, String> m = spark.sql("DESCRIBE HISTORY " + schema + "." + TABLE)
        .where("operation = 'MERGE'").select("operationMetrics").first().getJavaMap(0);
    return String.format("rows copied %s, files removed %s added %s, bytes added %s, DVs added %s, "
            + "Delta's times: scan %s ms, rewrite %s ms, total %s ms", m.get("numTargetRowsCopied"),
        m.get("numTargetFilesRemoved"), m.get("numTargetFilesAdded"), m.get("numTargetBytesAdded"),
        m.get("numTargetDeletionVectorsAdded"), m.get("scanTimeMs"), m.get("rewriteTimeMs"),
        m.get("executionTimeMs"));
  }

  private long numFiles(String table) {
    return spark.sql("DESCRIBE DETAIL " + table).select("numFiles").first().getLong(0);
  }

  private static String load() {
    try {
      return "load " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "load unknown";
    }
  }

  private static double seconds(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1e9;
  }

  private static void copyRecursively(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
