package io.brickbyte.spark;

import io.brickbyte.AirbyteConfigException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.LocalScan;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.types.StructType;

/** The rows of an action's answer, computed on the driver: Spark plans them as a local scan. */
final class ActionScan implements LocalScan {

  private final String name;
  private final String action;
  private final ActionResult result;

  ActionScan(String name, String action, ActionResult result) {
    this.name = name;
    this.action = action;
    this.result = result;
  }

  @Override
  public MicroBatchStream toMicroBatchStream(String checkpointLocation) {
    throw new AirbyteConfigException("Option 'action' = '" + action + "' cannot be read as a stream. "
        + "Accepted: readStream of action=read (the default)");
  }

  @Override
  public InternalRow[] rows() {
    return result.rows().toArray(InternalRow[]::new);
  }

  @Override
  public StructType readSchema() {
    return result.schema();
  }

  @Override
  public String description() {
    return name;
  }
}
