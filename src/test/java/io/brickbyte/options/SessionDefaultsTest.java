package io.brickbyte.options;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cluster defaults under the options of a read or a sync, without Spark. */
class SessionDefaultsTest {

  @Test
  void aClusterDefaultAppliesWhereTheOptionIsNotGivenAndTheOptionWins() {
    Map<String, String> conf = Map.of(
        "spark.brickbyte.wheelhouse", "/Volumes/wheels",
        "spark.brickbyte.tempDir", "/local_disk0/tmp",
        "spark.brickbyte.connector", "source-faker", // not a cluster default: ignored
        "spark.sql.shuffle.partitions", "2");
    Map<String, String> merged = SessionDefaults.apply(conf, Map.of("TEMPDIR", "/tmp/mine", "stream", "users"));
    assertEquals(Map.of("wheelhouse", "/Volumes/wheels", "TEMPDIR", "/tmp/mine", "stream", "users"), merged);
  }

  @Test
  void sourceConfTakesTheDefaultedValues() {
    Map<String, String> merged = SessionDefaults.apply(Map.of("spark.brickbyte.idleTimeout", "90s"),
        Map.of("connector", "exec:/bin/true"));
    SourceConf source = SourceConf.parse(new OptionValues(merged), false, new org.apache.hadoop.conf.Configuration());
    assertEquals(java.time.Duration.ofSeconds(90), source.runSettings().idleTimeout());
  }
}
