package io.brickbyte.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.connector.DirOwner;
import io.brickbyte.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.api.java.function.ForeachFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connector processes under a real query: a slow consumer, directories a killed driver left. */
class ProcessLifecycleTest extends SparkTestBase {

  @TempDir Path tmp;

  @Test
  void slowConsumerOfABusyConnectorIsNotIdle() {
    // ~200 KB of records: more than the pipe and the reader's buffer hold, so the connector waits
    // on the consumer, which takes ~2.5 s per buffer of records: longer than idleTimeout.
    LongAccumulator rows = spark.sparkContext().longAccumulator();
    testSource("{\"count\": 800}").option("stream", "users").option("idleTimeout", "1s").load()
        .foreach((ForeachFunction<Row>) row -> {
          Thread.sleep(10);
          rows.add(1);
        });
    assertEquals(800, rows.value());
  }

  @Test
  void stagingDirectoriesOfAGoneDriverAreRemovedByTheNextDriverRead() throws Exception {
    Process exited = new ProcessBuilder("sleep", "0.2").start();
    long exitedStart = DirOwner.startMillis(exited.toHandle()).orElseThrow();
    exited.waitFor();
    ProcessHandle self = ProcessHandle.current();
    long selfStart = DirOwner.startMillis(self).orElseThrow();
    Path root = tmp.resolve("staging");
    Path gone = stagedDir(root, DirOwner.prefix("staging", DirOwner.host(), exited.pid(), exitedStart) + "a");
    Path live = stagedDir(root, DirOwner.prefix("staging", DirOwner.host(), self.pid(), selfStart) + "b");
    Path notOurs = stagedDir(root, "brickbyte-staging-" + exited.pid());

    long count = testSource("{\"count\": 5}").option("stream", "users").option("execution", "driver")
        .option("stagingDir", root.toUri().toString()).load().count();

    assertEquals(5, count);
    assertFalse(Files.exists(gone), "the staging directory of an exited driver is left");
    assertTrue(Files.exists(live.resolve("part-0")), "a live driver's staging directory was removed");
    assertTrue(Files.exists(notOurs), "a directory not named by us was removed");
  }

  private static Path stagedDir(Path root, String name) throws Exception {
    Path dir = Files.createDirectories(root.resolve(name));
    Files.writeString(dir.resolve("part-0"), "{}\n");
    return dir;
  }
}
