package io.brickbyte.connector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the private run directories (config with credentials, catalog, state) that a killed JVM
 * left under a temp dir: only ours by name, only when their owner is certainly gone.
 */
final class StaleRunDirs {

  private static final Logger LOG = LoggerFactory.getLogger(StaleRunDirs.class);

  private StaleRunDirs() {}

  static void removeUnder(Path root) {
    List<Path> stale;
    try (Stream<Path> children = Files.list(root)) {
      stale = children
          .filter(dir -> Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS))
          .filter(dir -> DirOwner.isGone(dir.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      LOG.debug("Cannot list {} for stale run directories: {}", root, e.toString());
      return;
    }
    if (!stale.isEmpty()) {
      stale.forEach(PrivateDir::deleteTree);
      LOG.info("Removed {} run directories whose JVM is gone: {}", stale.size(), stale);
    }
  }
}
