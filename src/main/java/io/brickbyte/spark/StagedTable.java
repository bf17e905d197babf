package io.brickbyte.spark;

import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** A sync's staged records as a table: its schema is given, so nothing runs on the driver here. */
final class StagedTable implements SupportsRead {

  private final StagedRecords records;

  StagedTable(StagedRecords records) {
    this.records = records;
  }

  @Override
  public String name() {
    return "airbyte[staged]." + records.stream();
  }

  @Override
  public StructType schema() {
    return records.schema();
  }

  @Override
  public Set<TableCapability> capabilities() {
    return Set.of(TableCapability.BATCH_READ);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
    // Every column is converted: the sync writes them all.
    return () -> new StagedScan(name(), records);
  }
}
