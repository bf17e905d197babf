package org.apache.hadoop.fs;

import java.io.IOException;

/**
 * Hadoop's local file system reports a failed write (a full disk) as {@link FSError}, an Error
 * whose constructor is package-private: tests make one here to fail as the real thing does.
 */
public final class LocalDiskErrors {

  private LocalDiskErrors() {}

  public static Error noSpaceLeft() {
    return new FSError(new IOException("No space left on device"));
  }
}
