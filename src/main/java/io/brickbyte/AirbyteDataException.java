package io.brickbyte;

/** A record that does not fit its schema, raised in {@code FAILFAST} mode. */
public class AirbyteDataException extends AirbyteException {
  public AirbyteDataException(String message) {
    super(message);
  }
}
