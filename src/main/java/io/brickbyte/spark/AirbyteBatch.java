package io.brickbyte.spark;

import io.brickbyte.protocol.ConfiguredCatalog;
import io.brickbyte.protocol.ConfiguredCatalog.ConfiguredStream;
import java.util.List;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;

/**
 * One input partition per connector run: with {@code execution=executor}, the stream's connector
 * runs in the task that converts its records.
 */
final class AirbyteBatch implements Batch {

  private final ReadConf conf;
  private final StructType readSchema;
  private final ConfiguredStream stream;
  private final ActionResult actionResult;

  AirbyteBatch(
      ReadConf conf, StructType readSchema, ConfiguredStream stream, ActionResult actionResult) {
    this.conf = conf;
    this.readSchema = readSchema;
    this.stream = stream;
    this.actionResult = actionResult;
  }

  @Override
  public InputPartition[] planInputPartitions() {
    if (actionResult != null) {
      return new InputPartition[] {new RowsPartition(actionResult.rows())};
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
