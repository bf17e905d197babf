package io.brickbyte.spark;

import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;

/** Rows already computed on the driver (the answer of spec, check or discover). */
record RowsPartition(List<InternalRow> rows) implements InputPartition {}
