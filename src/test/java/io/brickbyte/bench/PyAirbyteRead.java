package io.brickbyte.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** PyAirbyte reading a local connector executable into its DuckDB cache (bench/pyairbyte_read.py). */
final class PyAirbyteRead {

  private PyAirbyteRead() {}

  /** What the script measured. */
  record Result(double seconds, long records) {}

  /** Runs the script and prints its seconds and records under {@code label}, or why it did not run. */
  static void print(String label, String python, Path executable, String config, String stream,
      Path cacheDir, PrintStream out) throws Exception {
    Result result = run(label, python, executable, config, stream, cacheDir, out);
    if (result != null) {
      out.printf("%s: %.3f s, %d records%n", label, result.seconds(), result.records());
    }
  }

  /** Runs the script: what it measured, or null once it printed under {@code label} why not. */
  static Result run(String label, String python, Path executable, String config, String stream,
      Path cacheDir, PrintStream out) throws Exception {
    Path cache = Files.createDirectories(cacheDir.toAbsolutePath());
    // The script runs in the cache directory: a relative path to the venv's python must not break.
    ProcessBuilder builder = new ProcessBuilder(
            python.contains("/") ? Path.of(python).toAbsolutePath().toString() : python,
            Path.of("bench", "pyairbyte_read.py").toAbsolutePath().toString(),
            executable.toString(), config, stream)
        .directory(cache.toFile()).redirectErrorStream(true);
    builder.environment().put("AIRBYTE_OFFLINE_MODE", "1"); // a local executable needs no registry
    builder.environment().put("DO_NOT_TRACK", "1");
    Process process;
    try {
      process = builder.start();
    } catch (IOException cannotStart) {
      out.println(label + ": skipped: " + cannotStart.getMessage());
      return null;
    }
    String output = new String(process.getInputStream().readAllBytes());
    String result = output.lines().filter(line -> line.startsWith("PYAIRBYTE ")).findFirst().orElse(null);
    if (process.waitFor() != 0 || result == null) {
      String[] lines = output.split("\n");
      out.println(label + ": failed: " + String.join(" | ",
          Arrays.asList(lines).subList(Math.max(0, lines.length - 5), lines.length)));
      return null;
    }
    String[] parts = result.split(" ");
    return new Result(Double.parseDouble(parts[1]), Long.parseLong(parts[2]));
  }
}
