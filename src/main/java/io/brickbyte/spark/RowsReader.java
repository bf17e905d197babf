package io.brickbyte.spark;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;

final class RowsReader implements PartitionReader<InternalRow> {

  private final Iterator<InternalRow> rows;
  private InternalRow current;

  RowsReader(List<InternalRow> rows) {
    this.rows = rows.iterator();
  }

  @Override
  public boolean next() {
    current = rows.hasNext() ? rows.next() : null;
    return current != null;
  }

  @Override
  public InternalRow get() {
    return current;
  }

  @Override
  public void close() {}
}
