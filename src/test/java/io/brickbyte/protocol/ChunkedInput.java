package io.brickbyte.protocol;

import java.io.InputStream;
import java.util.function.IntSupplier;

/** Hands out bytes in chunks of the sizes given, so lines and characters straddle reads. */
final class ChunkedInput extends InputStream {
  private final byte[] bytes;
  private final IntSupplier chunkSize;
  private int at;
  boolean closed;

  ChunkedInput(byte[] bytes, IntSupplier chunkSize) {
    this.bytes = bytes;
    this.chunkSize = chunkSize;
  }

  /** 1, 2, ... 7, 1, 2 ... bytes per read. */
  static ChunkedInput tiny(byte[] bytes) {
    int[] reads = {0};
    return new ChunkedInput(bytes, () -> 1 + reads[0]++ % 7);
  }

  @Override
  public int read() {
    return at < bytes.length ? bytes[at++] & 0xFF : -1;
  }

  @Override
  public int read(byte[] out, int offset, int length) {
    if (at >= bytes.length) {
      return -1;
    }
    int n = Math.min(Math.min(length, chunkSize.getAsInt()), bytes.length - at);
    System.arraycopy(bytes, at, out, offset, n);
    at += n;
    return n;
  }

  @Override
  public void close() {
    closed = true;
  }
}
