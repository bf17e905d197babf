package io.brickbyte.spark;

import io.brickbyte.protocol.ConfiguredCatalog;
import io.brickbyte.protocol.ConfiguredCatalog.ConfiguredStream;
import io.brickbyte.staging.StagingWork;
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
  private DriverStaging.Staged staged;

  AirbyteBatch(ReadConf conf, StructType readSchema, ConfiguredStream stream) {
    this.conf = conf;
    this.readSchema = readSchema;
    this.stream = stream;
  }

  @Override
  public synchronized InputPartition[] planInputPartitions() {
    if (conf.execution() == Execution.DRIVER) {
      if (staged == null) {
        staged = DriverStaging.stage(conf, stream, readSchema);
      }
      return staged.partitions();
    }
    return new InputPartition[] {
      new StreamPartition(conf, new ConfiguredCatalog(List.of(stream)), readSchema)
    };
  }

  /** What the driver staged for this batch, or null (not planned yet, or nothing staged). */
  synchronized StagingWork stagingWork() {
    return staged == null ? null : staged.work();
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return conf.execution() == Execution.DRIVER ? new StagedReaderFactory() : new AirbyteReaderFactory();
  }
}
