package io.brickbyte.protocol;

/**
 * What a state is the state of: one stream (STREAM, by its descriptor) or the whole source (GLOBAL,
 * LEGACY). A later state replaces an earlier one of the same key.
 */
public record StateKey(String kind, StreamDescriptor stream) {

  public static StateKey of(AirbyteMessage.State state) {
    return new StateKey(state.type(), state.stream());
  }

  /** Whether the state covers every stream of the source. */
  public boolean wholeSource() {
    return stream == null;
  }
}
