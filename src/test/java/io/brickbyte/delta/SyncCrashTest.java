package io.brickbyte.delta;

import static io.brickbyte.delta.SyncFixtures.config;
import static io.brickbyte.delta.SyncFixtures.record;
import static io.brickbyte.delta.SyncFixtures.stream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.testing.SparkTestBase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Crash consistency: a sync in a driver JVM of its own is SIGKILLed at a point of its run, then
 * run again; its tables and state must equal those of a sync that never died, row for row. The
 * source interleaves an append stream, a MERGE stream and a full refresh stream, and its second
 * run adds a column (schema evolution) and new records. The first run is synced once, and each
 * case starts from a copy of its warehouse, as a new driver finds tables a metastore kept.
 */
class SyncCrashTest extends SparkTestBase {

  private static final List<String> TABLES = List.of("appends", "merged", "full");
  private static final String SCHEMA = "crash";

  @TempDir static Path temp;
  /** The warehouse after the first run, which every case copies. */
  private static Path firstRun;
  /** The second run's source. */
  private static List<Path> second;
  private static Path reference;

  @BeforeAll
  static void referenceSync() throws Exception {
    firstRun = temp.resolve("first-run");
    Process first = start(firstRun, null, List.of(write("first.json", source(6, 4, false))), temp.resolve("first-run.log"));
    assertEquals("DONE", lastLine(first, null), "the first sync ran to its end");
    second = List.of(write("second.json", source(12, 6, true)));
    reference = copyOfFirstRun("reference");
    Process child = start(reference, null, second, temp.resolve("reference.log"));
    assertEquals("DONE", lastLine(child, null), "the reference sync ran to its end");
  }

  /** Records 1..n of an append and a MERGE stream (5 keys, updated), m of a full refresh one. */
  private static ObjectNode source(int n, int m, boolean extraColumn) {
    ObjectNode[] appends = new ObjectNode[n];
    ObjectNode[] merged = new ObjectNode[n];
    for (int i = 1; i <= n; i++) {
      appends[i - 1] = record("ts", i, "v", "a" + i);
      merged[i - 1] = record("id", i % 5, "ts", i, "v", "m" + i);
      if (extraColumn && i > n / 2) {
        appends[i - 1].put("extra", "x" + i);
        merged[i - 1].put("extra", "x" + i);
      }
    }
    ObjectNode[] full = new ObjectNode[m];
    for (int i = 1; i <= m; i++) {
      full[i - 1] = record("id", i, "v", "f" + i);
      if (extraColumn) {
        full[i - 1].put("extra", "x" + i);
      }
    }
    ObjectNode config = config();
    stream(config, "appends", null, "ts", appends);
    stream(config, "merged", "id", "ts", merged);
    stream(config, "full", null, null, full);
    config.put("interleave", true);
    config.put("state_every", 3);
    return config;
  }

  @ParameterizedTest(name = "killed at {0}")
  @CsvSource(delimiter = '|', value = {
      "cut 1|true",                    // before the first checkpoint is written
      "data 2|true",                   // between a checkpoint's data and its state
      "state 3|true",                  // after a checkpoint, mid-run
      "writing \\d+ .*`merged`|false", // during a MERGE that adds a column
      "writing \\d+ .*`appends`|false",// during an append that adds a column
      "writing \\d+ .*`full`|false",   // during the full refresh's overwrite
  })
  void aKilledSyncRunAgainEndsLikeOneThatNeverDied(String point, boolean pause) throws Exception {
    // A build may run some kill points only (brickbyte.crashPoints: comma-separated parts of
    // their names): the commit order they test is this project's code, the same in every build.
    String only = System.getProperty("brickbyte.crashPoints");
    Assumptions.assumeTrue(only == null || Arrays.stream(only.split(",")).anyMatch(point::contains),
        "kill point not in brickbyte.crashPoints");
    Path warehouse = copyOfFirstRun("killed-" + Math.abs(point.hashCode()));
    Process killed = start(warehouse, pause ? point : "-", second, warehouse + ".log");
    String killedAt = lastLine(killed, point);
    assertTrue(killedAt.matches("AT " + point), "killed at the point, not at: " + killedAt);
    Process rerun = start(warehouse, null, second, warehouse + "-rerun.log");
    assertEquals("DONE", lastLine(rerun, null), "the re-run ran to its end");
    for (String table : TABLES) {
      assertEquals(rows(reference.resolve(SCHEMA + ".db/" + table)),
          rows(warehouse.resolve(SCHEMA + ".db/" + table)), table + " after the kill at " + point);
    }
    assertEquals(states(reference.resolve(SCHEMA + ".db/_airbyte_state")),
        states(warehouse.resolve(SCHEMA + ".db/_airbyte_state")));
  }

  private static Path copyOfFirstRun(String name) throws IOException {
    Path copy = temp.resolve(name);
    try (Stream<Path> files = Files.walk(firstRun)) {
      for (Path file : files.toList()) {
        Files.copy(file, copy.resolve(firstRun.relativize(file).toString()));
      }
    }
    return copy;
  }

  /** A table's rows, but for what differs between any two syncs (raw ids, sync ids). */
  private static List<String> rows(Path table) {
    var rows = spark.read().format("delta").load(table.toString());
    String[] columns = Arrays.stream(rows.columns())
        .filter(c -> !c.equals("_airbyte_raw_id") && !c.equals("_airbyte_meta")).sorted()
        .toArray(String[]::new);
    return rows.selectExpr(columns).collectAsList().stream().map(Row::toString).sorted().toList();
  }

  /** The latest committed state of each stream. */
  private static List<String> states(Path log) {
    return spark.read().format("delta").load(log.toString()).where("status = 'committed'")
        .groupBy("stream").agg(functions.expr("max_by(state, updated_at)")).orderBy("stream")
        .collectAsList().stream().map(Row::toString).toList();
  }

  private static Path write(String name, ObjectNode config) throws IOException {
    return Files.writeString(temp.resolve(name), config.toString());
  }

  private static Process start(Path warehouse, String pauseAt, List<Path> configs, Object log)
      throws IOException {
    return new ProcessBuilder(SyncInChildJvm.command(warehouse, SCHEMA, pauseAt, configs))
        .redirectError(Path.of(log.toString()).toFile())
        .start();
  }

  /**
   * Reads the child's lines; at the first {@code AT} line (the child prints them for its last
   * sync only) that matches {@code killAt}, SIGKILLs it and returns that line. Without {@code
   * killAt}, returns its last line.
   */
  private static String lastLine(Process child, String killAt) {
    // A child that hangs must fail the test, not the CI run: its stdout is read under a deadline.
    return assertTimeoutPreemptively(Duration.ofMinutes(5), () -> readUntil(child, killAt),
        () -> { child.destroyForcibly(); return "the child did not end within 5 minutes"; });
  }

  private static String readUntil(Process child, String killAt) throws Exception {
    String last = null;
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (killAt != null && line.startsWith("AT ") && line.substring(3).matches(killAt)) {
          child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
          child.waitFor(60, TimeUnit.SECONDS);
          return line;
        }
        last = line;
      }
    }
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child ended");
    assertEquals(0, child.exitValue(), "the child's exit code (its log is beside the warehouse)");
    return last;
  }
}
