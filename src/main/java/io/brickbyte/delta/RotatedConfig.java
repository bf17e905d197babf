package io.brickbyte.delta;

import io.brickbyte.AirbyteConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A config the connector rotated with a CONTROL message during a sync. Such a config may hold a
 * single-use refresh token, so it is never lost: it goes to option {@code controlConfigFile}
 * (checked before the sync starts) the moment it arrives, and if that cannot be written, or no
 * file was named and the sync fails, to an owner-only file under {@code tempDir} that the log and
 * the sync's error name. Its text never reaches a log line or a message. Synchronized: the
 * connector runs of a sync with option {@code parallelism} share it.
 */
final class RotatedConfig {

  private static final Logger LOG = LoggerFactory.getLogger(RotatedConfig.class);

  private final Path target;
  private final Path fallbackDir;
  private final String connector;
  private volatile String latest;
  private volatile Path savedTo;

  RotatedConfig(String controlConfigFile, Path fallbackDir, String connector) {
    this.target = controlConfigFile == null ? null : Path.of(controlConfigFile).toAbsolutePath();
    this.fallbackDir = fallbackDir;
    this.connector = connector;
    if (target != null) {
      check(target);
    }
  }

  /** The target must be writable before the connector runs, not when its new config arrives. */
  private static void check(Path target) {
    Path parent = target.getParent();
    String problem = null;
    if (Files.isDirectory(target)) {
      problem = "it is a directory";
    } else if (Files.exists(target) && !Files.isWritable(target)) {
      problem = "the file is not writable";
    } else if (parent == null || !Files.isDirectory(parent)) {
      problem = "its directory does not exist";
    } else if (!Files.isWritable(parent)) {
      problem = "its directory is not writable";
    }
    if (problem != null) {
      throw new AirbyteConfigException("Option 'controlConfigFile' = '" + target + "' cannot be "
          + "written: " + problem + ". Accepted: a file path in a writable directory");
    }
  }

  /** The latest rotated config, or null. */
  String latest() {
    return latest;
  }

  synchronized void accept(String config) {
    latest = config;
    if (target == null) {
      LOG.warn("Connector {} sent a new config (CONTROL message); it is in the sync result", connector);
      return;
    }
    try {
      writePrivate(target, config);
      savedTo = target;
      LOG.warn("Connector {} sent a new config (CONTROL message); it is in the sync result and in "
          + "option 'controlConfigFile' = {}", connector, target);
    } catch (IOException e) {
      Path fallback = saveFallback();
      LOG.error("Connector {} sent a new config (CONTROL message) that could not be written to option "
          + "'controlConfigFile' = {} ({}); it was saved to {} (owner-only) instead",
          connector, target, e.getClass().getSimpleName(), fallback);
    }
  }

  /**
   * Where the rotated config is for a failing sync, saving it first if it is nowhere yet; null if
   * the connector rotated none.
   */
  synchronized Path securedForFailure() {
    if (latest == null) {
      return null;
    }
    return savedTo != null ? savedTo : saveFallback();
  }

  private Path saveFallback() {
    try {
      Files.createDirectories(fallbackDir);
      Path file = Files.createTempFile(fallbackDir, "brickbyte-rotated-config-", ".json",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, latest, StandardCharsets.UTF_8);
      savedTo = file;
      return file;
    } catch (IOException e) {
      LOG.error("Connector {} rotated its config and it could not be saved under {} either ({}); it "
          + "is only in the sync result", connector, fallbackDir, e.getClass().getSimpleName());
      return null;
    }
  }

  /** Writes a sibling owner-only file, then moves it over the target: never a half-written config. */
  private static void writePrivate(Path target, String config) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), ".brickbyte-config-", ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(temp, config, StandardCharsets.UTF_8);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
