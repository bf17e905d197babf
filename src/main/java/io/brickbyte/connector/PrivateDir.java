package io.brickbyte.connector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temp directory only this user can read, for the config, catalog and state files a connector
 * reads: configs hold credentials. Deleted, with its files, on close. Its name carries the owning
 * JVM ({@link DirOwner}): if that JVM is killed before close, the next run on the node removes it
 * ({@link StaleRunDirs}).
 */
final class PrivateDir implements AutoCloseable {

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private final Path dir;

  private PrivateDir(Path dir) {
    this.dir = dir;
  }

  static PrivateDir create(Path root) {
    try {
      Files.createDirectories(root);
      StaleRunDirs.removeUnder(root);
      String prefix = DirOwner.prefix("run");
      Path dir =
          POSIX
              ? Files.createTempDirectory(root, prefix, ownerOnly("rwx------"))
              : Files.createTempDirectory(root, prefix);
      return new PrivateDir(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a private temp directory under " + root, e);
    }
  }

  Path path() {
    return dir;
  }

  /** Writes {@code content} to a new owner-only file in this directory. */
  Path write(String name, String content) {
    Path file = dir.resolve(name);
    try {
      if (POSIX) {
        Files.createFile(file, ownerOnly("rw-------"));
      }
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  @Override
  public void close() {
    deleteTree(dir);
  }

  /** Deletes {@code dir} and everything in it, as far as it can. */
  static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(PrivateDir::deleteQuietly);
    } catch (IOException ignored) {
      // Already gone.
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // Best effort: the directory is owner-only either way.
    }
  }

  private static FileAttribute<?> ownerOnly(String permissions) {
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
  }
}
