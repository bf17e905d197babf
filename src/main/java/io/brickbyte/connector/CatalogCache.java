package io.brickbyte.connector;

import io.brickbyte.protocol.AirbyteCatalog;
import io.brickbyte.protocol.AirbyteStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catalogs discovered in this JVM (the driver), so that a notebook's next {@code load()} of the
 * same source (another stream, the same one again) starts no connector: a Python connector's
 * start alone takes seconds. Keyed by {@link CatalogKey} (the config only as a digest); an entry
 * is reused while younger than the load's {@link CatalogReuse#ttl()}; the least recently used
 * entries go beyond {@link #MAX_ENTRIES}. Two loads that miss at once both discover: no lock is
 * held while a connector runs.
 */
public final class CatalogCache {

  static final int MAX_ENTRIES = 64;
  private static final Logger LOG = LoggerFactory.getLogger(CatalogCache.class);
  private static final CatalogCache DRIVER = new CatalogCache(MAX_ENTRIES, System::nanoTime);

  private final int maxEntries;
  private final LongSupplier nanoClock;
  private final Map<CatalogKey, Entry> entries;

  private record Entry(AirbyteCatalog catalog, long discoveredAtNanos) {}

  CatalogCache(int maxEntries, LongSupplier nanoClock) {
    this.maxEntries = maxEntries;
    this.nanoClock = nanoClock;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<CatalogKey, Entry> eldest) {
        return size() > CatalogCache.this.maxEntries;
      }
    };
  }

  /** The cache of this JVM: loads run on the driver, so this is the driver's. */
  public static CatalogCache driver() {
    return DRIVER;
  }

  /** The client's catalog: reused where {@code reuse} allows, else discovered and kept. */
  public AirbyteCatalog discover(ConnectorClient client, ConnectorConfig config, CatalogReuse reuse) {
    if (!reuse.enabled()) {
      return client.discover(config);
    }
    CatalogKey key = CatalogKey.of(client.connector(), client.settings(), config);
    if (!reuse.refresh()) {
      AirbyteCatalog kept = fresh(key, reuse.ttl());
      if (kept != null) {
        return kept;
      }
    }
    return discoverAndKeep(client, config, key);
  }

  /**
   * Always runs {@code discover} (a sync, {@code action=discover}: they must see the source as it
   * is now) and keeps the answer for the loads that follow.
   */
  public AirbyteCatalog discoverNow(ConnectorClient client, ConnectorConfig config) {
    return discoverAndKeep(client, config,
        CatalogKey.of(client.connector(), client.settings(), config));
  }

  /** How many catalogs are kept. */
  public synchronized int size() {
    return entries.size();
  }

  private AirbyteCatalog discoverAndKeep(ConnectorClient client, ConnectorConfig config, CatalogKey key) {
    AirbyteCatalog found = client.discover(config);
    synchronized (this) {
      entries.put(key, new Entry(copy(found), nanoClock.getAsLong()));
    }
    return found;
  }

  private AirbyteCatalog fresh(CatalogKey key, Duration ttl) {
    Entry entry;
    synchronized (this) {
      entry = entries.get(key);
    }
    if (entry == null) {
      return null;
    }
    long ageNanos = nanoClock.getAsLong() - entry.discoveredAtNanos();
    if (ageNanos >= ttl.toNanos()) {
      return null;
    }
    LOG.info("Connector {}: reusing the catalog discovered {} s ago (catalogTtl={}; option "
        + "refreshCatalog=true discovers again)", key.connector(), ageNanos / 1_000_000_000L,
        ttl);
    return copy(entry.catalog());
  }

  /** Callers get streams of their own: a stream's JSON is a mutable tree. */
  private static AirbyteCatalog copy(AirbyteCatalog catalog) {
    return new AirbyteCatalog(
        catalog.streams().stream().map(s -> new AirbyteStream(s.json().deepCopy())).toList());
  }
}
