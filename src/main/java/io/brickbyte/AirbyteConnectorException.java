package io.brickbyte;

/**
 * The connector process failed: it could not start, exited non-zero, reported a TRACE error,
 * hung, or wrote output that breaks the protocol.
 */
public class AirbyteConnectorException extends AirbyteException {
  public AirbyteConnectorException(String message) {
    super(message);
  }

  public AirbyteConnectorException(String message, Throwable cause) {
    super(message, cause);
  }
}
