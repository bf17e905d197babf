package io.brickbyte.spark;

import io.brickbyte.protocol.StreamDescriptor;
import io.brickbyte.convert.ConversionMode;
import io.brickbyte.staging.StagedDir;
import io.brickbyte.staging.StagedSegment;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.types.StructType;

/**
 * The lines of one staged file that start in {@code [start, start + length)}: a task's share.
 * Files are split so that a small read still spreads over every core. {@code dir} keeps a plain
 * read's files alive while the partition can be read (null where the sync deletes its own).
 */
record StagedPartition(
    String file, long start, long length, StreamDescriptor stream, StructType schema,
    ConversionMode mode, Long syncId, StagedDir dir) implements InputPartition {

  /** Below this a split is not worth a task of its own. */
  static final long MIN_SPLIT_BYTES = 4L << 20;
  /** Test hook (a system property): a smaller largest split, so a small read has many partitions. */
  static final String MAX_SPLIT_BYTES_PROPERTY = "brickbyte.test.maxSplitBytes";

  /**
   * Splits the segments into about {@code parallelism} partitions of equal size, none smaller than
   * {@link #MIN_SPLIT_BYTES} or larger than a staged file's roll size, in the segments' order (the
   * order the connector sent the records in).
   */
  static InputPartition[] plan(List<StagedSegment> segments, int parallelism, long maxSplitBytes,
      StreamDescriptor stream, StructType schema, ConversionMode mode, Long syncId, StagedDir dir) {
    long total = segments.stream().mapToLong(StagedSegment::length).sum();
    long split = Math.min(Long.getLong(MAX_SPLIT_BYTES_PROPERTY, maxSplitBytes),
        Math.max(MIN_SPLIT_BYTES, (total + parallelism - 1) / Math.max(1, parallelism)));
    List<InputPartition> partitions = new ArrayList<>();
    for (StagedSegment segment : segments) {
      for (long start = segment.start(); start < segment.end(); start += split) {
        partitions.add(new StagedPartition(segment.file(), start,
            Math.min(split, segment.end() - start), stream, schema, mode, syncId, dir));
      }
    }
    return partitions.toArray(InputPartition[]::new);
  }
}
