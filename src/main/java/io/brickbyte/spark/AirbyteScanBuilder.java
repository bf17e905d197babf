package io.brickbyte.spark;

import io.brickbyte.protocol.ConfiguredCatalog.ConfiguredStream;
import io.brickbyte.schema.AirbyteColumns;
import io.brickbyte.convert.ConversionMode;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Takes the columns a query needs: the others are skipped in the parser, never converted (but
 * see {@link #pruneColumns} for the cases where every column must still be converted).
 */
final class AirbyteScanBuilder implements ScanBuilder, SupportsPushDownRequiredColumns {

  private final ReadConf conf;
  private final ConfiguredStream stream;
  private final String tableName;
  private final StructType schema;
  private StructType readSchema;

  AirbyteScanBuilder(
      ReadConf conf,
      StructType schema,
      ConfiguredStream stream,
      String tableName) {
    this.conf = conf;
    this.schema = schema;
    this.readSchema = schema;
    this.stream = stream;
    this.tableName = tableName;
  }

  @Override
  public void pruneColumns(StructType requiredSchema) {
    // DROPMALFORMED and FAILFAST must see every value, or which records survive would depend on
    // the columns a query happens to select.
    if (conf.mode() != ConversionMode.PERMISSIVE) {
      return;
    }
    // _airbyte_meta lists the values every data column nulled: a query that reads it (a data
    // quality check) gets every data column converted, whole, whatever else it selects; Spark
    // projects the extra columns away.
    boolean readsMeta = requiredSchema.getFieldIndex(AirbyteColumns.META).isDefined();
    StructType pruned = new StructType();
    if (readsMeta) {
      for (StructField field : schema.fields()) {
        if (!AirbyteColumns.isAirbyteColumn(field.name())) {
          pruned = pruned.add(field);
        }
      }
    }
    for (StructField field : requiredSchema.fields()) {
      // The Airbyte columns are built whole; nested pruning of them is not worth the code.
      if (AirbyteColumns.isAirbyteColumn(field.name())) {
        pruned = pruned.add(AirbyteColumns.SCHEMA.apply(field.name()));
      } else if (!readsMeta) {
        pruned = pruned.add(field);
      }
    }
    readSchema = pruned;
  }

  @Override
  public Scan build() {
    return new AirbyteScan(conf, readSchema, stream, tableName);
  }
}
