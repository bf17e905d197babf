package io.brickbyte.spark;

import io.brickbyte.protocol.ConfiguredCatalog.ConfiguredStream;
import io.brickbyte.stream.AirbyteMicroBatchStream;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.types.StructType;

/** A read of the chosen columns. Its description shows in {@code explain()}: no config there. */
final class AirbyteScan implements Scan {

  private final ReadConf conf;
  private final StructType readSchema;
  private final ConfiguredStream stream;
  private final ActionResult actionResult;
  private final String tableName;
  private AirbyteBatch batch;

  AirbyteScan(
      ReadConf conf,
      StructType readSchema,
      ConfiguredStream stream,
      ActionResult actionResult,
      String tableName) {
    this.conf = conf;
    this.readSchema = readSchema;
    this.stream = stream;
    this.actionResult = actionResult;
    this.tableName = tableName;
  }

  @Override
  public StructType readSchema() {
    return readSchema;
  }

  @Override
  public String description() {
    if (actionResult != null) {
      return tableName;
    }
    return tableName + " [syncMode=" + conf.syncMode().wireName() + ", execution="
        + conf.execution().name().toLowerCase() + ", mode=" + conf.mode() + "]";
  }

  /** One batch per scan: Spark copies the physical plan, and a driver read must stage once. */
  @Override
  public synchronized Batch toBatch() {
    if (batch == null) {
      batch = new AirbyteBatch(conf, readSchema, stream, actionResult);
    }
    return batch;
  }

  @Override
  public MicroBatchStream toMicroBatchStream(String checkpointLocation) {
    return AirbyteMicroBatchStream.of(conf, stream, readSchema, checkpointLocation);
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return AirbyteMetrics.all();
  }
}
