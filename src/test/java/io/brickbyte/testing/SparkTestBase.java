package io.brickbyte.testing;

import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;

/**
 * One local[2] SparkSession for the test JVM (the first costs seconds; later classes reuse it).
 * Surefire sets the spark.* test properties: loopback driver, no UI, small shuffles.
 */
public abstract class SparkTestBase {

  protected static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("brickbyte-tests")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .getOrCreate();
  }

  /** A reader of the test connector. */
  protected static DataFrameReader testSource(String configJson) {
    return spark.read()
        .format("airbyte")
        .option("connector", TestConnectors.testSourceOption())
        .option("config", configJson);
  }
}
