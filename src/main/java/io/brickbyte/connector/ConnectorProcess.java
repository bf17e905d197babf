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
import java.util.OptionalInt;
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
 * consumer and a bounded tail, and a watchdog that ends its whole session (the connector and every
 * process it started) when the run is cancelled or the reader waits on a silent connector longer
 * than the idle timeout. The session also ends when the run does, however it ends.
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
  /** How long a connector that closed its stdout gets to exit before its session is ended. */
  static final Duration EXIT_WAIT = Duration.ofSeconds(3);
  /** Between asking a session's processes to stop (SIGTERM) and killing them (SIGKILL). */
  static final Duration STOP_GRACE = Duration.ofSeconds(2);
  private static final long NOT_WAITING = Long.MIN_VALUE;
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
  /** When the reader began waiting on an empty stdout, or NOT_WAITING while it is not. */
  private volatile long waitingSince = NOT_WAITING;
  private volatile long lastStderrNanos = System.nanoTime();
  private volatile boolean stdoutOpen = true;
  private volatile StopReason stopReason = StopReason.NONE;
  private volatile boolean exitedBeforeStop;
  private InputStream stdout;
  private Thread stderrDrain;
  private Process launched;
  private Process process;
  private ProcessSession session;
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
    DefaultExecutor executor = connector.new CapturingExecutor(workDir);
    executor.setStreamHandler(connector.new Streams());
    executor.setExitValues(null);
    executor.setProcessDestroyer(DESTROY_ON_EXIT);
    try {
      Map<String, String> env = new HashMap<>(environment);
      List<String> inSession = ProcessSession.wrap(command, workDir, env.get("PATH"));
      CommandLine commandLine = new CommandLine(inSession.get(0));
      inSession.subList(1, inSession.size()).forEach(arg -> commandLine.addArgument(arg, false));
      executor.execute(commandLine, env, connector.new Failures());
      connector.process = connector.started.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      connector.session = new ProcessSession(connector.process.toHandle());
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

  /**
   * The connector's stdout. Only the time a read waits on it for bytes counts towards the idle
   * timeout: while the caller is busy elsewhere the pipe fills and the connector is not idle.
   */
  InputStream stdout() {
    return stdout;
  }

  /**
   * Once stdout has closed: waits briefly for the connector to exit, then ends its session (a
   * helper left running, a connector that lingers). Returns the exit code, or empty if the
   * connector did not exit by itself in time.
   */
  OptionalInt awaitExit() {
    try {
      boolean exited = process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      session.end(STOP_GRACE);
      process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      joinStderr();
      return exited ? OptionalInt.of(process.exitValue()) : OptionalInt.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop(StopReason.CANCELLED);
      throw new AirbyteConnectorException("interrupted while waiting for the connector to exit", e);
    } finally {
      stopWatching();
    }
  }

  StopReason stopReason() {
    return stopReason;
  }

  /** Whether the connector had exited when it was stopped: a process it started held stdout. */
  boolean exitedBeforeStop() {
    return exitedBeforeStop;
  }

  String stderrTail() {
    return stderrTail.text();
  }

  long pid() {
    return process.pid();
  }

  /** Ends the connector's session: every process it started, whether it still runs or not. */
  @Override
  public void close() {
    stopWatching();
    synchronized (this) {
      if (stopReason == StopReason.NONE && process.isAlive()) {
        stopReason = StopReason.CLOSED;
      }
    }
    session.end(STOP_GRACE);
    stdoutDone.countDown();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    joinStderr();
  }

  /** Asks the session to stop now and kills what is left after the grace; only the first reason counts. */
  private void stop(StopReason reason) {
    synchronized (this) {
      if (stopReason != StopReason.NONE) {
        return;
      }
      stopReason = reason;
      exitedBeforeStop = !process.isAlive();
    }
    stopWatching();
    session.terminate();
    WATCHDOG.schedule(session::kill, STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
  }

  // Runs until stdout closes, not until the connector exits: a helper may hold stdout open.
  private void watch(Duration idleTimeout, BooleanSupplier cancelled) {
    long idleNanos = idleTimeout.toNanos();
    watch =
        WATCHDOG.scheduleWithFixedDelay(
            () -> {
              if (!stdoutOpen) {
                stopWatching();
              } else if (cancelled.getAsBoolean()) {
                stop(StopReason.CANCELLED);
              } else if (idleNanos() > idleNanos) {
                stop(StopReason.IDLE);
              }
            },
            WATCH_INTERVAL_MS,
            WATCH_INTERVAL_MS,
            TimeUnit.MILLISECONDS);
  }

  /** How long the reader has been waiting for output; a line on stderr counts as output. */
  private long idleNanos() {
    long since = waitingSince;
    return since == NOT_WAITING ? 0 : System.nanoTime() - Math.max(since, lastStderrNanos);
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
        lastStderrNanos = System.nanoTime();
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
      stdout = new WaitTimingInputStream(out);
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

  /** Records when a read starts waiting and when stdout ends. */
  private final class WaitTimingInputStream extends FilterInputStream {
    WaitTimingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      waitingSince = System.nanoTime();
      try {
        return ended(in.read());
      } finally {
        waitingSince = NOT_WAITING;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      waitingSince = System.nanoTime();
      try {
        return ended(in.read(b, off, len));
      } finally {
        waitingSince = NOT_WAITING;
      }
    }

    @Override
    public void close() throws IOException {
      stdoutClosed();
      super.close();
    }

    private int ended(int n) {
      if (n < 0) {
        stdoutClosed();
      }
      return n;
    }

    private void stdoutClosed() {
      stdoutOpen = false;
      stdoutDone.countDown();
    }
  }
}
