package io.brickbyte.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NewlinesTest {

  private static int naive(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  @Test
  void findsTheFirstNewlineLikeAByteLoop() {
    SplittableRandom random = new SplittableRandom(11);
    for (int round = 0; round < 50_000; round++) {
      byte[] bytes = new byte[random.nextInt(1, 40)];
      for (int i = 0; i < bytes.length; i++) {
        // Mostly bytes near '\n' (0x0B, 0x09, 0x8A...) and high bytes, which trip naive bit tricks.
        int pick = random.nextInt(6);
        bytes[i] = (byte) switch (pick) {
          case 0 -> '\n';
          case 1 -> 0x0B;
          case 2 -> 0x8A;
          case 3 -> 0x09;
          case 4 -> 0xFF;
          default -> random.nextInt(256);
        };
        if (pick == 0 && random.nextInt(3) > 0) {
          bytes[i] = 'x';
        }
      }
      int from = random.nextInt(bytes.length + 1);
      int to = random.nextInt(from, bytes.length + 1);
      assertEquals(naive(bytes, from, to), Newlines.indexOf(bytes, from, to));
    }
  }

  @Test
  void noNewlineAndEmptyRanges() {
    byte[] bytes = "{\"type\":\"RECORD\"}\r".getBytes();
    assertEquals(-1, Newlines.indexOf(bytes, 0, bytes.length));
    assertEquals(-1, Newlines.indexOf(bytes, 3, 3));
    assertEquals(16, Newlines.indexOf("0123456789abcdef\n".getBytes(), 0, 17));
  }
}
