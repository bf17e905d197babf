package io.brickbyte;

/** Root of every error this library raises on purpose. Messages never carry connector configs. */
public class AirbyteException extends RuntimeException {
  public AirbyteException(String message) {
    super(message);
  }

  public AirbyteException(String message, Throwable cause) {
    super(message, cause);
  }
}
