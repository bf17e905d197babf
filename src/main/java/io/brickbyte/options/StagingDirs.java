package io.brickbyte.options;

import io.brickbyte.AirbyteConfigException;
import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checks option {@code stagingDir} when the options are parsed, not when the first record is
 * staged: a file system Hadoop does not know, a path that is a file, or a directory that cannot be
 * written fails the load (or the sync's start) naming the option.
 */
final class StagingDirs {

  private StagingDirs() {}

  /**
   * @param probe whether this load stages records: then a file is created and deleted there
   * @return the directory, or null where none is set
   */
  static String check(String value, boolean probe, Configuration hadoop) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String dir = value.strip();
    try {
      Path path = new Path(dir);
      FileSystem fs = path.getFileSystem(hadoop);
      if (fs.exists(path) && !fs.getFileStatus(path).isDirectory()) {
        throw refused(dir, "it is a file");
      }
      if (probe) {
        Path file = new Path(path, ".brickbyte-probe-" + UUID.randomUUID());
        fs.mkdirs(path);
        fs.create(file, false).close();
        fs.delete(file, false);
      }
    } catch (AirbyteConfigException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw refused(dir, "it cannot be written (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    }
    return dir;
  }

  private static AirbyteConfigException refused(String dir, String problem) {
    return new AirbyteConfigException("Option 'stagingDir' = '" + dir + "' is not accepted: " + problem
        + ". Accepted: a directory every node can write, as a Hadoop file system URI, e.g. "
        + "dbfs:/tmp/brickbyte or /Volumes/main/default/staging");
  }
}
