package io.brickbyte.connector;

import io.brickbyte.AirbyteConnectorException;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.AirbyteMessageReader;
import io.brickbyte.protocol.RecordDecoder;
import io.brickbyte.protocol.StreamDescriptor;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One protocol command in flight: yields the connector's messages in order and, at the end of its
 * output, checks how it ended. A connector that exits non-zero, hangs or is cancelled fails with a
 * message naming the connector, the exit code, the error and its stderr. So does one that exits 0
 * after a failure signal in its output (real CDKs report a failed read in-band): a TRACE error, a
 * CONNECTION_STATUS FAILED outside {@code check}, or a stream status INCOMPLETE. Callers that
 * commit as they read stop committing at the signal ({@link #failing()}).
 */
public final class ConnectorRun implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectorRun.class);

  /** The connector that built the command line; it cleans up after it. */
  private final Connector launcher;
  private final List<String> commandLine;
  private final String connector;
  private final String verb;
  /** The command as messages name it: the verb, and for a read the streams it reads. */
  private final String command;
  /** Replaced, never changed, when a CONTROL message rotates the config: the stderr thread reads it. */
  private volatile Redactor redactor;
  private final PrivateDir files;
  private final ConnectorProcess process;
  private final AirbyteMessageReader reader;
  private final String idleTimeout;
  private AirbyteMessage.TraceError firstError;
  /** What the first failure signal said, or null while there was none. */
  private String failureSignal;
  private final Map<StreamDescriptor, String> streamStatuses = new HashMap<>();
  private boolean finished;
  private boolean cleanedUp;

  ConnectorRun(
      Connector connector,
      ProtocolCommand command,
      PrivateDir files,
      RunSettings settings,
      Redactor redactor,
      RecordDecoder decoder,
      BooleanSupplier cancelled,
      List<String> streams) {
    this.connector = connector.name();
    this.verb = command.verb();
    this.command = streams.isEmpty() ? verb
        : verb + " of stream" + (streams.size() == 1 ? " " : "s ") + String.join(", ", streams);
    this.redactor = redactor;
    this.files = files;
    this.idleTimeout = settings.idleTimeout().toString().substring(2).toLowerCase();
    this.launcher = connector;
    List<String> launchLine = null;
    try {
      launchLine = connector.commandLine(command);
      this.process =
          ConnectorProcess.start(
              launchLine,
              ConnectorEnvironment.of(System.getenv(), connector, settings.connectorEnv()),
              files.path(),
              settings.idleTimeout(),
              cancelled,
              line -> this.redactor.redact(line),
              line -> LOG.info("[{}] {}", this.connector, line));
    } catch (AirbyteConnectorException e) {
      cleanUpAfterFailedStart(launchLine);
      throw new AirbyteConnectorException(
          "Connector " + this.connector + " " + redactor.redact(e.getMessage()), e.getCause());
    } catch (RuntimeException e) {
      cleanUpAfterFailedStart(launchLine);
      throw e;
    }
    this.commandLine = launchLine;
    this.reader =
        new AirbyteMessageReader(
            process.stdout(),
            decoder,
            line -> LOG.info("[{}] {}", this.connector, this.redactor.redact(line)));
  }

  /**
   * The next message, or null once the connector has exited cleanly.
   *
   * @throws AirbyteConnectorException if it failed, hung or was cancelled
   */
  public AirbyteMessage next() {
    if (finished) {
      return null;
    }
    AirbyteMessage message;
    try {
      message = reader.next();
    } catch (IOException e) {
      // A stream closed under the reader by a stop of ours is reported as that stop.
      RuntimeException stopped = stopFailure();
      throw stopped != null ? stopped : failure("its output could not be read (" + e.getMessage() + ")", e);
    }
    if (message == null) {
      finish();
      return null;
    }
    if (message instanceof AirbyteMessage.Control control && control.newConfig() != null) {
      // Before anything else is read: the connector may print its new config at once.
      redactor = redactor.withConfig(control.newConfig());
    } else if (message instanceof AirbyteMessage.Log log) {
      logConnectorLog(log);
    } else if (message instanceof AirbyteMessage.Trace trace) {
      observe(trace);
    } else if (message instanceof AirbyteMessage.ConnectionStatus status
        && !status.succeeded() && !"check".equals(verb)) {
      signal("reported CONNECTION_STATUS " + status.status() + " (exit code 0)"
          + (status.message() == null ? "" : ": " + status.message()));
    }
    return message;
  }

  /**
   * Whether the output so far carries a failure signal: the run will fail at its end, and nothing
   * the connector sent from the signal on may be committed.
   */
  public boolean failing() {
    return failureSignal != null;
  }

  /**
   * The latest STREAM_STATUS the connector reported for the stream (STARTED, RUNNING, COMPLETE,
   * INCOMPLETE), or null if it reported none.
   */
  public String streamStatus(StreamDescriptor stream) {
    return streamStatuses.get(stream);
  }

  /** The connector's name, as messages give it. */
  public String connector() {
    return connector;
  }

  /** Bytes read from the connector's stdout so far. */
  public long bytesRead() {
    return reader.bytesRead();
  }

  /** The connector's process id, while it runs. */
  public long pid() {
    return process.pid();
  }

  /**
   * Stops the connector if it still runs, removes what it left behind (a container) and deletes
   * its config, catalog and state files.
   */
  @Override
  public void close() {
    try {
      process.close();
    } finally {
      try {
        if (!cleanedUp) {
          cleanedUp = true;
          launcher.cleanUp(commandLine);
        }
      } finally {
        files.close();
      }
    }
  }

  private void cleanUpAfterFailedStart(List<String> line) {
    try {
      if (line != null) {
        launcher.cleanUp(line);
      }
    } finally {
      files.close();
    }
  }

  private void finish() {
    OptionalInt exitCode = process.awaitExit();
    finished = true;
    RuntimeException stopped = stopFailure();
    if (stopped != null) {
      throw stopped;
    }
    if (exitCode.isEmpty()) {
      // Its output is complete (stdout closed); what it does after that is not our business.
      LOG.warn("[{}] {} closed its output but had not exited {} s later: ended it", connector, verb,
          ConnectorProcess.EXIT_WAIT.toSeconds());
    } else if (exitCode.getAsInt() != 0) {
      throw failure("exited with code " + exitCode.getAsInt(), null);
    }
    if (failureSignal != null) {
      throw failure(failureSignal, null);
    }
  }

  /** The failure of a run we stopped as idle or cancelled, or null. */
  private RuntimeException stopFailure() {
    ConnectorProcess.StopReason stopped = process.stopReason();
    if (stopped == ConnectorProcess.StopReason.IDLE) {
      String who = process.exitedBeforeStop()
          ? "exited, but a process it started kept its stdout open and "
          : "";
      return failure(who + "wrote nothing for " + idleTimeout + " (option 'idleTimeout') and was killed", null);
    }
    if (stopped == ConnectorProcess.StopReason.CANCELLED) {
      return failure("was killed because its task was cancelled", null);
    }
    return null;
  }

  private void observe(AirbyteMessage.Trace trace) {
    AirbyteMessage.TraceError error = trace.error().orElse(null);
    if (error != null && firstError == null) {
      firstError = error;
      signal("reported an error (exit code 0)");
    }
    AirbyteMessage.StreamStatus status = trace.streamStatus().orElse(null);
    if (status != null) {
      streamStatuses.put(status.stream(), status.status());
      if ("INCOMPLETE".equals(status.status())) {
        signal("reported stream " + status.stream() + " INCOMPLETE (exit code 0)");
      }
    }
  }

  private void signal(String what) {
    if (failureSignal == null) {
      failureSignal = what;
      LOG.error("[{}] {} {}: nothing from here on is committed", connector, verb, redactor.redact(what));
    }
  }

  private AirbyteConnectorException failure(String what, Throwable cause) {
    StringBuilder message = new StringBuilder("Connector ").append(connector);
    message.append(' ').append(command).append(' ').append(what);
    if (firstError != null) {
      message.append(": ").append(firstError.message());
      if (firstError.failureType() != null) {
        message.append(" [").append(firstError.failureType()).append(']');
      }
      if (firstError.internalMessage() != null) {
        message.append("\nInternal message: ").append(firstError.internalMessage());
      }
    }
    String tail = process.stderrTail();
    message.append(tail.isEmpty() ? "\n(no stderr output)" : "\nLast lines of its stderr:\n" + tail);
    if (firstError != null && firstError.stackTrace() != null) {
      message.append("\nIts stack trace:\n").append(firstError.stackTrace());
    }
    return new AirbyteConnectorException(redactor.redact(message.toString()), cause);
  }

  private void logConnectorLog(AirbyteMessage.Log log) {
    String text = redactor.redact(log.message());
    switch (log.level()) {
      case "FATAL", "ERROR" -> LOG.error("[{}] {}", connector, text);
      case "WARN" -> LOG.warn("[{}] {}", connector, text);
      case "DEBUG", "TRACE" -> LOG.debug("[{}] {}", connector, text);
      default -> LOG.info("[{}] {}", connector, text);
    }
  }
}
