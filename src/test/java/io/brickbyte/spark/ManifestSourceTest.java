package io.brickbyte.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.testing.ItemsApi;
import io.brickbyte.testing.SparkTestBase;
import io.brickbyte.testing.TestPackages;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real declarative source run by the real airbyte-cdk from PyPI (installed by the data source
 * itself into a venv under target/) against a paginated mock API on 127.0.0.1.
 */
class ManifestSourceTest extends SparkTestBase {

  /** Pinned so CI is reproducible; the version airbyte-source-faker 7.2.1 also brings. */
  static final String CDK = "airbyte-cdk==6.61.6";
  private static final String TOKEN = "tok-8c1f0e";
  private static final int ITEMS = 260;

  private static ItemsApi api;
  private static Path venvs;

  @BeforeAll
  static void startApi() throws Exception {
    api = new ItemsApi(ITEMS, TOKEN);
    venvs = TestPackages.sharedVenvRoot();
  }

  @AfterAll
  static void stopApi() {
    api.close();
  }

  private static DataFrameReader manifestSource(String token) {
    return manifestSource("/connectors/manifest/items_api.yaml", token);
  }

  private static DataFrameReader manifestSource(String resource, String token) {
    Path manifest = TestPackages.resource(resource);
    return spark.read()
        .format("airbyte")
        .option("connector", "manifest:" + manifest)
        .option("cdkPackage", CDK)
        .option("installDir", venvs.toString())
        .option("config", "{\"base_url\": \"" + api.baseUrl() + "\", \"api_token\": \"" + token + "\"}");
  }

  @Test
  void readsEveryPageIntoTypedColumns() {
    Dataset<Row> items = manifestSource(TOKEN).option("stream", "items").load();
    StructType schema = items.schema();
    assertEquals(DataTypes.LongType, schema.apply("id").dataType());
    assertEquals(DataTypes.StringType, schema.apply("name").dataType());
    assertEquals(new DecimalType(38, 10), schema.apply("price").dataType());
    assertEquals(DataTypes.TimestampType, schema.apply("created_at").dataType());

    int before = api.requests();
    List<Row> rows = items.orderBy("id").collectAsList();
    assertEquals(ITEMS, rows.size());
    assertEquals(ITEMS - 1, rows.get(ITEMS - 1).getLong(rows.get(0).fieldIndex("id")));
    assertEquals("item 7", rows.get(7).getString(rows.get(7).fieldIndex("name")));
    assertEquals(0, new java.math.BigDecimal("7.25").compareTo(rows.get(7).getDecimal(rows.get(7).fieldIndex("price"))));
    assertEquals(ITEMS, items.select("id").distinct().count());
    // 50 a page: six pages per read, the last one short.
    assertTrue(api.requests() - before >= 6, "pages served: " + (api.requests() - before));
  }

  @Test
  void specComesFromTheManifestAndCheckUsesTheApi() {
    Row spec = manifestSource(TOKEN).option("action", "spec").load().first();
    String connectionSpecification = spec.getString(spec.fieldIndex("connection_specification"));
    assertTrue(connectionSpecification.contains("\"title\":\"Items API\""), connectionSpecification);
    assertTrue(connectionSpecification.contains("\"api_token\""), connectionSpecification);

    assertEquals("SUCCEEDED", manifestSource(TOKEN).option("action", "check").load().first().getString(0));
    Row failed = manifestSource("wrong-token").option("action", "check").load().first();
    assertEquals("FAILED", failed.getString(0));
    assertFalse(String.valueOf(failed.getString(1)).contains("wrong-token"));
  }

  @Test
  void customComponentsRunOnlyWhereTheUserAllowsThem() {
    String withComponents = "/connectors/manifest_components/items_api.yaml";
    Dataset<Row> items =
        manifestSource(withComponents, TOKEN).option("customComponents", "true").option("stream", "items").load();
    assertEquals(new DecimalType(38, 10), items.schema().apply("price_with_tax").dataType());
    Row item = items.where("id = 10").first();
    assertEquals(0, new java.math.BigDecimal("12.3").compareTo(item.getDecimal(item.fieldIndex("price_with_tax"))));
    assertEquals(ITEMS, items.count());

    // Without the opt-in the components are not injected: the CDK cannot find the class.
    Exception refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            Exception.class,
            () -> manifestSource(withComponents, TOKEN).option("stream", "items").load().count());
    String message = String.valueOf(refused.getMessage());
    assertTrue(message.contains("Connector manifest:"), message);
    assertFalse(message.contains(TOKEN), message);
  }
}
