package io.brickbyte.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The connector version a history row records: the one its name pins, or none. */
class SyncHistoryTest {

  @Test
  void theVersionIsTheOneTheConnectorNamePins() {
    assertEquals("6.2.1", SyncHistory.versionOf("source-faker==6.2.1"));
    assertEquals("1.2.3", SyncHistory.versionOf("pip:airbyte-source-x==1.2.3"));
    assertEquals("2.0.4", SyncHistory.versionOf("docker:airbyte/source-postgres:2.0.4"));
    assertEquals("0.1", SyncHistory.versionOf("docker:localhost:5000/source-x:0.1"));
    assertNull(SyncHistory.versionOf("docker:localhost:5000/source-x"));
    assertNull(SyncHistory.versionOf("source-faker"));
    assertNull(SyncHistory.versionOf("exec:python3 /opt/source.py --x=1"));
    assertNull(SyncHistory.versionOf("manifest:/dbfs/source.yaml"));
  }
}
