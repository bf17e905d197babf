package io.brickbyte.delta;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The order in which the connector sent a checkpoint's records, to break ties between records of
 * one key with equal cursor and extraction time: the last one sent wins.
 *
 * <p>The staged read's partitions are the staged files in the order they were written, each split
 * into consecutive byte ranges in order, and a task reads its range front to back. So an id taken
 * right on that read's output, before any shuffle, grows with arrival: {@code
 * monotonically_increasing_id()} is the partition index in the upper bits and the row's position
 * in the partition in the lower ones.
 */
final class ArrivalOrder {

  static final String COLUMN = "__brickbyte_arrival";

  private ArrivalOrder() {}

  /** {@code staged}, straight from the staged read, with its arrival order as {@link #COLUMN}. */
  static Dataset<Row> numbered(Dataset<Row> staged) {
    return staged.withColumn(COLUMN, monotonically_increasing_id());
  }

  static Column lastFirst() {
    return col(COLUMN).desc();
  }
}
