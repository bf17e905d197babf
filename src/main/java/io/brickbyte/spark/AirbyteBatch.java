package io.brickbyte.spark;

import io.brickbyte.protocol.ConfiguredCatalog;
import io.brickbyte.protocol.ConfiguredCatalog.ConfiguredStream;
import java.util.List;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;

/**
 * With {@code execution=executor}, one input partition whose task runs the connector and converts
 * its records; with {@code execution=driver}, the connector runs here while partitions are planned,
 * and each staged file is a partition.
 */
final class AirbyteBatch implements Batch {

  private final ReadConf conf;
  private final StructType readSchema;
  private final ConfiguredStream stream;
  private final ActionResult actionResult;
  private InputPartition[] staged;

  AirbyteBatch(
      ReadConf conf, StructType readSchema, ConfiguredStream stream, ActionResult actionResult) {
    this.conf = conf;
    this.readSchema = readSchema;
    this.stream = stream;
    this.actionResult = actionResult;
  }

  @Override
  public synchronized InputPartition[] planInputPartitions() {
    if (actionResult != null) {
      return new InputPartition[] {new RowsPartition(actionResult.rows())};
    }
    if (conf.execution() == Execution.DRIVER) {
      if (staged == null) {
        staged = DriverStaging.stage(conf, stream, readSchema);
      }
      return staged;
    }
    return new InputPartition[] {
      new StreamPartition(conf, new ConfiguredCatalog(List.of(stream)), readSchema)
    };
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new AirbyteReaderFactory();
  }
}
