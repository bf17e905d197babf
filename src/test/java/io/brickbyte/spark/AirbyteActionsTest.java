package io.brickbyte.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.testing.SparkTestBase;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.LocalTableScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** spec, check and discover as small DataFrames. */
class AirbyteActionsTest extends SparkTestBase {

  @Test
  void discoverListsStreamsWithTheirSparkSchema() {
    List<Row> streams =
        testSource("{}").option("action", "discover").load().orderBy("stream").collectAsList();
    assertEquals(
        List.of("generated", "large", "types", "users", "wide"),
        streams.stream().map(r -> r.getString(0)).toList());
    Row users = streams.get(3);
    assertEquals(List.of("full_refresh", "incremental"), users.getList(users.fieldIndex("supported_sync_modes")));
    assertTrue(users.getBoolean(users.fieldIndex("source_defined_cursor")));
    assertEquals(List.of("updated_at"), users.getList(users.fieldIndex("default_cursor_field")));
    assertEquals(
        "[[\"id\"]]",
        testSource("{}").option("action", "discover").load().where("stream = 'users'")
            .selectExpr("to_json(source_defined_primary_key)").first().getString(0));
    // The DDL reads back as the schema a plain load infers.
    StructType fromDdl = StructType.fromDDL(users.getString(users.fieldIndex("spark_schema")));
    StructType loaded = testSource("{}").option("stream", "users").load().schema();
    assertEquals(
        List.of(loaded.fields()).stream().map(f -> f.name() + ":" + f.dataType().simpleString()).toList(),
        List.of(fromDdl.fields()).stream().map(f -> f.name() + ":" + f.dataType().simpleString()).toList());
    assertTrue(users.getString(users.fieldIndex("json_schema")).contains("\"updated_at\""));
  }

  @Test
  void checkAnswersStatusAndMessage() {
    Row ok = testSource("{}").option("action", "check").load().first();
    assertEquals("SUCCEEDED", ok.getString(0));
    Row failed = testSource("{\"password\": \"wrong\"}").option("action", "CHECK").load().first();
    assertEquals("FAILED", failed.getString(0));
    assertEquals("Authentication failed: the password was rejected", failed.getString(1));
  }

  @Test
  void specShowsTheConnectionSpecification() {
    Row spec = testSource("{}").option("action", "spec").load().first();
    String connectionSpecification = spec.getString(spec.fieldIndex("connection_specification"));
    assertTrue(connectionSpecification.contains("\"count\""), connectionSpecification);
    assertTrue(connectionSpecification.contains("airbyte_secret"), connectionSpecification);
    assertFalse(spec.getString(spec.fieldIndex("spec")).isEmpty());
  }

  @Test
  void anActionsRowsComeFromTheDriverAsALocalScan() {
    Dataset<Row> check = testSource("{}").option("action", "check").load();
    assertEquals(1, check.collectAsList().size());
    SparkPlan plan = check.queryExecution().executedPlan();
    assertTrue(plan instanceof LocalTableScanExec, plan.toString());
  }

  @Test
  void explainShowsConnectorAndStreamOnly() {
    String plan =
        testSource("{\"count\": 2, \"password\": \"pw-123456\"}").option("stream", "users").load()
            .queryExecution().explainString(org.apache.spark.sql.execution.ExtendedMode$.MODULE$);
    assertTrue(plan.contains("airbyte[exec:python3 "), plan);
    assertTrue(plan.contains("users [syncMode=full_refresh, execution=executor, mode=PERMISSIVE]"), plan);
    assertFalse(plan.contains("pw-123456"), plan);
  }
}
