package io.brickbyte.staging;

import io.brickbyte.AirbyteException;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.StreamDescriptor;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Stages a connector's RECORD messages on a (shared) file system, one series of files per stream,
 * rolled by size so that many tasks convert them in parallel. Records are staged as the protocol's
 * own JSON lines, so tasks read them with the same reader and converter as a live connector.
 *
 * <p>A stream's records are handed over up to its {@linkplain #mark mark} (where its latest state
 * was): records staged after the mark wait for the next {@link #seal}, so a checkpoint never
 * commits records its state does not cover. Not thread-safe: one drain thread writes.
 */
public final class StagingWriter implements Closeable {

  /** Staged files are closed at this size: the largest share of one task. */
  public static final long ROLL_BYTES = 64L << 20;

  private static final FsPermission PRIVATE = new FsPermission((short) 0700);

  private final FileSystem fs;
  private final Path dir;
  private final long rollBytes;
  private final Map<StreamDescriptor, Series> series = new HashMap<>();
  /** The names of the last record written by its own names, and their descriptor. */
  private String lastStream;
  private String lastNamespace;
  private StreamDescriptor named;
  /** The series of the last descriptor written to. */
  private StreamDescriptor lastDescriptor;
  private Series lastSeries;

  public StagingWriter(String dir, long rollBytes, Configuration hadoopConf) {
    try {
      this.dir = new Path(dir);
      // A private instance: checksum files (local file systems) are turned off for it alone.
      this.fs = FileSystem.newInstance(this.dir.toUri(), hadoopConf);
      fs.setWriteChecksum(false);
      fs.mkdirs(this.dir, PRIVATE);
      fs.setPermission(this.dir, PRIVATE);
    } catch (IOException e) {
      throw new AirbyteException("Cannot create the staging directory " + dir + ": " + e, e);
    }
    this.rollBytes = rollBytes;
  }

  public String dir() {
    return dir.toString();
  }

  /** Appends a record read with {@link io.brickbyte.protocol.RecordDecoder#LINES}, as it is. */
  public void write(AirbyteMessage.RecordLine record) throws IOException {
    // The reader hands out the same name Strings while the stream stays the same: no lookup then.
    if (named == null || record.stream() != lastStream || record.namespace() != lastNamespace) {
      named = new StreamDescriptor(record.stream(), record.namespace());
      lastStream = record.stream();
      lastNamespace = record.namespace();
    }
    write(named, record);
  }

  /**
   * Appends a record line to {@code stream}'s files whatever stream it names: for a read of one
   * stream, whose tasks skip any record of another, as a live read does.
   */
  public void write(StreamDescriptor stream, AirbyteMessage.RecordLine record) throws IOException {
    if (lastSeries == null || stream != lastDescriptor) {
      lastSeries = series.computeIfAbsent(stream, s -> new Series(series.size()));
      lastDescriptor = stream;
    }
    try {
      lastSeries.write(record.bytes(), record.offset(), record.length());
    } catch (FSError e) {
      throw diskFailure(e);
    }
  }

  /** Hadoop's local file system reports a failed write (a full disk) as FSError, an Error. */
  private static IOException diskFailure(FSError e) {
    return e.getCause() instanceof IOException cause ? cause : new IOException(e.getMessage(), e);
  }

  /** Everything staged for the stream so far may be handed over by the next {@link #seal}. */
  public void mark(StreamDescriptor stream) {
    Series target = series.get(stream);
    if (target != null) {
      target.mark = target.written;
      target.markedRecords = target.records;
    }
  }

  /**
   * The stream's records from the previous seal up to its mark, in order, as segments of closed
   * files (a file the mark falls in is closed; the lines after the mark stay for the next seal).
   */
  public List<StagedSegment> seal(StreamDescriptor stream) throws IOException {
    Series target = series.get(stream);
    return target == null ? List.of() : target.seal();
  }

  /** Marks, then seals, the stream: every record staged for it so far. */
  public List<StagedSegment> sealAll(StreamDescriptor stream) throws IOException {
    mark(stream);
    return seal(stream);
  }

  /** Records staged for the stream so far. */
  public long records(StreamDescriptor stream) {
    Series target = series.get(stream);
    return target == null ? 0 : target.records;
  }

  /** Records of the stream handed over by seals so far. */
  public long sealedRecords(StreamDescriptor stream) {
    Series target = series.get(stream);
    return target == null ? 0 : target.sealedRecords;
  }

  /** Closes the open files (their records stay staged) and this writer's file system handle. */
  @Override
  public void close() throws IOException {
    try {
      closeFiles();
    } finally {
      fs.close();
    }
  }

  /** Closes every open file, also after one of them failed; throws the first failure. */
  private void closeFiles() throws IOException {
    IOException failed = null;
    for (Series each : series.values()) {
      try {
        each.closeCurrent();
      } catch (IOException e) {
        failed = failed == null ? e : failed;
      } catch (FSError e) {
        failed = failed == null ? diskFailure(e) : failed;
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  /** Removes every staged file, also after a write failed (a full disk is freed again). */
  public void delete() {
    try {
      closeFiles();
    } catch (IOException e) {
      // A file that cannot be written is deleted with the rest; the caller reports the failure.
    }
    try {
      fs.delete(dir, true);
      series.clear();
      lastSeries = null;
      fs.close();
    } catch (IOException e) {
      throw new AirbyteException("Cannot delete the staging directory " + dir + ": " + e, e);
    }
  }

  /**
   * The files of one stream. Positions are counted over the whole series (a file's first byte is
   * at its {@code base}), so a mark can fall in any file.
   */
  private final class Series {
    private final int index;
    /** Closed files not yet wholly handed over, oldest first. */
    private final List<StagedFile> closed = new ArrayList<>();
    private OutputStream out;
    private StagedFile current;
    private int files;
    private long written;
    private long records;
    private long mark;
    private long markedRecords;
    private long handedOver;
    private long sealedRecords;

    Series(int index) {
      this.index = index;
    }

    void write(byte[] line, int offset, int length) throws IOException {
      if (out == null) {
        Path path = new Path(dir, String.format("stream-%04d-part-%06d.jsonl", index, files++));
        out = new BufferedOutputStream(fs.create(path, PRIVATE, false, 1 << 16,
            fs.getDefaultReplication(path), fs.getDefaultBlockSize(path), null), 1 << 20);
        current = new StagedFile(path.toString(), written);
      }
      out.write(line, offset, length);
      out.write('\n');
      written += length + 1;
      records++;
      if (written - current.base >= rollBytes) {
        closeCurrent();
      }
    }

    List<StagedSegment> seal() throws IOException {
      if (current != null && mark > current.base) {
        try {
          closeCurrent(); // tasks can read only closed files
        } catch (FSError e) {
          throw diskFailure(e);
        }
      }
      List<StagedSegment> segments = new ArrayList<>();
      for (StagedFile file : closed) {
        long from = Math.max(handedOver, file.base);
        long to = Math.min(mark, file.end);
        if (from < to) {
          segments.add(new StagedSegment(file.path, from - file.base, to - file.base));
        }
      }
      handedOver = mark;
      sealedRecords = markedRecords;
      closed.removeIf(file -> file.end <= handedOver);
      return segments;
    }

    private void closeCurrent() throws IOException {
      if (out != null) {
        OutputStream closing = out;
        out = null; // a file that fails to close is neither sealed nor closed again
        closing.close();
        current.end = written;
        closed.add(current);
        current = null;
      }
    }
  }

  /** A staged file and where it lies in its series. */
  private static final class StagedFile {
    final String path;
    final long base;
    long end;

    StagedFile(String path, long base) {
      this.path = path;
      this.base = base;
    }
  }
}
