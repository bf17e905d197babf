package io.brickbyte.spark;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.LocalScan;
import org.apache.spark.sql.types.StructType;

/** The rows of an action's answer, computed on the driver: Spark plans them as a local scan. */
final class ActionScan implements LocalScan {

  private final String name;
  private final ActionResult result;

  ActionScan(String name, ActionResult result) {
    this.name = name;
    this.result = result;
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
