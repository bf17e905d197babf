package io.brickbyte.spark;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.AirbyteConfigException;
import io.brickbyte.delta.AirbyteSync;
import io.brickbyte.testing.SparkTestBase;
import io.brickbyte.testing.TestConnectors;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad options fail at load() or a sync's start, naming the option, the value and what is accepted. */
class BadOptionsTest extends SparkTestBase {

  @TempDir Path temp;

  private static String loadFails(String key, String value) {
    return assertThrows(AirbyteConfigException.class, () -> testSource("{\"count\": 3}")
        .option("stream", "users").option(key, value).load()).getMessage();
  }

  private static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), message);
    }
  }

  @Test
  void aMisspelledReadOptionIsRefusedWithTheClosestName() {
    assertContains(loadFails("idleTimout", "10s"), "Option 'idleTimout' is not an option of the airbyte source",
        "Did you mean 'idleTimeout'?");
  }

  @Test
  void theStagedReadsOptionsAreNoOptionsOfTheFormat() {
    // The sync reads its staged files through a table of its own (StagedRecords), not these.
    assertContains(loadFails("stagedFiles", "[]"), "Option 'stagedFiles' is not an option of the airbyte source");
    String withSchema = assertThrows(AirbyteConfigException.class, () -> testSource("{\"count\": 3}")
        .schema("id BIGINT").option("stream", "users").option("syncId", "7").load()).getMessage();
    assertContains(withSchema, "Option 'syncId' is not an option of the airbyte source");
  }

  @Test
  void durationsTooLargeAreRefusedNotOverflowed() {
    assertContains(loadFails("idleTimeout", "99999999999999999999"), "Option 'idleTimeout'", "at most 365d");
    assertContains(loadFails("idleTimeout", "400d"), "Option 'idleTimeout' = '400d'", "at most 365d");
    assertContains(loadFails("idleTimeout", "PT999999999999999999H"), "Option 'idleTimeout'", "at most 365d");
  }

  @Test
  void tempDirMustBeAnAbsoluteWritableDirectory() throws Exception {
    assertContains(loadFails("tempDir", ""), "Option 'tempDir' = ''", "not an absolute path");
    assertContains(loadFails("tempDir", "relative/dir"), "not an absolute path");
    Path file = Files.writeString(temp.resolve("a-file"), "x");
    assertContains(loadFails("tempDir", file.toString()), "it is a file");
  }

  @Test
  void stagingDirIsCheckedAtLoadWhereRecordsAreStaged() throws Exception {
    Path file = Files.writeString(temp.resolve("staging-file"), "x");
    String message = assertThrows(AirbyteConfigException.class, () -> testSource("{\"count\": 3}")
        .option("stream", "users").option("execution", "driver").option("stagingDir", file.toString())
        .load()).getMessage();
    assertContains(message, "Option 'stagingDir'", "it is a file");
    String unknown = assertThrows(AirbyteConfigException.class, () -> testSource("{\"count\": 3}")
        .option("stream", "users").option("execution", "driver").option("stagingDir", "nosuchfs://bucket/x")
        .load()).getMessage();
    assertContains(unknown, "Option 'stagingDir' = 'nosuchfs://bucket/x'", "cannot be written");
  }

  @Test
  void aCursorFieldThatNamesNoFieldIsRefused() {
    assertContains(loadFails("cursorField", "no_such_field"),
        "Option 'cursorField' = 'no_such_field' names no field of stream 'users'");
  }

  @Test
  void aSyncRefusesMisspelledAndReadOnlyOptionsAndAMissingCatalog() {
    String misspelled = assertThrows(AirbyteConfigException.class, () -> AirbyteSync.create(spark)
        .option("connector", TestConnectors.syncSourceOption()).option("schema", "x")
        .option("checkpointRecord", "10").run()).getMessage();
    assertContains(misspelled, "Option 'checkpointRecord' is not an option of a sync",
        "Did you mean 'checkpointRecords'?");
    String stream = assertThrows(AirbyteConfigException.class, () -> AirbyteSync.create(spark)
        .option("connector", TestConnectors.syncSourceOption()).option("schema", "x")
        .option("stream", "users").run()).getMessage();
    assertContains(stream, "Option 'stream' is not an option of a sync", "Did you mean 'streams'?");
    String catalog = assertThrows(AirbyteConfigException.class, () -> AirbyteSync.create(spark)
        .option("connector", TestConnectors.syncSourceOption()).option("config", "{\"streams\": {}}")
        .option("catalog", "no_such_catalog").option("schema", "x").run()).getMessage();
    assertContains(catalog, "Option 'catalog' = 'no_such_catalog' is not a catalog of this session");
    String interval = assertThrows(AirbyteConfigException.class, () -> AirbyteSync.create(spark)
        .option("connector", TestConnectors.syncSourceOption()).option("schema", "x")
        .option("checkpointInterval", "100000000000d").run()).getMessage();
    assertContains(interval, "Option 'checkpointInterval'", "at most 365d");
  }
}
