package io.brickbyte.spark;

import io.brickbyte.protocol.ConfiguredCatalog.ConfiguredStream;
import io.brickbyte.schema.AirbyteColumns;
import io.brickbyte.schema.ConversionMode;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Takes the columns a query needs: the others are skipped in the parser, never converted. */
final class AirbyteScanBuilder implements ScanBuilder, SupportsPushDownRequiredColumns {

  private final ReadConf conf;
  private final ConfiguredStream stream;
  private final ActionResult actionResult;
  private final String tableName;
  private StructType readSchema;

  AirbyteScanBuilder(
      ReadConf conf,
      StructType schema,
      ConfiguredStream stream,
      ActionResult actionResult,
      String tableName) {
    this.conf = conf;
    this.readSchema = schema;
    this.stream = stream;
    this.actionResult = actionResult;
    this.tableName = tableName;
  }

  @Override
  public void pruneColumns(StructType requiredSchema) {
    // Action results are a few rows. DROPMALFORMED and FAILFAST must see every value, or which
    // records survive would depend on the columns a query happens to select.
    if (actionResult != null || conf.mode() != ConversionMode.PERMISSIVE) {
      return;
    }
    StructType pruned = new StructType();
    for (StructField field : requiredSchema.fields()) {
      // The Airbyte columns are built whole; nested pruning of them is not worth the code.
      pruned =
          pruned.add(
              AirbyteColumns.isAirbyteColumn(field.name())
                  ? AirbyteColumns.SCHEMA.apply(field.name())
                  : field);
    }
    readSchema = pruned;
  }

  @Override
  public Scan build() {
    return new AirbyteScan(conf, readSchema, stream, actionResult, tableName);
  }
}
