package io.brickbyte.spark;

import io.brickbyte.options.OptionValues;
import io.brickbyte.options.SessionDefaults;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import scala.collection.JavaConverters;

/**
 * The {@code airbyte} data source: {@code spark.read.format("airbyte")}. Spark makes one instance
 * per load, so the table found while inferring the schema (one {@code discover}) is kept for
 * {@link #getTable}.
 */
public final class AirbyteDataSource implements TableProvider, DataSourceRegister {

  private Table inferred;

  @Override
  public String shortName() {
    return "airbyte";
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    ReadConf conf = readConf(options.asCaseSensitiveMap());
    inferred = conf.action() == Action.READ ? AirbyteTable.load(conf) : ActionTable.load(conf);
    return inferred.schema();
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    if (inferred != null && inferred.schema().equals(schema)) {
      return inferred;
    }
    // A user-given schema: no discover needed.
    return AirbyteTable.withSchema(readConf(properties), schema);
  }

  /** The load's options over the cluster's defaults ({@code spark.brickbyte.<option>}). */
  private static ReadConf readConf(Map<String, String> options) {
    SparkSession spark = SparkSession.active();
    Map<String, String> sessionConf = JavaConverters.mapAsJavaMap(spark.conf().getAll());
    return ReadConf.parse(new OptionValues(SessionDefaults.apply(sessionConf, options)),
        spark.sparkContext().hadoopConfiguration());
  }

  @Override
  public boolean supportsExternalMetadata() {
    return true;
  }
}
