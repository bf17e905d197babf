package io.brickbyte.spark;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.brickbyte.AirbyteException;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.Json;
import io.brickbyte.protocol.RecordDecoder;
import io.brickbyte.protocol.StreamDescriptor;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Stages a connector's RECORD messages on a (shared) file system, one series of files per stream,
 * rolled by size so that many tasks convert them in parallel. Records are staged as the protocol's
 * own JSON lines, so tasks read them with the same reader and converter as a live connector.
 * Not thread-safe: one drain thread writes.
 */
public final class StagingWriter implements Closeable {

  /** Decodes a record's data into its JSON bytes, copied once from the parser. */
  public static final RecordDecoder RAW_DATA =
      (stream, namespace, parser) -> {
        ByteArrayBuilder bytes = new ByteArrayBuilder(256);
        try (JsonGenerator generator = Json.FACTORY.createGenerator(bytes)) {
          generator.copyCurrentStructure(parser);
        }
        return bytes.toByteArray();
      };

  /** The read option that turns {@code format("airbyte")} into a read of staged files (a JSON array). */
  public static final String FILES_OPTION = "stagedFiles";

  /** The read option giving staged rows their {@code _airbyte_meta.sync_id}. */
  public static final String SYNC_ID_OPTION = "syncId";

  private static final FsPermission PRIVATE = new FsPermission((short) 0700);
  private static final byte[] DATA_FIELD = ",\"data\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] META_FIELD = ",\"meta\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "}}\n".getBytes(StandardCharsets.US_ASCII);

  private final FileSystem fs;
  private final Path dir;
  private final long rollBytes;
  private final Map<StreamDescriptor, Series> series = new HashMap<>();

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

  /** Appends a record whose data was decoded by {@link #RAW_DATA}. */
  public void write(AirbyteMessage.Record record) throws IOException {
    StreamDescriptor stream = new StreamDescriptor(record.stream(), record.namespace());
    Series target = series.computeIfAbsent(stream, s -> new Series(series.size()));
    target.write(record);
  }

  /** Closes the stream's open file; returns the files completed since the last call, in order. */
  public List<String> seal(StreamDescriptor stream) throws IOException {
    Series target = series.get(stream);
    return target == null ? List.of() : target.seal();
  }

  /** Records staged for the stream so far. */
  public long records(StreamDescriptor stream) {
    Series target = series.get(stream);
    return target == null ? 0 : target.records;
  }

  /** Closes the open files (their records stay staged) and this writer's file system handle. */
  @Override
  public void close() throws IOException {
    closeFiles();
    fs.close();
  }

  private void closeFiles() throws IOException {
    for (Series each : series.values()) {
      each.closeCurrent();
    }
  }

  /** Removes every staged file. */
  public void delete() {
    try {
      closeFiles();
      fs.delete(dir, true);
      series.clear();
      fs.close();
    } catch (IOException e) {
      throw new AirbyteException("Cannot delete the staging directory " + dir + ": " + e, e);
    }
  }

  private static byte[] envelopePrefix(AirbyteMessage.Record record) {
    ObjectNode envelope = Json.MAPPER.createObjectNode();
    envelope.put("stream", record.stream());
    if (record.namespace() != null) {
      envelope.put("namespace", record.namespace());
    }
    String fields = envelope.toString();
    String text = "{\"type\":\"RECORD\",\"record\":" + fields.substring(0, fields.length() - 1)
        + ",\"emitted_at\":";
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The files of one stream. */
  private final class Series {
    private final int index;
    private final List<String> sealed = new ArrayList<>();
    private OutputStream out;
    private byte[] prefix;
    private Path current;
    private long bytes;
    private int files;
    private long records;

    Series(int index) {
      this.index = index;
    }

    void write(AirbyteMessage.Record record) throws IOException {
      if (out == null) {
        current = new Path(dir, String.format("stream-%04d-part-%06d.jsonl", index, files++));
        out = new BufferedOutputStream(fs.create(current, PRIVATE, false, 1 << 16,
            fs.getDefaultReplication(current), fs.getDefaultBlockSize(current), null), 1 << 20);
        bytes = 0;
      }
      if (prefix == null) {
        prefix = envelopePrefix(record);
      }
      // {"type":"RECORD","record":{"stream":..,"namespace":..,"emitted_at":N,"data":DATA[,"meta":M]}}
      byte[] emittedAt = Long.toString(record.emittedAt()).getBytes(StandardCharsets.US_ASCII);
      byte[] data = (byte[]) record.data();
      out.write(prefix);
      out.write(emittedAt);
      out.write(DATA_FIELD);
      out.write(data);
      long written = prefix.length + emittedAt.length + DATA_FIELD.length + data.length;
      if (record.meta() != null) {
        byte[] meta = Json.MAPPER.writeValueAsBytes(record.meta());
        out.write(META_FIELD);
        out.write(meta);
        written += META_FIELD.length + meta.length;
      }
      out.write(END);
      bytes += written + END.length;
      records++;
      if (bytes >= rollBytes) {
        closeCurrent();
      }
    }

    List<String> seal() throws IOException {
      closeCurrent();
      List<String> done = List.copyOf(sealed);
      sealed.clear();
      return done;
    }

    private void closeCurrent() throws IOException {
      if (out != null) {
        out.close();
        out = null;
        sealed.add(current.toString());
      }
    }
  }
}
