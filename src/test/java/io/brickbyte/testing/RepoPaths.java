package io.brickbyte.testing;

import java.nio.file.Path;

/**
 * Files of the repository that tests read in place (not from the classpath). The tests of each
 * build run in its module's directory; the build passes the repository's root as {@code
 * brickbyte.repo}.
 */
public final class RepoPaths {

  private RepoPaths() {}

  public static Path of(String relative) {
    return Path.of(System.getProperty("brickbyte.repo", ".")).resolve(relative).normalize();
  }
}
