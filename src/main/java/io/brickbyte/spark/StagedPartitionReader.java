package io.brickbyte.spark;

import io.brickbyte.AirbyteDataException;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.AirbyteMessageReader;
import io.brickbyte.schema.RecordConverter;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;

/** Converts the records of one staged file range, with the same reader and converter as a live run. */
final class StagedPartitionReader implements PartitionReader<InternalRow> {

  private final StagedPartition partition;
  private final RecordConverter converter;
  private final AirbyteMessageReader reader;
  private InternalRow current;

  StagedPartitionReader(StagedPartition partition) {
    this.partition = partition;
    this.converter =
        new RecordConverter(partition.schema(), partition.stream(), partition.mode(), partition.syncId());
    try {
      Path path = new Path(partition.file());
      this.reader =
          new AirbyteMessageReader(
              new LineRangeInputStream(path.getFileSystem(SparkHadoopUtil.get().conf()).open(path, 1 << 16),
                  partition.start(), partition.start() + partition.length()),
              converter, line -> {});
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the staged file " + partition.file(), e);
    }
  }

  @Override
  public boolean next() throws IOException {
    AirbyteMessage message;
    while ((message = reader.next()) != null) {
      if (message instanceof AirbyteMessage.Record record
          && record.data() != null
          && record.data() != RecordConverter.DROPPED) {
        current = converter.complete(record.emittedAt(), record.meta());
        return true;
      }
    }
    if (reader.nonJsonLineCount() > 0) {
      throw new AirbyteDataException("The staged file " + partition.file() + " is damaged");
    }
    return false;
  }

  @Override
  public InternalRow get() {
    return current;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
