package io.brickbyte.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.brickbyte.testing.SparkTestBase;
import io.brickbyte.testing.TestPackages;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The real airbyte-source-faker from PyPI, named as users name it (a registry name, resolved
 * through a local copy of the registry), installed by the data source into a venv under target/.
 */
class FakerSourceTest extends SparkTestBase {

  /** Pinned so CI is reproducible: installs on Python 3.10 to 3.12. */
  static final String FAKER = "source-faker==7.2.1";

  @Test
  void readsUsersWithTheConfiguredCountAndCatalogTypes() throws Exception {
    Dataset<Row> users =
        spark.read()
            .format("airbyte")
            .option("connector", FAKER)
            .option("registryUrl", TestPackages.resource("/registry/oss_registry.json").toString())
            .option("installDir", TestPackages.sharedVenvRoot().toString())
            .option("config", "{\"count\": 137, \"seed\": 42, \"parallelism\": 1}")
            .option("stream", "users")
            .load();
    StructType schema = users.schema();
    assertEquals(DataTypes.LongType, schema.apply("id").dataType());
    assertEquals(DataTypes.LongType, schema.apply("age").dataType());
    assertEquals(DataTypes.StringType, schema.apply("email").dataType());
    assertEquals(DataTypes.TimestampType, schema.apply("created_at").dataType());
    StructType address = (StructType) schema.apply("address").dataType();
    assertEquals(DataTypes.StringType, address.apply("city").dataType());

    List<Row> rows = users.select("id", "email", "address.city").collectAsList();
    assertEquals(137, rows.size());
    assertEquals(137, users.select("id").distinct().count());
    assertEquals(0, users.where("email IS NULL OR created_at IS NULL").count());
  }
}
