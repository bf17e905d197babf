package io.brickbyte.delta;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Sync ids: the start millisecond, bumped past the previous id when two syncs start in the same
 * millisecond, so no two syncs of this JVM share one (a shared id would share a Delta
 * {@code txnAppId} and a commit tag).
 */
final class SyncIds {

  private static final AtomicLong LAST = new AtomicLong();

  private SyncIds() {}

  static long next() {
    return LAST.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()));
  }
}
