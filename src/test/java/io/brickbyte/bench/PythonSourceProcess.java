package io.brickbyte.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The pure-Python source's figure: a PySpark session in a child process ({@code
 * bench/python_source_read.py}), started once and told to read at each of its turns, so the
 * session's start is not measured and the reads take turns with the JVM figures.
 */
final class PythonSourceProcess implements AutoCloseable {

  private final Process process;
  private final BufferedReader answers;
  private final Writer commands;

  private PythonSourceProcess(Process process) {
    this.process = process;
    this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
  }

  /**
   * Starts the session with {@code python} (PySpark 4 installed) and the package's sources of this
   * checkout on its path, and waits until its frame is loaded.
   */
  static PythonSourceProcess start(String python, ReplayProcess replay, String config, Path log)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(
            python.contains("/") ? Path.of(python).toAbsolutePath().toString() : python,
            Path.of("bench", "python_source_read.py").toAbsolutePath().toString(),
            replay.script().toString(), config, BenchData.STREAM)
        .redirectError(ProcessBuilder.Redirect.to(log.toFile()));
    builder.environment().put("PYTHONPATH", Path.of("python-shim", "src").toAbsolutePath().toString());
    builder.environment().put("PYTHONNOUSERSITE", "1");
    PythonSourceProcess child = new PythonSourceProcess(builder.start());
    String ready = child.answers.readLine();
    if (!"READY".equals(ready)) {
      child.close();
      throw new IOException("the Python source's session did not start (see " + log + ")");
    }
    return child;
  }

  /** One read into the noop sink; returns the rows it read. */
  long read() throws IOException {
    commands.write("read\n");
    commands.flush();
    String answer = answers.readLine();
    if (answer == null || !answer.startsWith("PYTHON_SOURCE ")) {
      throw new IOException("the Python source's read failed: " + answer);
    }
    return Long.parseLong(answer.split(" ")[2]);
  }

  @Override
  public void close() throws IOException {
    try {
      commands.write("exit\n");
      commands.close();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException | InterruptedException gone) {
      process.destroyForcibly();
    }
  }
}
