package io.brickbyte.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Finds line ends eight bytes at a time: the message reader scans every byte a connector writes. */
final class Newlines {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final long LOW_BITS = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  private Newlines() {}

  /**
   * The high bit of each zero byte of {@code word}; exact for the lowest one (borrows only mark
   * bytes above it), so {@code numberOfTrailingZeros / 8} is the first zero byte's index.
   */
  static long zeroBytes(long word) {
    return (word - LOW_BITS) & ~word & HIGH_BITS;
  }

  /** The index of the first '\n' in {@code bytes[from, to)}, or -1. */
  static int indexOf(byte[] bytes, int from, int to) {
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      long zeros = zeroBytes((long) LONGS.get(bytes, i) ^ NEWLINES); // where a '\n' was
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
