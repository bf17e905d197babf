package io.brickbyte;

/** A bad option, a bad connector config, or a {@code check} the connector answered FAILED. */
public class AirbyteConfigException extends AirbyteException {
  public AirbyteConfigException(String message) {
    super(message);
  }

  public AirbyteConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
