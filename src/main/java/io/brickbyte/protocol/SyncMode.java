package io.brickbyte.protocol;

import java.util.Locale;

/** How a stream is read: all of it, or what changed since the last state. */
public enum SyncMode {
  FULL_REFRESH,
  INCREMENTAL;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
