package io.brickbyte.staging;

import java.io.Serializable;

/**
 * The staged lines of one file that start in {@code [start, end)}. A checkpoint hands over a
 * stream's records up to its latest state, which may end inside a file: the rest of that file
 * goes with the next checkpoint.
 */
public record StagedSegment(String file, long start, long end) implements Serializable {

  public StagedSegment {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("Not a byte range: [" + start + ", " + end + ")");
    }
  }

  public long length() {
    return end - start;
  }
}
