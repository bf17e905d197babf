package io.brickbyte.delta;

import io.brickbyte.AirbyteException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The syncs running in this JVM, by target schema. Two syncs of one schema would interleave their
 * state logs and overwrite each other's rows, so the second is refused before it starts. Syncs in
 * other JVMs (another cluster, another driver) are not seen.
 */
final class RunningSyncs {

  private record Running(long syncId, Instant since) {}

  private static final Map<String, Running> BY_SCHEMA = new ConcurrentHashMap<>();

  /** Held while a sync runs; closing it lets the next sync of the schema start. */
  interface Claim extends AutoCloseable {
    @Override
    void close();
  }

  private RunningSyncs() {}

  /**
   * Registers sync {@code syncId} of {@code schema} ({@code catalog.schema}), or throws if another
   * sync of that schema is running.
   */
  static Claim claim(String schema, long syncId) {
    String key = schema.toLowerCase(Locale.ROOT);
    Running mine = new Running(syncId, Instant.now());
    Running other = BY_SCHEMA.putIfAbsent(key, mine);
    if (other != null) {
      throw new AirbyteException("Another sync of schema " + schema + " is running since "
          + other.since() + " (sync id " + other.syncId() + "); run one sync of a schema at a time");
    }
    return () -> BY_SCHEMA.remove(key, mine);
  }
}
