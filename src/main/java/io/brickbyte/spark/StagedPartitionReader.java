package io.brickbyte.spark;

import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.AirbyteMessageReader;
import io.brickbyte.convert.RecordConverter;
import io.brickbyte.staging.LineRangeInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Converts the records of one staged file range, with the same reader and converter as a live run. */
final class StagedPartitionReader extends RecordReader {

  private static final Logger LOG = LoggerFactory.getLogger(StagedPartitionReader.class);

  private final StagedPartition partition;
  private final AirbyteMessageReader reader;

  StagedPartitionReader(StagedPartition partition) {
    this(partition, new RecordConverter(
        partition.schema(), partition.stream(), partition.mode(), partition.syncId()));
  }

  private StagedPartitionReader(StagedPartition partition, RecordConverter converter) {
    super(converter);
    this.partition = partition;
    try {
      Path path = new Path(partition.file());
      this.reader =
          new AirbyteMessageReader(
              new LineRangeInputStream(path.getFileSystem(SparkHadoopUtil.get().conf()).open(path, 1 << 16),
                  partition.start(), partition.start() + partition.length()),
              converter, this::skipBrokenLine);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the staged file " + partition.file(), e);
    }
  }

  @Override
  AirbyteMessage nextMessage() throws IOException {
    return reader.next();
  }

  @Override
  long bytesRead() {
    return reader.bytesRead();
  }

  /**
   * A staged line that is not a JSON message is one the connector broke (the driver stages a line
   * by its first bytes): skipped, as a live read skips it. Its text is not logged: it is data.
   */
  private void skipBrokenLine(String line) {
    LOG.warn("Skipped a record line of {} that is not JSON ({} characters): the connector wrote it "
        + "broken; a live read skips it too", partition.stream(), line.length());
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
