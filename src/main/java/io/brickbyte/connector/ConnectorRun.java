package io.brickbyte.connector;

import io.brickbyte.AirbyteConnectorException;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.AirbyteMessageReader;
import io.brickbyte.protocol.RecordDecoder;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One protocol command in flight: yields the connector's messages in order and, at the end of its
 * output, checks how it ended. A connector that exits non-zero, reports a TRACE error, hangs or is
 * cancelled fails with a message naming the connector, the exit code, the error and its stderr.
 */
public final class ConnectorRun implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectorRun.class);

  private final String connector;
  private final String verb;
  private final Redactor redactor;
  private final PrivateDir files;
  private final ConnectorProcess process;
  private final AirbyteMessageReader reader;
  private final String idleTimeout;
  private AirbyteMessage.TraceError firstError;
  private boolean finished;

  ConnectorRun(
      Connector connector,
      ProtocolCommand command,
      PrivateDir files,
      RunSettings settings,
      Redactor redactor,
      RecordDecoder decoder,
      BooleanSupplier cancelled) {
    this.connector = connector.name();
    this.verb = command.verb();
    this.redactor = redactor;
    this.files = files;
    this.idleTimeout = settings.idleTimeout().toString().substring(2).toLowerCase();
    try {
      this.process =
          ConnectorProcess.start(
              connector.commandLine(command),
              connector.environment(),
              files.path(),
              settings.idleTimeout(),
              cancelled,
              line -> LOG.info("[{}] {}", this.connector, redactor.redact(line)));
    } catch (AirbyteConnectorException e) {
      files.close();
      throw new AirbyteConnectorException(
          "Connector " + this.connector + " " + redactor.redact(e.getMessage()), e.getCause());
    } catch (RuntimeException e) {
      files.close();
      throw e;
    }
    this.reader =
        new AirbyteMessageReader(
            process.stdout(),
            decoder,
            line -> LOG.info("[{}] {}", this.connector, redactor.redact(line)));
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
      throw failure("its output could not be read (" + e.getMessage() + ")", e);
    }
    if (message == null) {
      finish();
      return null;
    }
    if (message instanceof AirbyteMessage.Log log) {
      logConnectorLog(log);
    } else if (message instanceof AirbyteMessage.Trace trace && firstError == null) {
      firstError = trace.error().orElse(null);
    }
    return message;
  }

  /** Bytes read from the connector's stdout so far. */
  public long bytesRead() {
    return reader.bytesRead();
  }

  /** The connector's process id, while it runs. */
  public long pid() {
    return process.pid();
  }

  /** Stops the connector if it still runs and deletes its config, catalog and state files. */
  @Override
  public void close() {
    try {
      process.close();
    } finally {
      files.close();
    }
  }

  private void finish() {
    int exitCode = process.waitFor();
    finished = true;
    ConnectorProcess.StopReason stopped = process.stopReason();
    if (stopped == ConnectorProcess.StopReason.IDLE) {
      throw failure("wrote nothing for " + idleTimeout + " (option 'idleTimeout') and was killed", null);
    }
    if (stopped == ConnectorProcess.StopReason.CANCELLED) {
      throw failure("was killed because its task was cancelled", null);
    }
    if (exitCode != 0) {
      throw failure("exited with code " + exitCode, null);
    }
    if (firstError != null) {
      throw failure("reported an error (exit code 0)", null);
    }
  }

  private AirbyteConnectorException failure(String what, Throwable cause) {
    StringBuilder message = new StringBuilder("Connector ").append(connector);
    message.append(' ').append(verb).append(' ').append(what);
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
