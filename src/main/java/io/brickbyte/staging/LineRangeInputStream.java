package io.brickbyte.staging;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * The whole lines of a file that start in {@code [start, end)}: a line cut by {@code start}
 * belongs to the range before, a line cut by {@code end} is read to its end. Ranges that meet
 * thus share every line out exactly once.
 */
public final class LineRangeInputStream extends InputStream {

  private final FSDataInputStream in;
  private final long end;
  private final byte[] one = new byte[1];
  private long position;
  private boolean lastWasNewline;
  private boolean done;

  public LineRangeInputStream(FSDataInputStream in, long start, long end) throws IOException {
    this.in = in;
    this.end = end;
    if (start > 0) {
      // The line that starts here belongs to us only if the byte before ends a line.
      in.seek(start - 1);
      position = start - 1;
      int b;
      while ((b = in.read()) >= 0) {
        position++;
        if (b == '\n') {
          break;
        }
      }
      if (b < 0) {
        done = true;
      }
    }
    lastWasNewline = true;
  }

  @Override
  public int read() throws IOException {
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (done || position >= end && lastWasNewline) {
      done = true;
      return -1;
    }
    int wanted = position < end ? (int) Math.min(length, end - position) : length;
    int read = in.read(buffer, offset, wanted);
    if (read < 0) {
      done = true;
      return -1;
    }
    if (position + read > end) {
      // Past the range: hand out the rest of the cut line and stop after its newline.
      int from = (int) Math.max(0, end - position);
      for (int i = offset + from; i < offset + read; i++) {
        if (buffer[i] == '\n') {
          read = i - offset + 1;
          done = true;
          break;
        }
      }
    }
    position += read;
    lastWasNewline = buffer[offset + read - 1] == '\n';
    return read;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
