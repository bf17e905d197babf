package io.brickbyte.spark;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

final class AirbyteReaderFactory implements PartitionReaderFactory {

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    if (partition instanceof RowsPartition rows) {
      return new RowsReader(rows.rows());
    }
    if (partition instanceof StagedPartition staged) {
      return new StagedPartitionReader(staged);
    }
    return new AirbytePartitionReader((StreamPartition) partition);
  }
}
