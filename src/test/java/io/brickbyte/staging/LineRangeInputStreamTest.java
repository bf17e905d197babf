package io.brickbyte.staging;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineRangeInputStreamTest {

  @TempDir Path dir;

  /** Ranges that meet, cut anywhere (mid-line, on a newline, past the end), share out every line once. */
  @Test
  void adjacentRangesReadEveryLineExactlyOnce() throws IOException {
    SplittableRandom random = new SplittableRandom(7);
    FileSystem fs = FileSystem.getLocal(new Configuration());
    for (int round = 0; round < 200; round++) {
      List<String> lines = new ArrayList<>();
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(0, 40); i > 0; i--) {
        String line = "line-" + round + "-" + i + "-" + "x".repeat(random.nextInt(0, 30));
        lines.add(line);
        text.append(line).append('\n');
      }
      boolean lastLineOpen = random.nextBoolean() && !lines.isEmpty();
      if (lastLineOpen) {
        text.setLength(text.length() - 1); // a file whose last line has no newline
      }
      byte[] bytes = text.toString().getBytes(UTF_8);
      Path file = dir.resolve("f" + round);
      Files.write(file, bytes);

      TreeSet<Integer> cuts = new TreeSet<>(List.of(0, bytes.length));
      for (int i = random.nextInt(0, 8); i > 0; i--) {
        cuts.add(random.nextInt(0, bytes.length + 1));
      }
      List<String> read = new ArrayList<>();
      Integer previous = null;
      for (int cut : cuts) {
        if (previous != null) {
          try (LineRangeInputStream in = new LineRangeInputStream(
              fs.open(new org.apache.hadoop.fs.Path(file.toUri())), previous, cut)) {
            String part = new String(in.readAllBytes(), UTF_8);
            part.lines().forEach(read::add);
          }
        }
        previous = cut;
      }
      assertEquals(lines, read, "round " + round + ", cuts " + cuts);
    }
  }
}
