package io.brickbyte.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.protocol.Json;
import io.brickbyte.testing.ChildJvm;
import io.brickbyte.testing.SparkTestBase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query SIGKILLed after Spark logged a batch's offset and before the batch committed, then
 * restarted (each in a driver JVM of its own): the batch is replayed from the records staged under
 * the checkpoint, not from the connector, and each record lands in the Delta sink once.
 */
class StreamCrashTest extends SparkTestBase {

  @TempDir Path dir;

  @Test
  void aBatchReplayedAfterAKillReadsItsStagedRecordsOnce() throws Exception {
    Path checkpoint = dir.resolve("checkpoint");
    Path table = dir.resolve("table");
    Process killed = start(checkpoint, table, "planned run-.*", config("issue", 3), "killed.log");
    List<String> seen = readUntil(killed, "planned run-.*");
    assertEquals("AT planned run-000001", seen.get(seen.size() - 1));
    assertTrue(Files.exists(checkpoint.resolve("offsets/0")), "the batch's offset was logged");
    assertFalse(Files.exists(checkpoint.resolve("commits/0")), "the batch was not committed");

    // The connector now says other titles for records 1..3, and has a record 4: the replay must
    // read what was staged before the kill, and the run after it only record 4.
    Process restarted = start(checkpoint, table, "-", config("changed", 4), "restarted.log");
    // Spark plans a batch more than once: what matters is which staged run each batch read.
    List<String> lines = readUntil(restarted, null).stream().distinct().toList();
    assertEquals(List.of("AT planned run-000001", "AT planned run-000002", "DONE"), lines);
    assertEquals(List.of("1 issue 1", "2 issue 2", "3 issue 3", "4 changed 4"),
        spark.read().format("delta").load(table.toString()).orderBy("id").collectAsList().stream()
            .map(row -> row.getAs("id") + " " + row.getAs("title")).toList());
  }

  private Process start(Path checkpoint, Path table, String pauseAt, ObjectNode config, String log)
      throws Exception {
    Path configFile = Files.writeString(dir.resolve(log + ".config.json"), config.toString());
    return new ProcessBuilder(ChildJvm.command(StreamInChildJvm.class,
            List.of(checkpoint.toString(), table.toString(), pauseAt, configFile.toString())))
        .redirectError(dir.resolve(log).toFile())
        .start();
  }

  /** sync_source's stream "issues", records 1..to titled "<prefix> <id>", cursor id. */
  private static ObjectNode config(String prefix, int to) {
    ObjectNode config = Json.MAPPER.createObjectNode();
    ObjectNode issues = config.putObject("streams").putObject("issues");
    issues.put("cursor", "id");
    ArrayNode records = issues.putArray("records");
    for (int i = 1; i <= to; i++) {
      records.addObject().put("id", i).put("title", prefix + " " + i);
    }
    return config;
  }

  /**
   * The child's AT and DONE lines, up to the first that matches {@code killAt}, where the child is
   * SIGKILLed; without it, all of them, and the child must exit cleanly.
   */
  private static List<String> readUntil(Process child, String killAt) {
    return assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
      List<String> lines = new ArrayList<>();
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (!line.startsWith("AT ") && !line.equals("DONE")) {
            continue;
          }
          lines.add(line);
          if (killAt != null && line.matches("AT " + killAt)) {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
            child.waitFor(60, TimeUnit.SECONDS);
            return lines;
          }
        }
      }
      assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child ended");
      assertEquals(0, child.exitValue(), "the child's exit code (its log is beside the checkpoint)");
      return lines;
    }, () -> {
      child.destroyForcibly();
      return "the child did not end within 3 minutes";
    });
  }
}
