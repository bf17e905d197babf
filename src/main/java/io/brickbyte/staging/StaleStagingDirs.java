package io.brickbyte.staging;

import io.brickbyte.connector.DirOwner;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the staging directories that a killed driver left beside a new one: only ours by name
 * ({@link DirOwner}), only when the JVM that made them is certainly gone. Never fails a run.
 */
public final class StaleStagingDirs {

  private static final Logger LOG = LoggerFactory.getLogger(StaleStagingDirs.class);

  private StaleStagingDirs() {}

  /** Removes the stale siblings of {@code stagingDir} (a Hadoop URI). */
  public static void removeBeside(String stagingDir, Configuration hadoop) {
    Path parent = new Path(stagingDir).getParent();
    if (parent == null) {
      return;
    }
    try {
      FileSystem fs = parent.getFileSystem(hadoop);
      List<Path> removed = new ArrayList<>();
      for (FileStatus child : fs.listStatus(parent)) {
        if (child.isDirectory() && DirOwner.isGone(child.getPath().getName()) && fs.delete(child.getPath(), true)) {
          removed.add(child.getPath());
        }
      }
      if (!removed.isEmpty()) {
        LOG.info("Removed {} staging directories whose JVM is gone: {}", removed.size(), removed);
      }
    } catch (FileNotFoundException nothingYet) {
      // No staging directory was ever made here.
    } catch (IOException e) {
      LOG.warn("Cannot look for stale staging directories under {}: {}", parent, e.toString());
    }
  }
}
