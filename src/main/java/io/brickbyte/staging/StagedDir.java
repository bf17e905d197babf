package io.brickbyte.staging;

import java.io.IOException;
import java.io.Serializable;
import java.lang.ref.Cleaner;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The staging directory of a plain driver read, held by each of its partitions on the driver: once
 * no plan, RDD or task can reach them any more, the directory is deleted, at the next garbage
 * collection (how Spark's own ContextCleaner frees shuffle files). A long-lived notebook driver
 * that reads the same source again and again does not pile up staged copies until it exits.
 * Executors get empty copies: only the driver's instance is watched.
 */
public final class StagedDir implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(StagedDir.class);
  private static final Cleaner CLEANER = Cleaner.create();

  private StagedDir() {}

  /** A handle whose unreachability deletes {@code dir}. */
  public static StagedDir track(String dir, Configuration hadoopConf) {
    StagedDir handle = new StagedDir();
    CLEANER.register(handle, () -> delete(dir, hadoopConf));
    return handle;
  }

  private static void delete(String dir, Configuration hadoopConf) {
    try {
      Path path = new Path(dir);
      path.getFileSystem(hadoopConf).delete(path, true);
      LOG.debug("Deleted the staged files under {}: no plan reads them any more", dir);
    } catch (IOException | RuntimeException e) {
      // The file system may be closed already (the driver stops): it deletes them on exit.
      LOG.debug("Could not delete the staged files under {}: {}", dir, e.toString());
    }
  }
}
