package io.brickbyte.convert;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.AirbyteMessageReader;
import io.brickbyte.protocol.RecordDecoder;
import io.brickbyte.protocol.StreamDescriptor;
import io.brickbyte.schema.AirbyteColumns;
import java.io.IOException;
import java.io.InputStream;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Run in a JVM of its own with a small heap by {@link ProtocolFuzzTest}: reads a stream generated
 * on the fly, far bigger than that heap, through a converter's reader and a staging reader, and
 * prints how many records each read. Arguments: the stream's size in MB, and the size in MB of
 * the one long line it holds (every 64 MB).
 */
final class HeapProbe {

  private HeapProbe() {}

  public static void main(String[] args) throws IOException {
    long total = Long.parseLong(args[0]) << 20;
    int longLine = Integer.parseInt(args[1]) << 20;
    StructType columns = AirbyteColumns.append(new StructType().add("s", DataTypes.StringType)
        .add("n", DataTypes.LongType).add("d", DataTypes.DoubleType).add("ts", DataTypes.TimestampType)
        .add("tags", DataTypes.createArrayType(DataTypes.StringType)));
    RecordConverter converter = new RecordConverter(columns, new StreamDescriptor("s", null),
        ConversionMode.PERMISSIVE, 1L);
    for (RecordDecoder decoder : new RecordDecoder[] {converter, RecordDecoder.LINES}) {
      long records = 0;
      try (AirbyteMessageReader reader = new AirbyteMessageReader(new Lines(total, longLine), decoder, l -> {})) {
        for (AirbyteMessage message = reader.next(); message != null; message = reader.next()) {
          if (message instanceof AirbyteMessage.Record record && record.data() != null) {
            converter.complete(record.emittedAt(), record.meta());
            records++;
          } else if (message instanceof AirbyteMessage.RecordLine) {
            records++;
          }
        }
      }
      System.out.println("records " + records);
    }
  }

  /**
   * Record lines of about 1 KB, numbered, and a long one every 64 MB, up to {@code total} bytes.
   * A line is made as its head, its string's filler and its tail: the long line is never whole in
   * memory but in the reader's buffer.
   */
  static final class Lines extends InputStream {
    private static final byte[] TAIL = ("\",\"n\":7,\"d\":7.5,\"ts\":\"2024-01-17T06:55:06.697556+00:00\","
        + "\"tags\":[\"a\",\"b\"]}}}\n").getBytes(UTF_8);
    private final long total;
    private final int longLine;
    private long produced;
    private long nextLong = 1 << 20;
    private byte[] head = new byte[0];
    private int fill;
    private int at;
    private long number;

    Lines(long total, int longLine) {
      this.total = total;
      this.longLine = longLine;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] out, int offset, int length) {
      int size = head.length + fill + TAIL.length;
      if (at == size) {
        if (produced >= total) {
          return -1;
        }
        next();
        at = 0;
        size = head.length + fill + TAIL.length;
      }
      int n;
      if (at < head.length) {
        n = Math.min(length, head.length - at);
        System.arraycopy(head, at, out, offset, n);
      } else if (at < head.length + fill) {
        n = Math.min(length, head.length + fill - at);
        java.util.Arrays.fill(out, offset, offset + n, (byte) 'x');
      } else {
        n = Math.min(length, size - at);
        System.arraycopy(TAIL, at - head.length - fill, out, offset, n);
      }
      at += n;
      produced += n;
      return n;
    }

    private void next() {
      number++;
      boolean big = produced >= nextLong;
      if (big) {
        nextLong += 64L << 20;
      }
      fill = big ? longLine : 860 + (int) (number % 100);
      head = ("{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":" + (1700000000000L + number)
          + ",\"data\":{\"s\":\"").getBytes(UTF_8);
    }
  }
}
