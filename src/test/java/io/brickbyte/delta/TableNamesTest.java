package io.brickbyte.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.AirbyteConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table naming rule, without Spark. */
class TableNamesTest {

  @Test
  void namesAreLowerCaseLettersDigitsAndUnderscores() {
    assertEquals("odd_table_name_with_dash", TableNames.normalize("odd table.name-with dash"));
    assertEquals("users", TableNames.normalize("Users"));
    assertEquals("_1st_stream", TableNames.normalize("1st stream"));
    assertEquals("caf_", TableNames.normalize("café"));
    assertEquals("_", TableNames.normalize(""));
  }

  @Test
  void streamsThatNormalizeToOneNameAreToldApartWhateverTheirOrder() {
    Map<String, String> expected = Map.of("DupCase", "dupcase_349066", "dupcase", "dupcase");
    assertEquals(expected, TableNames.of(List.of("DupCase", "dupcase"), "", Map.of()));
    assertEquals(expected, TableNames.of(List.of("dupcase", "DupCase"), "", Map.of()));
  }

  @Test
  void thePrefixIsPartOfTheName() {
    assertEquals(Map.of("Users", "raw_users"), TableNames.of(List.of("Users"), "raw_", Map.of()));
  }

  @Test
  void anOverrideReplacesTheRuleAndCanSettleACollision() {
    Map<String, String> tables = TableNames.of(List.of("DupCase", "dupcase"), "", Map.of("DupCase", "Other"));
    assertEquals(Map.of("DupCase", "Other", "dupcase", "dupcase"), tables);
  }

  @Test
  void aCollisionLeftIsRefusedNamingBothStreamsAndTheTable() {
    AirbyteConfigException e = assertThrows(AirbyteConfigException.class,
        () -> TableNames.of(List.of("orders", "items"), "", Map.of("items", "ORDERS")));
    assertTrue(e.getMessage().contains("Stream 'items' and stream 'orders' would both be table 'ORDERS'"),
        e.getMessage());
    assertTrue(e.getMessage().contains("tableName.items"), e.getMessage());
  }

  @Test
  void noStreamTakesTheStateTable() {
    AirbyteConfigException e = assertThrows(AirbyteConfigException.class,
        () -> TableNames.of(List.of("_Airbyte_State"), "", Map.of()));
    assertTrue(e.getMessage().contains("the sync's state table"), e.getMessage());
  }

  @Test
  void noStreamTakesTheHistoryTable() {
    AirbyteConfigException e = assertThrows(AirbyteConfigException.class,
        () -> TableNames.of(List.of("users", "_airbyte_SYNCS"), "", Map.of()));
    assertTrue(e.getMessage().contains("Stream '_airbyte_SYNCS' and the sync history table would both be "
        + "table '_airbyte_syncs'"), e.getMessage());
  }
}
