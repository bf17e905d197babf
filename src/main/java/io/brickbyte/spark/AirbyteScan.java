package io.brickbyte.spark;

import io.brickbyte.protocol.ConfiguredCatalog.ConfiguredStream;
import io.brickbyte.staging.StagingWork;
import io.brickbyte.stream.AirbyteMicroBatchStream;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.types.StructType;

/** A read of the chosen columns. Its description shows in {@code explain()}: no config there. */
final class AirbyteScan implements Scan {

  private final ReadConf conf;
  private final StructType readSchema;
  private final ConfiguredStream stream;
  private final String tableName;
  private AirbyteBatch batch;

  AirbyteScan(ReadConf conf, StructType readSchema, ConfiguredStream stream, String tableName) {
    this.conf = conf;
    this.readSchema = readSchema;
    this.stream = stream;
    this.tableName = tableName;
  }

  @Override
  public StructType readSchema() {
    return readSchema;
  }

  @Override
  public String description() {
    return tableName + " [syncMode=" + conf.syncMode().wireName() + ", execution="
        + conf.execution().name().toLowerCase() + ", mode=" + conf.mode() + "]";
  }

  /** One batch per scan: Spark copies the physical plan, and a driver read must stage once. */
  @Override
  public synchronized Batch toBatch() {
    if (batch == null) {
      batch = new AirbyteBatch(conf, readSchema, stream);
    }
    return batch;
  }

  @Override
  public MicroBatchStream toMicroBatchStream(String checkpointLocation) {
    return AirbyteMicroBatchStream.of(conf, stream, readSchema, checkpointLocation);
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return conf.execution() == Execution.DRIVER ? StagingMetrics.withTaskMetrics() : AirbyteMetrics.all();
  }

  /** Spark asks once the partitions are planned, that is once a driver read has staged. */
  @Override
  public synchronized CustomTaskMetric[] reportDriverMetrics() {
    StagingWork work = batch == null ? null : batch.stagingWork();
    return work == null ? new CustomTaskMetric[0] : StagingMetrics.of(work);
  }
}
