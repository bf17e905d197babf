package io.brickbyte.connector;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Which of a connector's words name a local file. */
final class LocalFiles {

  private LocalFiles() {}

  /** The regular files among {@code words}; URLs, flags and missing paths are left out. */
  static List<Path> existing(List<String> words) {
    List<Path> files = new ArrayList<>();
    for (String word : words) {
      if (LocationText.isUrl(word)) {
        continue;
      }
      try {
        Path path = Path.of(word);
        if (Files.isRegularFile(path)) {
          files.add(path.toAbsolutePath());
        }
      } catch (InvalidPathException notAPath) {
        // a word of a command line, not a file
      }
    }
    return files;
  }
}
