package io.brickbyte.spark;

import io.brickbyte.AirbyteException;
import io.brickbyte.protocol.StreamDescriptor;
import io.brickbyte.schema.ConversionMode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
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
   * Splits the files into about {@code parallelism} partitions of equal size, none smaller than
   * {@link #MIN_SPLIT_BYTES} or larger than a staged file's roll size.
   */
  static InputPartition[] plan(List<String> files, int parallelism, long maxSplitBytes,
      StreamDescriptor stream, StructType schema, ConversionMode mode, Long syncId, StagedDir dir,
      Configuration conf) {
    Map<String, Long> lengths = lengths(files, conf);
    long total = lengths.values().stream().mapToLong(Long::longValue).sum();
    long split = Math.min(Long.getLong(MAX_SPLIT_BYTES_PROPERTY, maxSplitBytes),
        Math.max(MIN_SPLIT_BYTES, (total + parallelism - 1) / Math.max(1, parallelism)));
    List<InputPartition> partitions = new ArrayList<>();
    for (String file : files) {
      long length = lengths.get(file);
      for (long start = 0; start < length; start += split) {
        partitions.add(new StagedPartition(file, start, Math.min(split, length - start), stream,
            schema, mode, syncId, dir));
      }
    }
    return partitions.toArray(InputPartition[]::new);
  }

  /** File lengths, one listing per directory (on object stores a call per file adds up). */
  private static Map<String, Long> lengths(List<String> files, Configuration conf) {
    Map<Path, Map<String, Long>> byDir = new HashMap<>();
    Map<String, Long> lengths = new HashMap<>();
    try {
      for (String file : files) {
        Path path = new Path(file);
        Map<String, Long> listed = byDir.get(path.getParent());
        if (listed == null) {
          listed = new HashMap<>();
          for (FileStatus status : path.getFileSystem(conf).listStatus(path.getParent())) {
            listed.put(status.getPath().getName(), status.getLen());
          }
          byDir.put(path.getParent(), listed);
        }
        Long length = listed.get(path.getName());
        if (length == null) {
          throw new AirbyteException("The staged file " + file + " is missing");
        }
        lengths.put(file, length);
      }
    } catch (IOException e) {
      throw new AirbyteException("Cannot list the staged files: " + e, e);
    }
    return lengths;
  }
}
