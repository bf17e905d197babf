package io.brickbyte.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.protocol.Json;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Starts the replay connector: the executable script, its config, and a plain drain of its output. */
final class ReplayProcess {

  /** What the connector wrote: bytes and lines (records). */
  record Output(long bytes, long lines) {}

  private final Path script;

  private ReplayProcess(Path script) {
    this.script = script;
  }

  /** Writes an executable that runs {@link ReplayConnector} on this JVM's java and classpath. */
  static ReplayProcess install(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path script = dir.toAbsolutePath().resolve("replay-connector");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Files.writeString(script, "#!/bin/sh\nexec '" + java + "' -XX:+UseSerialGC -Xss1m -Xmx256m "
        + "-XX:TieredStopAtLevel=1 -cp '" + absoluteClassPath() + "' "
        + ReplayConnector.class.getName() + " \"$@\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return new ReplayProcess(script);
  }

  /** This JVM's classpath with absolute entries: the connector runs in a directory of its own. */
  static String absoluteClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  Path script() {
    return script;
  }

  /** The {@code connector} option of the airbyte source. */
  String connectorOption() {
    return "exec:" + script;
  }

  static String config(BenchData data, long rate, int repeat) {
    ObjectNode config = Json.MAPPER.createObjectNode().put("dir", data.dir().toAbsolutePath().toString());
    if (rate > 0) {
      config.put("rate", rate);
    }
    if (repeat > 1) {
      config.put("repeat", repeat);
    }
    return config.toString();
  }

  /** Runs {@code read} and drains its stdout in a plain loop: the limit any reader can reach. */
  Output drain(String configJson) throws IOException, InterruptedException {
    return drain(configJson, null);
  }

  /**
   * As {@link #drain(String)}, also writing every byte to {@code copy} (then deleted): the limit
   * of any reader that stages the output, on this machine's file system.
   */
  Output drain(String configJson, Path copy) throws IOException, InterruptedException {
    Path configFile = Files.createTempFile(script.getParent(), "config", ".json");
    try {
      Files.writeString(configFile, configJson);
      Process process =
          new ProcessBuilder(List.of(script.toString(), "read", "--config", configFile.toString(),
                  "--catalog", configFile.toString()))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      byte[] buffer = new byte[1 << 20];
      long bytes = 0;
      long lines = 0;
      try (InputStream out = process.getInputStream();
          OutputStream file = copy == null ? OutputStream.nullOutputStream() : Files.newOutputStream(copy)) {
        int read;
        while ((read = out.read(buffer)) > 0) {
          file.write(buffer, 0, read);
          bytes += read;
          for (int i = 0; i < read; i++) {
            if (buffer[i] == '\n') {
              lines++;
            }
          }
        }
      }
      int exit = process.waitFor();
      if (exit != 0) {
        throw new IOException("replay connector exited with " + exit);
      }
      return new Output(bytes, lines);
    } finally {
      Files.deleteIfExists(configFile);
      if (copy != null) {
        Files.deleteIfExists(copy);
      }
    }
  }
}
