package io.brickbyte.connector;

import io.brickbyte.AirbyteConnectorException;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteResultHandler;
import org.apache.commons.exec.ExecuteStreamHandler;
import org.apache.commons.exec.ShutdownHookProcessDestroyer;

/**
 * A running connector: its stdout to read, its stderr drained on a thread of its own into a
 * consumer and a bounded tail, and a watchdog that kills the whole process tree when the run is
 * cancelled or the connector stays silent longer than the idle timeout.
 */
final class ConnectorProcess implements AutoCloseable {

  /** Why a process was stopped from our side, for the error message. */
  enum StopReason {
    NONE,
    IDLE,
    CANCELLED,
    CLOSED
  }

  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final long WATCH_INTERVAL_MS = 200;
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "airbyte-connector-watchdog");
            thread.setDaemon(true);
            return thread;
          });
  private static final ShutdownHookProcessDestroyer DESTROY_ON_EXIT =
      new ShutdownHookProcessDestroyer();

  private final OutputTail stderrTail = new OutputTail();
  private final CompletableFuture<Process> started = new CompletableFuture<>();
  // commons-exec closes the process streams once it exits: hold it off until stdout is drained.
  private final CountDownLatch stdoutDone = new CountDownLatch(1);
  private final UnaryOperator<String> redact;
  private final Consumer<String> stderrLines;
  private volatile long lastOutputNanos = System.nanoTime();
  private volatile StopReason stopReason = StopReason.NONE;
  private InputStream stdout;
  private Thread stderrDrain;
  private Process launched;
  private Process process;
  private ScheduledFuture<?> watch;

  private ConnectorProcess(UnaryOperator<String> redact, Consumer<String> stderrLines) {
    this.redact = redact;
    this.stderrLines = stderrLines;
  }

  /**
   * Starts {@code command} in {@code workDir}.
   *
   * @param environment the process's whole environment (nothing of the node's is added)
   * @param cancelled polled by the watchdog; true kills the process (e.g. the Spark task was killed)
   * @param redact applied to each stderr line before it is kept or handed on: the tail cuts long
   *     lines, and a secret cut in two would no longer be recognized
   */
  static ConnectorProcess start(
      List<String> command,
      Map<String, String> environment,
      Path workDir,
      Duration idleTimeout,
      BooleanSupplier cancelled,
      UnaryOperator<String> redact,
      Consumer<String> stderrLines) {
    ConnectorProcess connector = new ConnectorProcess(redact, stderrLines);
    CommandLine commandLine = new CommandLine(command.get(0));
    command.subList(1, command.size()).forEach(arg -> commandLine.addArgument(arg, false));
    DefaultExecutor executor = connector.new CapturingExecutor(workDir);
    executor.setStreamHandler(connector.new Streams());
    executor.setExitValues(null);
    executor.setProcessDestroyer(DESTROY_ON_EXIT);
    try {
      executor.execute(commandLine, new HashMap<>(environment), connector.new Failures());
      connector.process = connector.started.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (IOException | ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new AirbyteConnectorException("cannot start: " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AirbyteConnectorException("interrupted while starting", e);
    }
    connector.watch(idleTimeout, cancelled);
    return connector;
  }

  /** The connector's stdout. Reading it counts as activity for the idle timeout. */
  InputStream stdout() {
    return stdout;
  }

  /** Waits for the connector to exit on its own and returns its exit code. */
  int waitFor() {
    try {
      int exitCode = process.waitFor();
      joinStderr();
      return exitCode;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill(StopReason.CANCELLED);
      throw new AirbyteConnectorException("interrupted while waiting for the connector to exit", e);
    } finally {
      stopWatching();
    }
  }

  StopReason stopReason() {
    return stopReason;
  }

  String stderrTail() {
    return stderrTail.text();
  }

  long pid() {
    return process.pid();
  }

  /** Kills the connector and every process it started, if still running. */
  @Override
  public void close() {
    kill(StopReason.CLOSED);
    stopWatching();
    stdoutDone.countDown();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    joinStderr();
  }

  private void kill(StopReason reason) {
    if (process == null || !process.isAlive()) {
      return;
    }
    if (stopReason == StopReason.NONE) {
      stopReason = reason;
    }
    // Children first: once the parent dies they are no longer its descendants.
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private void watch(Duration idleTimeout, BooleanSupplier cancelled) {
    long idleNanos = idleTimeout.toNanos();
    watch =
        WATCHDOG.scheduleWithFixedDelay(
            () -> {
              if (!process.isAlive()) {
                stopWatching();
              } else if (cancelled.getAsBoolean()) {
                kill(StopReason.CANCELLED);
              } else if (System.nanoTime() - lastOutputNanos > idleNanos) {
                kill(StopReason.IDLE);
              }
            },
            WATCH_INTERVAL_MS,
            WATCH_INTERVAL_MS,
            TimeUnit.MILLISECONDS);
  }

  private void stopWatching() {
    if (watch != null) {
      watch.cancel(false);
    }
  }

  private void joinStderr() {
    if (stderrDrain != null) {
      try {
        stderrDrain.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void drainStderr(InputStream stderr) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lastOutputNanos = System.nanoTime();
        String clean = redact.apply(line);
        stderrTail.add(clean);
        stderrLines.accept(clean);
      }
    } catch (IOException closed) {
      // The process is gone; what was read is in the tail.
    }
  }

  /** Keeps the {@link Process} commons-exec launches, to kill its whole tree. */
  private final class CapturingExecutor extends DefaultExecutor {
    CapturingExecutor(Path workDir) {
      setWorkingDirectory(workDir.toFile());
    }

    @Override
    protected Process launch(CommandLine command, Map<String, String> env, Path dir)
        throws IOException {
      launched = super.launch(command, env, dir);
      return launched;
    }
  }

  /** stdin closed at once (connectors read none), stdout handed to the reader, stderr drained. */
  private final class Streams implements ExecuteStreamHandler {
    @Override
    public void setProcessInputStream(OutputStream stdin) throws IOException {
      stdin.close();
    }

    @Override
    public void setProcessOutputStream(InputStream out) {
      stdout = new ActivityInputStream(out);
    }

    @Override
    public void setProcessErrorStream(InputStream err) {
      stderrDrain = new Thread(() -> drainStderr(err), "airbyte-connector-stderr");
      stderrDrain.setDaemon(true);
    }

    @Override
    public void start() {
      stderrDrain.start();
      started.complete(launched);
    }

    @Override
    public void stop() {
      try {
        stdoutDone.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private final class Failures implements ExecuteResultHandler {
    @Override
    public void onProcessComplete(int exitValue) {}

    @Override
    public void onProcessFailed(ExecuteException e) {
      started.completeExceptionally(e.getCause() != null ? e.getCause() : e);
    }
  }

  private final class ActivityInputStream extends FilterInputStream {
    ActivityInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      lastOutputNanos = System.nanoTime();
      if (n < 0) {
        stdoutDone.countDown();
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      stdoutDone.countDown();
      super.close();
    }
  }
}
