package io.brickbyte.spark;

import io.brickbyte.convert.RecordConverter;
import io.brickbyte.protocol.AirbyteMessage;
import java.io.IOException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;

/**
 * Turns a partition's messages into rows, counting what it did for the task metrics ({@link
 * AirbyteMetrics}). The one loop of the live and the staged reader, so that every read reports the
 * same metrics; a reader says where its messages come from.
 */
abstract class RecordReader implements PartitionReader<InternalRow> {

  private final RecordConverter converter;
  private InternalRow current;
  private long records;
  private long dropped;
  private long nulled;

  RecordReader(RecordConverter converter) {
    this.converter = converter;
  }

  /** The next message, or null at the end of the partition. */
  abstract AirbyteMessage nextMessage() throws IOException;

  /** Bytes of connector output read so far. */
  abstract long bytesRead();

  /** A message that is not a record: nothing to convert. */
  void onOtherMessage(AirbyteMessage message) {}

  @Override
  public final boolean next() throws IOException {
    AirbyteMessage message;
    while ((message = nextMessage()) != null) {
      if (message instanceof AirbyteMessage.Record record) {
        // Null data: a record of another stream, skipped uncounted.
        if (record.data() == RecordConverter.DROPPED) {
          records++;
          dropped++;
        } else if (record.data() != null) {
          records++;
          current = converter.complete(record.emittedAt(), record.meta());
          if (converter.nulledValues() > 0) {
            nulled++;
          }
          return true;
        }
      } else {
        onOtherMessage(message);
      }
    }
    return false;
  }

  @Override
  public final InternalRow get() {
    return current;
  }

  @Override
  public final CustomTaskMetric[] currentMetricsValues() {
    return new CustomTaskMetric[] {
      AirbyteMetrics.task(AirbyteMetrics.RECORDS, records),
      AirbyteMetrics.task(AirbyteMetrics.BYTES, bytesRead()),
      AirbyteMetrics.task(AirbyteMetrics.DROPPED, dropped),
      AirbyteMetrics.task(AirbyteMetrics.NULLED, nulled)
    };
  }
}
