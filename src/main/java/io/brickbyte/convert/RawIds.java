package io.brickbyte.convert;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Random (version 4) UUIDs for {@code _airbyte_raw_id}, from a fast generator seeded once from
 * {@link SecureRandom}: unique, not secret, so a secure draw per record would only cost time.
 */
final class RawIds {

  private static final byte[] HEX = "0123456789abcdef".getBytes();

  private final SplittableRandom random = new SplittableRandom(new SecureRandom().nextLong());

  UTF8String next() {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
    byte[] text = new byte[36];
    hex(high >>> 32, 8, text, 0);
    text[8] = '-';
    hex(high >>> 16, 4, text, 9);
    text[13] = '-';
    hex(high, 4, text, 14);
    text[18] = '-';
    hex(low >>> 48, 4, text, 19);
    text[23] = '-';
    hex(low, 12, text, 24);
    return UTF8String.fromBytes(text);
  }

  private static void hex(long value, int digits, byte[] out, int at) {
    for (int i = digits - 1; i >= 0; i--) {
      out[at + i] = HEX[(int) (value & 0xF)];
      value >>>= 4;
    }
  }
}
