package io.brickbyte.stream;

import io.brickbyte.AirbyteException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream's files under the checkpoint location Spark gives the source: the initial offset,
 * written once, and a directory per connector run ({@code runs/run-000001}) with its staged
 * records, kept until every batch reading them is done.
 */
final class StreamCheckpoint {

  private static final Logger LOG = LoggerFactory.getLogger(StreamCheckpoint.class);
  private static final String RUN_PREFIX = "run-";

  private final Path root;
  private final Path runs;
  private final Configuration hadoopConf;

  StreamCheckpoint(String location, Configuration hadoopConf) {
    this.root = new Path(location);
    this.runs = new Path(root, "runs");
    this.hadoopConf = hadoopConf;
  }

  /**
   * The offset the query started from: read back if a previous start wrote it, else {@code
   * decided} written now, so that a restart never decides it again (with other options, say).
   */
  AirbyteStreamOffset initialOffset(Supplier<AirbyteStreamOffset> decided) {
    Path file = new Path(root, "initial-offset.json");
    try {
      FileSystem fs = fs();
      if (fs.exists(file)) {
        try (var in = fs.open(file)) {
          return AirbyteStreamOffset.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
      AirbyteStreamOffset offset = decided.get();
      Path temp = new Path(root, ".initial-offset.json.tmp");
      try (OutputStream out = fs.create(temp, true)) {
        out.write(offset.json().getBytes(StandardCharsets.UTF_8));
      }
      if (!fs.rename(temp, file)) {
        throw new IOException("cannot rename " + temp + " to " + file);
      }
      return offset;
    } catch (IOException e) {
      throw new AirbyteException("Cannot keep the stream's initial offset under " + root + ": " + e, e);
    }
  }

  /**
   * A name for a new run's directory, after every run directory there is and after {@code
   * latest}, the run of the latest offset: a logged offset's run is never named again, even once
   * its directory is gone.
   */
  String newRun(String latest) {
    long last = number(latest);
    for (FileStatus status : runDirs()) {
      last = Math.max(last, number(status.getPath().getName()));
    }
    return String.format("%s%06d", RUN_PREFIX, last + 1);
  }

  private static long number(String run) {
    try {
      return run == null ? 0 : Long.parseLong(run.substring(RUN_PREFIX.length()));
    } catch (NumberFormatException | IndexOutOfBoundsException notOurs) {
      return 0;
    }
  }

  String runDir(String run) {
    return new Path(runs, run).toString();
  }

  /** Where a staged file of {@code run} is, from the name an offset keeps. */
  String file(String run, String name) {
    return new Path(new Path(runs, run), name).toString();
  }

  /** Deletes the staged records of every run but those named (nulls name none). */
  void deleteRunsExcept(String... keep) {
    List<String> kept = Arrays.asList(keep);
    for (FileStatus status : runDirs()) {
      if (!kept.contains(status.getPath().getName())) {
        try {
          fs().delete(status.getPath(), true);
          LOG.debug("Deleted the staged records of {}: its batches are done", status.getPath());
        } catch (IOException e) {
          LOG.warn("Could not delete the staged records under {}: {}", status.getPath(), e.toString());
        }
      }
    }
  }

  /**
   * Deletes the staged files of {@code run} named before {@code file}: a run stages one stream,
   * in files whose names sort in the order they were written, so these are all read by batches
   * before the one that starts at {@code file}.
   */
  void deleteFilesBefore(String run, String file) {
    Path dir = new Path(runs, run);
    try {
      FileSystem fs = fs();
      for (FileStatus status : fs.listStatus(dir)) {
        if (status.getPath().getName().compareTo(file) < 0) {
          fs.delete(status.getPath(), false);
        }
      }
    } catch (IOException e) {
      LOG.warn("Could not delete the staged records of done batches under {}: {}", dir, e.toString());
    }
  }

  /**
   * Whether the query committed every batch it logged, read from its checkpoint ({@code
   * <checkpoint>/sources/<n>} is this source's location; {@code offsets/} and {@code commits/}
   * hold a file per batch id). When it did, no batch can be replayed, and nothing staged is
   * needed: the end of an AvailableNow run, whose last batch Spark never hands to {@code commit}.
   * False where the layout is not that one.
   */
  boolean everyLoggedBatchCommitted() {
    Path sources = root.getParent();
    if (sources == null || !"sources".equals(sources.getName()) || sources.getParent() == null) {
      return false;
    }
    Path query = sources.getParent();
    try {
      FileSystem fs = fs();
      long logged = lastBatchId(fs, new Path(query, "offsets"));
      return logged >= 0 && lastBatchId(fs, new Path(query, "commits")) == logged;
    } catch (IOException e) {
      LOG.warn("Could not read the query's offset and commit logs under {}: {}", query, e.toString());
      return false;
    }
  }

  /** The highest batch id among a log's files, or -1. */
  private static long lastBatchId(FileSystem fs, Path log) throws IOException {
    if (!fs.exists(log)) {
      return -1;
    }
    long last = -1;
    for (FileStatus status : fs.listStatus(log)) {
      String name = status.getPath().getName();
      if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
        last = Math.max(last, Long.parseLong(name));
      }
    }
    return last;
  }

  private FileStatus[] runDirs() {
    try {
      FileSystem fs = fs();
      return fs.exists(runs) ? fs.listStatus(runs) : new FileStatus[0];
    } catch (IOException e) {
      throw new AirbyteException("Cannot list the stream's staged runs under " + runs + ": " + e, e);
    }
  }

  private FileSystem fs() throws IOException {
    return root.getFileSystem(hadoopConf);
  }
}
